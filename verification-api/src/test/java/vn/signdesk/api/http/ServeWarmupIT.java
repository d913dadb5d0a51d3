package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.SignDeskConfig;

/**
 * The warm-up of {@code signdesk serve} ({@link SignDeskServer#startFor}): readiness waits for it and
 * says how far it is, it records nothing in the audit trail, and embedded servers do not warm up.
 */
class ServeWarmupIT {

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final HttpClient http = ServiceJar.httpClient();
    private SignDeskServer server;

    @AfterEach
    void close() throws Exception {
        if (server != null) {
            server.close().await(60, TimeUnit.SECONDS);
        }
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void startFor_warmupAsked_readinessWaitsForItWhileTheSignerIsUpAndRecordsNothing() throws Exception {
        SignDeskConfig config = SignDeskConfig.fromEnvironment(Map.of(
                "SIGNDESK_DATA_DIR", dir.resolve("data").toString(),
                "SIGNDESK_HTTP_PORT", "0",
                "SIGNDESK_WARMUP_MAX_SECONDS", "4"));
        server = SignDeskServer.startFor(vertx, config, Clock.systemUTC(), Map.of())
                .await(60, TimeUnit.SECONDS);

        List<String> warmingWithSignerUp = new ArrayList<>();
        JsonObject ready = null;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (ready == null && System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health/ready"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonObject checks = new JsonObject(r.body()).getJsonObject("checks");
            if (r.statusCode() == 200) {
                ready = checks;
            } else if ("UP".equals(checks.getJsonObject("signer").getString("status"))) {
                assertThat(checks.getJsonObject("warmup").getString("status")).isEqualTo("DOWN");
                warmingWithSignerUp.add(checks.getJsonObject("warmup").getString("detail"));
            }
            Thread.sleep(50);
        }

        assertThat(ready).as("ready within 3 minutes").isNotNull();
        assertThat(warmingWithSignerUp)
                .as("not ready while it warms up, though the signer is built")
                .isNotEmpty()
                .allMatch(detail -> detail.equals("making its documents") || detail.startsWith("warming up: "));
        assertThat(server.ready().succeeded()).isTrue();
        assertThat(ready.getJsonObject("warmup").getString("status")).isEqualTo("UP");
        assertThat(ready.getJsonObject("warmup").getString("detail"))
                .matches("(steady|stopped at its time limit) after \\d+ s \\(\\d+ rounds\\): \\d+ operations/s, .*");
        assertThat(server.store().audit().verify(List.of()).records())
                .as("audit records after the warm-up alone")
                .isZero();
    }

    @Test
    void startDemo_embedded_isReadyWithoutAWarmupCheck() throws Exception {
        DemoServerCalls.startDemo(vertx, DemoServerCalls.demoConfig(dir.resolve("data")), s -> server = s)
                .await(3, TimeUnit.MINUTES);

        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health/ready"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(new JsonObject(r.body()).getJsonObject("checks").fieldNames())
                .contains("signer")
                .doesNotContain("warmup");
    }
}
