package vn.signdesk.api.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * {@code GET /health/live} and {@code GET /health/ready}. Live says the process answers; ready says
 * it can do its work: the signer and the TSA are built and the data directory takes a write.
 * Ready answers 503 with the same JSON shape otherwise, so an orchestrator keeps traffic away.
 */
final class ReportHealthHandler {

    private final Vertx vertx;
    private final Supplier<String> runtimeState;
    private final Path dataDir;

    /**
     * @param runtimeState {@code UP}, {@code STARTING} or {@code FAILED}
     */
    ReportHealthHandler(Vertx vertx, Supplier<String> runtimeState, Path dataDir) {
        this.vertx = vertx;
        this.runtimeState = runtimeState;
        this.dataDir = dataDir;
    }

    void live(RoutingContext ctx) {
        json(ctx, 200, new JsonObject().put("status", "UP"));
    }

    void ready(RoutingContext ctx) {
        String runtime = runtimeState.get();
        // a file system call may hang on a sick disk: keep it off the event loop, and off the
        // crypto pool so a busy pool does not make the node look broken
        Future<String> dataDirState = vertx.executeBlocking(this::probeDataDir, false);
        dataDirState.onComplete(done -> {
            String data = done.succeeded() ? done.result() : "DOWN";
            boolean up = "UP".equals(runtime) && "UP".equals(data);
            json(
                    ctx,
                    up ? 200 : 503,
                    new JsonObject()
                            .put("status", up ? "UP" : "DOWN")
                            .put(
                                    "checks",
                                    new JsonObject()
                                            .put("signer", runtime)
                                            .put("timestampAuthority", runtime)
                                            .put("dataDir", data)));
        });
    }

    /** Writes and removes a file, which also catches a full or read-only file system that mode bits do not show. */
    private String probeDataDir() {
        try {
            Path probe = Files.createTempFile(dataDir, ".ready", ".probe");
            Files.delete(probe);
            return "UP";
        } catch (Exception e) {
            return "DOWN";
        }
    }

    private static void json(RoutingContext ctx, int status, JsonObject body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }
}
