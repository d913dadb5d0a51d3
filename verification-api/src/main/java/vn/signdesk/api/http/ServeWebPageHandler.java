package vn.signdesk.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /} and {@code GET /app/{version}/{asset}}: the web page for the people at the counters
 * (verify, OCR and certify, sign), served by the service itself with every asset it needs, so it
 * works on a desk with no internet. The page calls the {@code /v1} API with the channel's
 * credential; it has no privileges of its own.
 *
 * <p>Implementation notes. The assets are hand-written ES modules, one style sheet and an icon,
 * read from the class path ({@code app/} beside this class) once, at start-up. Their URLs carry a
 * version, the first 12 hex digits of a SHA-256 over all of them, so they are cached for a year as
 * immutable and a new build is fetched at once: {@code index.html} names the versioned URLs and is
 * itself revalidated on every load (its ETag is the version). Modules import each other by relative
 * URL, so the version reaches them all. Every answer carries the page's security headers ({@link
 * #securityHeaders}): a Content-Security-Policy that allows nothing inline and nothing from another
 * origin, {@code nosniff}, no referrer.
 */
final class ServeWebPageHandler {

    /** The assets of the page, beside {@code index.html} in {@code app/}. */
    static final List<String> ASSETS = List.of(
            "app.css",
            "icon.svg",
            "main.js",
            "api.js",
            "i18n.js",
            "errors.js",
            "dom.js",
            "signin.js",
            "verify.js",
            "ocr.js",
            "sign.js");

    /** The page's policy: scripts and styles from this origin only, never inline; images may be blobs. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' blob: data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
            + "form-action 'self'";

    private static final String INDEX = "index.html";
    private static final String VERSION_MARK = "{{version}}";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private record Asset(Buffer body, String contentType) {}

    private final String version;
    private final Map<String, Asset> assets;
    private final Buffer index;

    private ServeWebPageHandler(String version, Map<String, Asset> assets, Buffer index) {
        this.version = version;
        this.assets = assets;
        this.index = index;
    }

    /** Reads the page and its assets from the class path. */
    static ServeWebPageHandler load() {
        Map<String, Asset> assets = new LinkedHashMap<>();
        MessageDigest digest = sha256();
        for (String name : ASSETS) {
            byte[] bytes = read(name);
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update(bytes);
            assets.put(name, new Asset(Buffer.buffer(bytes), contentType(name)));
        }
        byte[] template = read(INDEX);
        digest.update(template);
        String version = HexFormat.of().formatHex(digest.digest()).substring(0, 12);
        String html = new String(template, StandardCharsets.UTF_8).replace(VERSION_MARK, version);
        return new ServeWebPageHandler(version, Map.copyOf(assets), Buffer.buffer(html));
    }

    /** The version in the assets' URLs. */
    String version() {
        return version;
    }

    /** {@code GET /}: the page, revalidated on each load. */
    void index(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        securityHeaders(response);
        String etag = "\"" + version + "\"";
        response.putHeader("Cache-Control", "no-cache").putHeader("ETag", etag);
        if (etag.equals(ctx.request().getHeader("If-None-Match"))) {
            response.setStatusCode(304).end();
            return;
        }
        response.putHeader("Content-Type", ServeApiDocsHandler.HTML).end(index);
    }

    /** {@code GET /app/{version}/{asset}}: an asset of this build, cached as immutable; 404 otherwise. */
    void asset(RoutingContext ctx) {
        Asset asset = version.equals(ctx.pathParam("version")) ? assets.get(ctx.pathParam("asset")) : null;
        if (asset == null) {
            ctx.fail(404);
            return;
        }
        HttpServerResponse response = ctx.response();
        securityHeaders(response);
        response.putHeader("Content-Type", asset.contentType())
                .putHeader("Cache-Control", IMMUTABLE)
                .end(asset.body());
    }

    /** The headers every answer of the page carries. */
    static void securityHeaders(HttpServerResponse response) {
        response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Referrer-Policy", "no-referrer");
    }

    static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
            case "js" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "html" -> ServeApiDocsHandler.HTML;
            default -> throw new IllegalStateException("no content type for the page asset " + name);
        };
    }

    private static byte[] read(String name) {
        try (InputStream in = ServeWebPageHandler.class.getResourceAsStream("app/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the page asset " + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the page asset " + name, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
