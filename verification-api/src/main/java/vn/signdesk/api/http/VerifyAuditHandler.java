package vn.signdesk.api.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import vn.signdesk.api.SigningRuntime;
import vn.signdesk.api.store.AuditLog;
import vn.signdesk.api.store.ChainCheck;

/**
 * {@code GET /v1/admin/audit/verify}: checks the audit chain (every record's hash and link, every
 * head timestamp token, which must come from the service's own TSA) and answers
 * {@code {"intact", "records", "firstBrokenSeq", "reason", "lastTimestampedSeq"}}, the last three
 * null when there is nothing to say. Only the {@code admin} role may ask (403 otherwise).
 *
 * <p>A broken chain is a result, answered with 200 like a failed signature verification. The check
 * reads the whole trail, so it runs on the worker pool.
 */
final class VerifyAuditHandler implements Handler<RoutingContext> {

    static final String JSON = "application/json";

    private final AuditLog audit;
    private final Supplier<SigningRuntime> runtime;
    private final CryptoPool pool;

    VerifyAuditHandler(AuditLog audit, Supplier<SigningRuntime> runtime, CryptoPool pool) {
        this.audit = audit;
        this.runtime = runtime;
        this.pool = pool;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (!AuthenticateHandler.principal(ctx).isAdmin()) {
            throw new HttpProblem(
                    403, "forbidden", "Not allowed", "only the 'admin' credential may check the audit trail");
        }
        List<X509Certificate> trusted = runtime.get().timestampTrust();
        pool.submit(() -> json(audit.verify(trusted))).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
            } else {
                ctx.response().putHeader("Content-Type", JSON).putHeader("Cache-Control", "no-store");
                RecordAuditHandler.end(ctx, done.result().toBuffer());
            }
        });
    }

    static JsonObject json(ChainCheck check) {
        return new JsonObject()
                .put("intact", check.intact())
                .put("records", check.records())
                .put("firstBrokenSeq", check.firstBrokenSeqOrNull())
                .put("reason", check.reasonOrNull())
                .put("lastTimestampedSeq", check.lastTimestampedSeqOrNull());
    }
}
