package vn.signdesk.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import vn.signdesk.api.SigningRuntime;
import vn.signdesk.signing.DocumentLimits;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.SignatureLevel;

/**
 * {@code POST /v1/timestamp} and {@code POST /v1/extend?level=B-T|B-LT|B-LTA}: add a document
 * timestamp to an {@code application/pdf} body, or raise the signatures it already carries to a
 * higher PAdES level, and answer the new PDF (the input plus incremental updates). Any
 * authenticated channel may do either: neither uses a key of the service.
 *
 * <p>{@link #checkLevel} runs before the body is read, so a request without a usable level is
 * refused before a document is buffered. An unsigned PDF cannot be extended: the core refuses it
 * with an {@code UnsupportedDocumentException} (422).
 */
final class ExtendDocumentHandler {

    static final long MAX_BODY = DocumentLimits.DEFAULT.maxBytes();

    private static final String LEVEL = "signdesk.extendLevel";

    private final Supplier<SigningRuntime> runtime;
    private final CryptoPool pool;

    ExtendDocumentHandler(Supplier<SigningRuntime> runtime, CryptoPool pool) {
        this.runtime = runtime;
        this.pool = pool;
    }

    /** Checks the {@code level} query parameter of {@code /v1/extend}, before the body is read. */
    void checkLevel(RoutingContext ctx) {
        List<String> values = ctx.queryParam("level");
        if (values.size() > 1) {
            throw HttpProblem.badRequest("the query parameter 'level' is given more than once");
        }
        if (values.isEmpty() || values.get(0).isBlank()) {
            throw HttpProblem.badRequest("the query parameter 'level' is required: B-T, B-LT or B-LTA");
        }
        SignatureLevel level;
        try {
            level = SignatureLevel.parse(values.get(0));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
        if (level == SignatureLevel.B_B) {
            throw HttpProblem.badRequest("a signature cannot be extended to B-B: choose B-T, B-LT or B-LTA");
        }
        ctx.put(LEVEL, level);
        ctx.next();
    }

    /** Adds a document timestamp to the body on the crypto pool. */
    void timestamp(RoutingContext ctx) {
        SigningRuntime rt = runtime.get();
        ReceivedBody body = Bodies.received(ctx);
        answerPdf(ctx, body.size(), () -> rt.signer().timestamp(PdfInput.of(body.bytes())));
    }

    /** Extends the body to the level checked by {@link #checkLevel} on the crypto pool. */
    void extend(RoutingContext ctx) {
        SignatureLevel level = ctx.get(LEVEL);
        SigningRuntime rt = runtime.get();
        ReceivedBody body = Bodies.received(ctx);
        answerPdf(ctx, body.size(), () -> rt.signer().extend(PdfInput.of(body.bytes()), level));
    }

    private void answerPdf(RoutingContext ctx, long documentBytes, Callable<byte[]> work) {
        pool.submit(documentBytes, work).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
            } else {
                ctx.response()
                        .putHeader("Content-Type", SignDocumentHandler.PDF)
                        .putHeader("Cache-Control", "no-store");
                RecordAuditHandler.end(ctx, Buffer.buffer(done.result()));
            }
        });
    }
}
