package vn.signdesk.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Supplier;
import vn.signdesk.api.ReportFormat;
import vn.signdesk.api.SigningRuntime;
import vn.signdesk.signing.DocumentLimits;
import vn.signdesk.signing.InvalidRequestException;
import vn.signdesk.signing.PdfInput;

/**
 * {@code POST /v1/verify?report=json|etsi|html|pdf&lang=vi|en}: verifies every signature of an
 * {@code application/pdf} body and answers the report (JSON by default). Any authenticated channel
 * may verify. A signature that does not hold is a report with status 200, not an error.
 */
final class VerifyDocumentHandler {

    static final long MAX_BODY = DocumentLimits.DEFAULT.maxBytes();

    private static final String FORMAT = "signdesk.reportFormat";
    private static final String LANG = "signdesk.reportLang";

    private final Supplier<SigningRuntime> runtime;
    private final CryptoPool pool;

    VerifyDocumentHandler(Supplier<SigningRuntime> runtime, CryptoPool pool) {
        this.runtime = runtime;
        this.pool = pool;
    }

    /** Checks the query before the body is read. */
    void checkQuery(RoutingContext ctx) {
        try {
            ctx.put(FORMAT, ReportFormat.parse(single(ctx, "report")));
        } catch (InvalidRequestException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
        String lang = single(ctx, "lang");
        if (lang != null && !lang.equals("vi") && !lang.equals("en")) {
            throw HttpProblem.badRequest("the query parameter 'lang' is vi or en");
        }
        ctx.put(LANG, lang == null ? "vi" : lang);
        ctx.next();
    }

    /** Verifies the body on the crypto pool and answers the rendered report. */
    void verify(RoutingContext ctx) {
        ReportFormat format = ctx.get(FORMAT);
        String lang = ctx.get(LANG);
        SigningRuntime rt = runtime.get();
        ReceivedBody body = Bodies.received(ctx);
        pool.submit(
                        body.size(),
                        () -> format.render(rt.verifier().verify(PdfInput.of(body.bytes()), format.options()), lang))
                .onComplete(done -> {
                    if (done.failed()) {
                        ctx.fail(done.cause());
                    } else {
                        ctx.response()
                                .putHeader("Content-Type", format.contentType())
                                .putHeader("Cache-Control", "no-store");
                        RecordAuditHandler.end(ctx, Buffer.buffer(done.result()));
                    }
                });
    }

    private static String single(RoutingContext ctx, String name) {
        List<String> values = ctx.queryParam(name);
        if (values.size() > 1) {
            throw HttpProblem.badRequest("the query parameter '" + name + "' is given more than once");
        }
        return values.isEmpty() || values.get(0).isBlank()
                ? null
                : values.get(0).trim();
    }
}
