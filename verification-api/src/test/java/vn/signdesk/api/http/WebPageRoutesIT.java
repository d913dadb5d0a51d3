package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.signdesk.api.http.DemoServerCalls.assertProblem;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page's routes over real HTTP, without a browser: the page and its assets with their
 * security and cache headers and content types, {@code GET /v1/me} for each demo role, {@code POST
 * /v1/verify/pages}, and the docs page's code spans. What the page does in a browser is {@link
 * WebPageIT}'s.
 */
@ExtendWith(VertxExtension.class)
class WebPageRoutesIT {

    private static final Pattern ASSET_URL = Pattern.compile("/app/([0-9a-f]{12})/([a-z0-9.-]+)");
    private static final Pattern IMPORT = Pattern.compile("from '\\./([a-z0-9-]+\\.js)'");

    @TempDir
    static Path dir;

    static Path dataDir;
    static SignDeskServer server;
    static WebClient client;
    static JsonObject keys;

    @BeforeAll
    @Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
    static void start(Vertx vertx, VertxTestContext started) {
        dataDir = dir.resolve("data");
        client = WebClient.create(vertx);
        DemoServerCalls.startDemo(vertx, DemoServerCalls.demoConfig(dataDir), s -> server = s)
                .onSuccess(ready -> keys = DemoServerCalls.credentials(dataDir))
                .onComplete(started.succeedingThenComplete());
    }

    @Test
    void index_isThePageWithItsSecurityHeaders() {
        HttpResponse<Buffer> r = get("/", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertPageHeaders(r);
        assertThat(r.getHeader("Cache-Control")).isEqualTo("no-cache");
        String html = r.bodyAsString();
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<html lang=\"vi\">");
        assertThat(html).contains("<script type=\"module\" src=\"/app/");
        // nothing inline, nothing from elsewhere: the policy would refuse it anyway
        assertThat(html)
                .doesNotContain("<style")
                .doesNotContain(" style=")
                .doesNotContain("<script>")
                .doesNotContainPattern("\\son[a-z]+=")
                .doesNotContain("http://")
                .doesNotContain("https://")
                .doesNotContain("//cdn");
        assertThat(r.getHeader("ETag")).isEqualTo("\"" + version(html) + "\"");
    }

    @Test
    void index_withItsETag_isNotModified() {
        String etag = get("/", null).getHeader("ETag");

        HttpResponse<Buffer> r = client.request(HttpMethod.GET, server.port(), "127.0.0.1", "/")
                .putHeader("If-None-Match", etag)
                .send()
                .await();

        assertThat(r.statusCode()).isEqualTo(304);
        assertThat(r.body()).isNull();
    }

    @Test
    void assets_everyAssetIsServedImmutableWithItsContentType() {
        String html = get("/", null).bodyAsString();
        String version = version(html);
        Set<String> imported = new TreeSet<>();
        for (String asset : ServeWebPageHandler.ASSETS) {
            HttpResponse<Buffer> r = get("/app/" + version + "/" + asset, null);
            assertThat(r.statusCode()).as(asset).isEqualTo(200);
            assertThat(r.getHeader("Content-Type")).as(asset).isEqualTo(ServeWebPageHandler.contentType(asset));
            assertThat(r.getHeader("Cache-Control")).as(asset).isEqualTo("public, max-age=31536000, immutable");
            assertPageHeaders(r);
            Matcher m = IMPORT.matcher(r.bodyAsString());
            while (m.find()) {
                imported.add(m.group(1));
            }
        }
        assertThat(ServeWebPageHandler.ASSETS)
                .as("every module a module imports is served")
                .containsAll(imported);
        Matcher named = ASSET_URL.matcher(html);
        while (named.find()) {
            assertThat(ServeWebPageHandler.ASSETS).as("assets index.html names").contains(named.group(2));
        }
        assertThat(ServeWebPageHandler.contentType("main.js")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(ServeWebPageHandler.contentType("app.css")).isEqualTo("text/css; charset=utf-8");
        assertThat(ServeWebPageHandler.contentType("icon.svg")).isEqualTo("image/svg+xml");
    }

    @Test
    void asset_ofAnotherBuildOrUnknown_is404Problem() {
        String version = version(get("/", null).bodyAsString());

        assertProblem(get("/app/000000000000/main.js", null), 404, "not-found", dir);
        assertProblem(get("/app/" + version + "/secret.js", null), 404, "not-found", dir);
        assertProblem(get("/app/" + version + "/..%2F..%2Fopenapi.yaml", null), 404, "not-found", dir);
    }

    @Test
    void me_eachDemoRole_isOfferedWhatItMayDo() {
        assertCaller("resident", List.of("verify"), List.of("resident-demo"));
        assertCaller("branch", List.of("verify", "ocr"), List.of("branch-copy"));
        assertCaller("department", List.of("verify", "sign"), List.of("department-seal"));
        assertCaller(
                "admin", List.of("verify", "ocr", "sign"), List.of("department-seal", "branch-copy", "resident-demo"));

        JsonObject me = get("/v1/me", "department").bodyAsJsonObject();
        assertThat(me.getJsonArray("profiles").getJsonObject(0))
                .isEqualTo(new JsonObject()
                        .put("name", "department-seal")
                        .put("level", "B-LTA")
                        .put("appearance", "seal"));
        assertThat(me.getJsonArray("levels")).containsExactly("B-B", "B-T", "B-LT", "B-LTA");
        assertThat(me.getJsonObject("limits"))
                .isEqualTo(new JsonObject()
                        .put("maxUploadBytes", 100L << 20)
                        .put("maxPages", 5000)
                        .put("maxScanBytes", 100L << 20)
                        .put("maxScanPages", 500));
    }

    @Test
    void me_withoutCredential_is401Problem() {
        HttpResponse<Buffer> r = get("/v1/me", null);
        assertProblem(r, 401, "unauthorized", dir);
        assertThat(r.getHeader("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void verifyPages_visiblySignedPdf_drawsItsPageWithTheSealsBox() {
        HttpResponse<Buffer> signed = post(
                "/v1/sign?profile=department-seal&level=B-B&visible=true",
                "department",
                CounterDocuments.application(2));
        assertThat(signed.statusCode()).as(signed.bodyAsString()).isEqualTo(200);

        HttpResponse<Buffer> r =
                post("/v1/verify/pages", "resident", signed.body().getBytes());

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
        JsonObject pages = r.bodyAsJsonObject();
        assertThat(pages.getInteger("pageCount")).isEqualTo(2);
        assertThat(pages.getInteger("pagesLeftOut")).isZero();
        JsonArray signatures = pages.getJsonArray("signatures");
        assertThat(signatures).hasSize(1);
        JsonObject box = signatures.getJsonObject(0).getJsonArray("boxes").getJsonObject(0);
        assertThat(box.getInteger("page")).isEqualTo(1);
        // the demo's visible placement: 100 mm from the left, 200 mm from the top of an A4 page
        assertThat(box.getDouble("left")).isBetween(0.47, 0.48);
        assertThat(box.getDouble("top")).isBetween(0.67, 0.68);
        JsonObject page = pages.getJsonArray("pages").getJsonObject(0);
        assertThat(page.getInteger("page")).isEqualTo(1);
        String image = page.getString("image");
        assertThat(image).startsWith("data:image/png;base64,");
        byte[] png = Base64.getDecoder().decode(image.substring("data:image/png;base64,".length()));
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    @Test
    void verifyPages_notAPdf_is400Problem() {
        HttpResponse<Buffer> r = post("/v1/verify/pages", "branch", "no PDF at all".getBytes(StandardCharsets.UTF_8));
        assertProblem(r, 400, "invalid-document", dir);
    }

    @Test
    void docs_markdownCodeSpans_areShownAsCode() {
        HttpResponse<Buffer> r = get("/docs", null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.bodyAsString())
                .contains("<code>Authorization: Bearer API_KEY</code>")
                .contains("<code>application/problem+json</code>")
                .doesNotContain("`");
    }

    private static void assertCaller(String role, List<String> operations, List<String> profiles) {
        HttpResponse<Buffer> r = get("/v1/me", role);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
        JsonObject me = r.bodyAsJsonObject();
        assertThat(me.getString("role")).isEqualTo(role);
        assertThat(me.getJsonArray("operations").getList()).as(role).isEqualTo(operations);
        assertThat(me.getJsonArray("profiles").stream()
                        .map(p -> ((JsonObject) p).getString("name"))
                        .toList())
                .as(role)
                .isEqualTo(profiles);
    }

    private static void assertPageHeaders(HttpResponse<Buffer> r) {
        assertThat(r.getHeader("Content-Security-Policy"))
                .isEqualTo("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
                        + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
        assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(r.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
    }

    private static String version(String html) {
        Matcher m = ASSET_URL.matcher(html);
        assertThat(m.find()).as("index.html names its assets").isTrue();
        return m.group(1);
    }

    private static HttpResponse<Buffer> get(String path, String roleOrNull) {
        return DemoServerCalls.send(client, server.port(), HttpMethod.GET, path, null, authorization(roleOrNull), null);
    }

    private static HttpResponse<Buffer> post(String path, String role, byte[] pdf) {
        return DemoServerCalls.send(
                client, server.port(), HttpMethod.POST, path, "application/pdf", authorization(role), pdf);
    }

    private static String authorization(String roleOrNull) {
        return roleOrNull == null ? null : "Bearer " + keys.getString(roleOrNull);
    }
}
