package vn.signdesk.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import vn.signdesk.api.SigningProfile;
import vn.signdesk.api.SigningRuntime;
import vn.signdesk.api.credentials.Principal;
import vn.signdesk.ocr.OcrLimits;
import vn.signdesk.signing.DocumentLimits;
import vn.signdesk.signing.SignatureLevel;

/**
 * {@code GET /v1/me}: who the caller is to the service: its role, the operations the web page offers
 * it, the signing profiles it may use, and the limits uploads are held to, so the page can offer only
 * what the role may do and refuse an oversized file before sending it. The routes still decide:
 * this answer grants nothing.
 *
 * <p>The operations: {@code verify} for every role; {@code ocr} (OCR and certify an electronic copy)
 * for a role that may use a copy-stamp profile; {@code sign} for a role that may use a seal profile;
 * the admin role may do all three.
 */
final class DescribeCallerHandler {

    private final Supplier<SigningRuntime> runtime;

    DescribeCallerHandler(Supplier<SigningRuntime> runtime) {
        this.runtime = runtime;
    }

    void describe(RoutingContext ctx) {
        Principal caller = AuthenticateHandler.principal(ctx);
        String role = caller.role();
        List<SigningProfile> usable = new ArrayList<>();
        for (SigningProfile p : runtime.get().profiles()) {
            if (caller.mayUse(p.roles())) {
                usable.add(p);
            }
        }
        JsonArray profiles = new JsonArray();
        usable.forEach(p -> profiles.add(new JsonObject()
                .put("name", p.name())
                .put("level", p.defaultLevel().label())
                .put(
                        "appearance",
                        p.appearance().name().toLowerCase(Locale.ROOT).replace('_', '-'))));
        JsonArray levels = new JsonArray();
        for (SignatureLevel level : SignatureLevel.values()) {
            levels.add(level.label());
        }
        JsonObject body = new JsonObject()
                .put("role", role)
                .put("operations", new JsonArray(operations(caller.isAdmin(), usable)))
                .put("profiles", profiles)
                .put("levels", levels)
                .put(
                        "limits",
                        new JsonObject()
                                .put("maxUploadBytes", DocumentLimits.DEFAULT.maxBytes())
                                .put("maxPages", DocumentLimits.DEFAULT.maxPages())
                                .put("maxScanBytes", OcrLimits.DEFAULT.maxBytes())
                                .put("maxScanPages", OcrLimits.DEFAULT.maxPages()));
        ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store");
        RecordAuditHandler.end(ctx, Buffer.buffer(body.encode()));
    }

    /** What the page offers a role with these profiles. */
    static List<String> operations(boolean admin, List<SigningProfile> usable) {
        List<String> ops = new ArrayList<>(List.of("verify"));
        if (admin || usable.stream().anyMatch(p -> p.appearance() == SigningProfile.Appearance.COPY_STAMP)) {
            ops.add("ocr");
        }
        if (admin || usable.stream().anyMatch(p -> p.appearance() == SigningProfile.Appearance.SEAL)) {
            ops.add("sign");
        }
        return ops;
    }
}
