package vn.signdesk.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /openapi.yaml} and {@code GET /docs}: the OpenAPI document as written, and the same
 * document rendered into a self-contained HTML page ({@link ApiDocsPage}). Both are open and built
 * once, at start-up.
 */
final class ServeApiDocsHandler {

    static final String YAML = "application/yaml; charset=utf-8";
    static final String HTML = "text/html; charset=utf-8";

    private final Buffer yaml;
    private final Buffer html;

    ServeApiDocsHandler(ApiContract contract) {
        this.yaml = Buffer.buffer(contract.yaml().getBytes(StandardCharsets.UTF_8));
        this.html = Buffer.buffer(ApiDocsPage.render(contract.document()).getBytes(StandardCharsets.UTF_8));
    }

    void yaml(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Type", YAML)
                .putHeader("Cache-Control", "max-age=300")
                .end(yaml);
    }

    void html(RoutingContext ctx) {
        ctx.response()
                .putHeader("Content-Type", HTML)
                .putHeader("Cache-Control", "max-age=300")
                // the page has no script and loads nothing from elsewhere: say so to the browser
                .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer")
                .end(html);
    }
}
