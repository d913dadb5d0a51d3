package vn.signdesk.api.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics}: the {@link ServiceMetrics} in the Prometheus text format, open like
 * {@code /health/*} (CONTRACT.md).
 *
 * <p>Implementation notes. A scrape formats every series (about 20 KB) and reads the JVM's
 * management beans: a millisecond when the machine is idle, more under load, so it runs on Vert.x's
 * worker pool (not the crypto pool, so a busy service can still be observed) and never on the event
 * loop.
 */
final class ScrapeMetricsHandler implements Handler<RoutingContext> {

    private final Vertx vertx;
    private final ServiceMetrics metrics;

    ScrapeMetricsHandler(Vertx vertx, ServiceMetrics metrics) {
        this.vertx = vertx;
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        vertx.executeBlocking(metrics::scrape, false).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
            } else {
                ctx.response()
                        .putHeader("Content-Type", ServiceMetrics.CONTENT_TYPE)
                        .putHeader("Cache-Control", "no-store")
                        .end(done.result());
            }
        });
    }
}
