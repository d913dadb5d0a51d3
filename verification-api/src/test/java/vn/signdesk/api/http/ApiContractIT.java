package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import vn.signdesk.api.SignDeskConfig;

/**
 * The OpenAPI document against the running service: it parses as OpenAPI 3.1, it describes every
 * route the router serves (and the router serves every route it describes, but for those other
 * components of the service add), parameters that do not match it are refused with a problem
 * naming them, and it is served as YAML and as a web page.
 */
@ExtendWith(VertxExtension.class)
class ApiContractIT {

    /**
     * Described routes that this build's router does not serve yet: other components add them.
     * When one of them is wired into {@link SignDeskServer}, remove it from here.
     */
    private static final Set<String> SERVED_ELSEWHERE = Set.of();

    @TempDir
    static Path dir;

    static SignDeskServer server;
    static WebClient client;
    static Path dataDir;
    static byte[] pdf;

    @BeforeAll
    @Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
    static void start(Vertx vertx, VertxTestContext started) throws IOException {
        dataDir = dir.resolve("data");
        SignDeskConfig config = DemoServerCalls.demoConfig(dataDir);
        client = WebClient.create(vertx);
        pdf = TestPdfs.aPdf().build();
        DemoServerCalls.startDemo(vertx, config, s -> server = s).onComplete(started.succeedingThenComplete());
    }

    @Test
    void document_isValidAgainstTheOpenApi31Schema(Vertx vertx) throws Exception {
        JsonObject doc = ApiContract.load().document();
        OpenAPIVersion version = OpenAPIVersion.fromContract(doc);
        assertThat(version).isEqualTo(OpenAPIVersion.V3_1);
        SchemaRepository repository = version.getRepository(vertx, "app:///").await(30, TimeUnit.SECONDS);
        OutputUnit result = version.validateContract(vertx, repository, doc).await(30, TimeUnit.SECONDS);
        assertThat(result.getValid()).as("%s", result.getErrors()).isTrue();
    }

    @Test
    void document_parsesAsOpenApi31ForTheValidator(Vertx vertx) throws Exception {
        OpenAPIContract contract = ApiContract.load().parametersOnly(vertx).await(30, TimeUnit.SECONDS);
        assertThat(contract.getVersion()).isEqualTo(OpenAPIVersion.V3_1);
        assertThat(contract.operations()).hasSizeGreaterThanOrEqualTo(20);
        assertThat(contract.securityScheme("apiKey").getType()).isEqualTo("http");
        assertThat(contract.securityScheme("mutualTls").getType()).isEqualTo("mutualTLS");
    }

    @Test
    void document_describesEveryServedRoute_andServesEveryDescribedOne() {
        JsonObject paths = ApiContract.load().document().getJsonObject("paths");
        Set<String> described = new TreeSet<>();
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                described.add(method.toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        Set<String> servedButUndescribed = new TreeSet<>();
        Set<String> describedAndServed = new TreeSet<>();
        for (Route route : server.routes()) {
            if (route.methods() == null || route.methods().isEmpty()) {
                continue; // a handler for every request under a path (logging, authentication), not an endpoint
            }
            String path = route.getPath();
            assertThat(path).as("every endpoint has a path, not a pattern").isNotNull();
            for (HttpMethod method : route.methods()) {
                Set<String> matches = new TreeSet<>();
                for (String d : described) {
                    String dMethod = d.substring(0, d.indexOf(' '));
                    String dPath = d.substring(d.indexOf(' ') + 1);
                    boolean samePath = route.isExactPath()
                            ? dPath.equals(path.replaceAll(":([A-Za-z0-9_]+)", "{$1}"))
                            : dPath.startsWith(path);
                    if (dMethod.equals(method.name()) && samePath) {
                        matches.add(d);
                    }
                }
                if (matches.isEmpty()) {
                    servedButUndescribed.add(method.name() + " " + path + (route.isExactPath() ? "" : "*"));
                }
                describedAndServed.addAll(matches);
            }
        }
        assertThat(servedButUndescribed)
                .as("routes the router serves but openapi.yaml does not describe")
                .isEmpty();
        Set<String> describedNotServed = new TreeSet<>(described);
        describedNotServed.removeAll(describedAndServed);
        assertThat(describedNotServed)
                .as(
                        "routes openapi.yaml describes but the router does not serve (update SERVED_ELSEWHERE when wiring one)")
                .isEqualTo(new TreeSet<>(SERVED_ELSEWHERE));
    }

    @Test
    void openapiYaml_isOpenAndIsTheDocument() {
        HttpResponse<Buffer> r = send(HttpMethod.GET, "/openapi.yaml", null, null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).startsWith("application/yaml");
        Map<String, Object> yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(r.bodyAsString());
        assertThat(yaml.get("openapi")).isEqualTo("3.1.0");
        assertThat(new JsonObject(new JsonObject(yaml).encode()))
                .isEqualTo(ApiContract.load().document());
    }

    @Test
    void docs_isASelfContainedPageListingEveryRoute() {
        HttpResponse<Buffer> r = send(HttpMethod.GET, "/docs", null, null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).startsWith("text/html");
        String html = r.bodyAsString();
        assertThat(html).startsWith("<!DOCTYPE html>").contains("/openapi.yaml");
        for (String path : ApiContract.load().document().getJsonObject("paths").fieldNames()) {
            assertThat(html).contains("<code>" + ApiDocsPage.esc(path) + "</code>");
        }
        assertThat(html).contains("<code>level</code>").contains("B-LTA").contains("Retry-After");
        // nothing loaded from elsewhere: the service may be offline
        assertThat(html).doesNotContain("<script").doesNotContain("src=\"http").doesNotContain("href=\"http");
    }

    @Test
    void sign_levelNotInTheContract_is400NamingTheParameter() {
        HttpResponse<Buffer> r = post("/v1/sign?profile=department-seal&level=B-X", "department");
        assertInvalidParameter(r, "level", "query");
    }

    @Test
    void verify_reportNotInTheContract_is400NamingTheParameter() {
        assertInvalidParameter(post("/v1/verify?report=foo", "branch"), "report", "query");
        assertInvalidParameter(post("/v1/verify?report=json&lang=de", "branch"), "lang", "query");
    }

    @Test
    void sign_missingOrMalformedParameters_are400NamingThem() {
        assertInvalidParameter(post("/v1/sign?level=B-T", "department"), "profile", "query");
        assertInvalidParameter(
                post("/v1/sign?profile=department-seal&visible=maybe", "department"), "visible", "query");
        assertInvalidParameter(post("/v1/extend?level=B-B", "resident"), "level", "query");
    }

    @Test
    void validParameters_passTheValidator() {
        HttpResponse<Buffer> r = post("/v1/verify?report=json&lang=en", "branch");
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getString("verdict")).isEqualTo("NO_SIGNATURE");
    }

    @Test
    void invalidParameter_withoutCredential_isStill401() {
        HttpResponse<Buffer> r = send(HttpMethod.POST, "/v1/verify?report=foo", "application/pdf", null, pdf);
        DemoServerCalls.assertProblem(r, 401, "unauthorized", dir);
    }

    // --- helpers

    private static void assertInvalidParameter(HttpResponse<Buffer> r, String name, String in) {
        DemoServerCalls.assertProblem(r, 400, "invalid-parameter", dir);
        JsonObject problem = r.bodyAsJsonObject();
        assertThat(problem.getString("parameter")).isEqualTo(name);
        assertThat(problem.getString("in")).isEqualTo(in);
        assertThat(problem.getString("detail")).contains("'" + name + "'");
    }

    private static HttpResponse<Buffer> post(String pathAndQuery, String role) {
        return send(
                HttpMethod.POST,
                pathAndQuery,
                "application/pdf",
                "Bearer " + DemoServerCalls.credentials(dataDir).getString(role),
                pdf);
    }

    private static HttpResponse<Buffer> send(
            HttpMethod method, String path, String contentType, String authorization, byte[] body) {
        return DemoServerCalls.send(client, server.port(), method, path, contentType, authorization, body);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
