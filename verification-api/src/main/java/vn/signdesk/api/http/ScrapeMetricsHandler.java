package vn.signdesk.api.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics}: the {@link ServiceMetrics} in the Prometheus text format, open like
 * {@code /health/*} (CONTRACT.md). Reading the registry takes microseconds and touches no disk or
 * network, so it runs on the event loop.
 */
final class ScrapeMetricsHandler implements Handler<RoutingContext> {

    private final ServiceMetrics metrics;

    ScrapeMetricsHandler(ServiceMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Type", ServiceMetrics.CONTENT_TYPE)
                .putHeader("Cache-Control", "no-store")
                .end(metrics.scrape());
    }
}
