package vn.signdesk.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Supplier;
import vn.signdesk.api.SigningProfile;
import vn.signdesk.api.SigningRuntime;
import vn.signdesk.api.credentials.Principal;
import vn.signdesk.signing.DocumentLimits;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.SigningKey;

/**
 * {@code POST /v1/sign?profile=&level=&visible=}: signs an {@code application/pdf} body with the
 * key of a signing profile and answers the signed PDF.
 *
 * <p>Two steps on one route: {@link #authorize} runs before the body is read and checks the query
 * and that the caller's role may use the profile (a resident channel never reaches a department
 * seal); {@link #sign} runs after it and hands the work to the crypto pool. {@code level} defaults
 * to the profile's level; {@code visible=true} draws the profile's Decree 30/2020 appearance.
 */
final class SignDocumentHandler {

    static final String PDF = "application/pdf";
    static final long MAX_BODY = DocumentLimits.DEFAULT.maxBytes();

    private static final String REQUEST = "signdesk.signRequest";

    /** What {@link #authorize} found in the query: the profile the caller may use, the level, the appearance. */
    record SignRequest(SigningProfile profile, SignatureLevel level, boolean visible) {}

    private final Supplier<SigningRuntime> runtime;
    private final CryptoPool pool;

    SignDocumentHandler(Supplier<SigningRuntime> runtime, CryptoPool pool) {
        this.runtime = runtime;
        this.pool = pool;
    }

    /** Checks the query parameters and the caller's right to the profile, before the body is read. */
    void authorize(RoutingContext ctx) {
        SigningProfile profile = permittedProfile(ctx, runtime.get(), "department-seal");
        String levelText = param(ctx, "level");
        SignatureLevel level;
        try {
            level = levelText == null ? profile.defaultLevel() : SignatureLevel.parse(levelText);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(e.getMessage());
        }
        String visible = param(ctx, "visible");
        if (visible != null && !visible.equalsIgnoreCase("true") && !visible.equalsIgnoreCase("false")) {
            throw HttpProblem.badRequest("the query parameter 'visible' is true or false");
        }
        ctx.put(REQUEST, new SignRequest(profile, level, "true".equalsIgnoreCase(visible)));
        ctx.next();
    }

    /** The request {@link #authorize} checked, for the handlers after it. */
    static SignRequest request(RoutingContext ctx) {
        return ctx.get(REQUEST);
    }

    /** Signs the body on the crypto pool and answers the signed PDF. */
    void sign(RoutingContext ctx) {
        SignRequest request = request(ctx);
        SigningRuntime rt = runtime.get();
        ReceivedBody body = Bodies.received(ctx);
        pool.submit(body.size(), () -> {
                    PdfInput document = PdfInput.of(body.bytes());
                    SigningKey key = rt.key(request.profile());
                    return rt.signer()
                            .sign(
                                    document,
                                    key,
                                    rt.options(request.profile(), key, request.level(), request.visible()));
                })
                .onComplete(done -> {
                    if (done.failed()) {
                        ctx.fail(done.cause());
                    } else {
                        ctx.put(
                                ServiceMetrics.SIGNATURE,
                                new ServiceMetrics.Signature(
                                        request.profile().name(),
                                        request.level().label()));
                        ctx.response().putHeader("Content-Type", PDF).putHeader("Cache-Control", "no-store");
                        RecordAuditHandler.end(ctx, Buffer.buffer(done.result()));
                    }
                });
    }

    /**
     * The profile named by {@code ?profile=}, if the caller's role may sign with it (an admin may use
     * every profile): 400 when the parameter is missing, 403 when the role may not.
     *
     * @param example a profile name for the message of a missing parameter
     */
    static SigningProfile permittedProfile(RoutingContext ctx, SigningRuntime rt, String example) {
        String profileName = param(ctx, "profile");
        if (profileName == null) {
            throw HttpProblem.badRequest("the query parameter 'profile' is required, e.g. ?profile=" + example);
        }
        SigningProfile profile = rt.profile(profileName);
        Principal principal = AuthenticateHandler.principal(ctx);
        if (!principal.mayUse(profile.roles())) {
            throw new HttpProblem(
                    403,
                    "forbidden",
                    "Not allowed",
                    "the '" + principal.role() + "' credential may not sign with the profile '" + profile.name() + "'");
        }
        return profile;
    }

    /** The single value of a query parameter, or null when absent or empty; 400 when given twice. */
    static String param(RoutingContext ctx, String name) {
        List<String> values = ctx.queryParam(name);
        if (values.size() > 1) {
            throw HttpProblem.badRequest("the query parameter '" + name + "' is given more than once");
        }
        return values.isEmpty() || values.get(0).isBlank()
                ? null
                : values.get(0).trim();
    }
}
