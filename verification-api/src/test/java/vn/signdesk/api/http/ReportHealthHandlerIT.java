package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.store.JobStore;
import vn.signdesk.api.store.SqliteStore;

/** {@code /health/ready} over real HTTP on loopback, with checks that fail in each way a probe can. */
@ExtendWith(VertxExtension.class)
class ReportHealthHandlerIT {

    @TempDir
    Path dir;

    private HttpResponse<Buffer> ready(Vertx vertx, List<ReadinessCheck> checks) throws Exception {
        Router router = Router.router(vertx);
        ReportHealthHandler health = new ReportHealthHandler(vertx, checks, Duration.ofMillis(300));
        router.get("/health/ready").handler(health::ready);
        HttpServer server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        try {
            return WebClient.create(vertx)
                    .get(server.actualPort(), "127.0.0.1", "/health/ready")
                    .send()
                    .await(10, TimeUnit.SECONDS);
        } finally {
            server.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void ready_everyCheckUp_is200WithEachDetail(Vertx vertx) throws Exception {
        HttpResponse<Buffer> r = ready(
                vertx, List.of(new ReadinessCheck("a", () -> "fine"), new ReadinessCheck("store", () -> "pinged")));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject body = r.bodyAsJsonObject();
        assertThat(body.getString("status")).isEqualTo("UP");
        assertThat(body.getJsonObject("checks").getJsonObject("store").getMap())
                .containsEntry("status", "UP")
                .containsEntry("detail", "pinged");
    }

    @Test
    void ready_oneCheckDownOneHangingOneCrashing_is503NamingEachWithoutInternals(Vertx vertx) throws Exception {
        HttpResponse<Buffer> r = ready(
                vertx,
                List.of(
                        new ReadinessCheck("keys", () -> "3 open"),
                        new ReadinessCheck("dataDir", () -> {
                            throw new IllegalStateException("the data directory takes no write");
                        }),
                        new ReadinessCheck("timestampAuthority", () -> {
                            Thread.sleep(2_000);
                            return "late";
                        }),
                        new ReadinessCheck("store", () -> {
                            throw new java.io.IOException("/secret/path/db.sqlite is locked");
                        })));

        assertThat(r.statusCode()).isEqualTo(503);
        JsonObject checks = r.bodyAsJsonObject().getJsonObject("checks");
        assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
        assertThat(checks.getJsonObject("keys").getString("status")).isEqualTo("UP");
        assertThat(checks.getJsonObject("dataDir").getMap())
                .containsEntry("status", "DOWN")
                .containsEntry("detail", "the data directory takes no write");
        assertThat(checks.getJsonObject("timestampAuthority").getString("detail"))
                .isEqualTo("no answer within 300 ms");
        assertThat(checks.getJsonObject("store").getString("detail")).isEqualTo("failed (IOException)");
        assertThat(r.bodyAsString()).doesNotContain("/secret/path");
    }

    @Test
    void ready_standardChecksBeforeTheRuntimeWithAnUnwritableDataDir_is503(Vertx vertx) throws Exception {
        // a file where the directory should be: no write succeeds, whoever runs the test
        Path notADirectory = Files.writeString(dir.resolve("data"), "not a directory");
        Supplier<vn.signdesk.api.SigningRuntime> none = () -> null;
        Path storeDir = Files.createDirectories(dir.resolve("store"));
        HttpResponse<Buffer> r;
        try (SqliteStore store =
                SqliteStore.open(storeDir, java.time.Clock.systemUTC(), "node", JobStore.DEFAULT_LEASE)) {
            r = ready(
                    vertx,
                    ReadinessChecks.standard(none, () -> "STARTING", List.of("department-seal"), notADirectory, store));
        }

        assertThat(r.statusCode()).isEqualTo(503);
        JsonObject checks = r.bodyAsJsonObject().getJsonObject("checks");
        assertThat(checks.fieldNames())
                .containsExactly("signer", "keys", "profile:department-seal", "timestampAuthority", "dataDir", "store");
        assertThat(checks.getJsonObject("signer").getString("detail")).isEqualTo("the signer is being built");
        assertThat(checks.getJsonObject("keys").getString("detail")).isEqualTo("the signer is not built yet");
        assertThat(checks.getJsonObject("dataDir").getMap())
                .containsEntry("status", "DOWN")
                .containsEntry("detail", "the data directory takes no write");
        assertThat(checks.getJsonObject("store").getString("status")).isEqualTo("UP");
        assertThat(r.bodyAsString()).doesNotContain(dir.toString());
    }
}
