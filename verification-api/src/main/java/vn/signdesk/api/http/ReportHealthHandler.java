package vn.signdesk.api.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /health/live} and {@code GET /health/ready}. Live says the process answers; ready runs
 * the {@link ReadinessCheck}s and answers 200 when all are up, 503 otherwise (so an orchestrator
 * keeps traffic away), with one entry per check:
 *
 * <pre>
 * {"status": "UP|DOWN", "checks": {"keys": {"status": "UP", "detail": "3 signing profile keys open"}, ...}}
 * </pre>
 *
 * <p>Implementation notes. Probes may touch a sick disk or a key token, so they run on Vert.x's
 * worker pool, not the event loop, and not the crypto pool either: a busy crypto pool must not make
 * the node look broken. They run concurrently, each bounded by {@link #CHECK_TIMEOUT}; a probe that
 * times out is DOWN.
 */
final class ReportHealthHandler {

    /** How long one probe may take before it counts as down. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final List<ReadinessCheck> checks;
    private final Duration timeout;

    ReportHealthHandler(Vertx vertx, List<ReadinessCheck> checks) {
        this(vertx, checks, CHECK_TIMEOUT);
    }

    ReportHealthHandler(Vertx vertx, List<ReadinessCheck> checks, Duration timeout) {
        this.vertx = vertx;
        this.checks = List.copyOf(checks);
        this.timeout = timeout;
    }

    void live(RoutingContext ctx) {
        json(ctx, 200, new JsonObject().put("status", "UP"));
    }

    void ready(RoutingContext ctx) {
        List<Future<JsonObject>> results = new ArrayList<>();
        for (ReadinessCheck check : checks) {
            results.add(vertx.executeBlocking(check.probe(), false)
                    .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .map(detail -> new JsonObject().put("status", "UP").put("detail", detail))
                    .otherwise(e -> new JsonObject().put("status", "DOWN").put("detail", reason(e, timeout))));
        }
        Future.join(results).onComplete(all -> {
            JsonObject byName = new JsonObject();
            boolean up = true;
            for (int i = 0; i < checks.size(); i++) {
                JsonObject result = results.get(i).result();
                byName.put(checks.get(i).name(), result);
                up &= "UP".equals(result.getString("status"));
            }
            json(
                    ctx,
                    up ? 200 : 503,
                    new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", byName));
        });
    }

    /** A checks' own messages are written for anyone to read; other exceptions may name internals. */
    private static String reason(Throwable e, Duration timeout) {
        if (e instanceof IllegalStateException && e.getMessage() != null) {
            return e.getMessage();
        }
        if (e instanceof java.util.concurrent.TimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        return "failed (" + e.getClass().getSimpleName() + ")";
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }
}
