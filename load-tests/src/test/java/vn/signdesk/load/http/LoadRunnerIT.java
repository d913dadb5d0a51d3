package vn.signdesk.load.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.SignDeskConfig;
import vn.signdesk.api.http.ApiKeys;
import vn.signdesk.api.http.SignDeskServer;

/**
 * A short run of the load runner against the real service started in this JVM (demo mode, its own
 * PKI in a temporary data directory): every scenario for under a second at two requests in flight,
 * the open-loop phase, the heap sampler on this JVM, and the report; so the runner cannot rot.
 */
class LoadRunnerIT {

    @TempDir
    static Path dataDir;

    private static Vertx vertx;
    private static SignDeskServer server;

    @BeforeAll
    static void startService() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        SignDeskConfig config = SignDeskConfig.fromEnvironment(
                Map.of("SIGNDESK_HTTP_PORT", Integer.toString(port), "SIGNDESK_DATA_DIR", dataDir.toString()));
        vertx = Vertx.vertx();
        server = SignDeskServer.startDemo(vertx, config, Clock.systemUTC()).await(60, TimeUnit.SECONDS);
        server.ready().await(120, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stopService() throws Exception {
        if (server != null) {
            server.close().await(40, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void run_everyScenarioBriefly_noErrorsThroughputAndAReport(@TempDir Path reportDir) throws Exception {
        LoadRunner.Settings settings = new LoadRunner.Settings(
                URI.create("http://127.0.0.1:" + server.port()),
                dataDir.resolve(ApiKeys.DEMO_FILE),
                ProcessHandle.current().pid(),
                reportDir,
                List.of(2),
                0.2,
                0.8,
                0.8,
                List.of(),
                null,
                null,
                "in-process test service",
                true);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        LoadRunner.Result result = LoadRunner.run(settings, new PrintStream(progress, true, StandardCharsets.UTF_8));
        Path md = LoadReport.write(settings, result, reportDir);
        System.out.print(progress.toString(StandardCharsets.UTF_8));

        assertThat(result.scenarios())
                .extracting(Scenario::id)
                .containsExactly(
                        "sign-1p-B-B",
                        "sign-1p-B-T",
                        "sign-1p-B-LTA",
                        "sign-20p-B-B",
                        "sign-20p-B-T",
                        "sign-20p-B-LTA",
                        "verify-1p",
                        "verify-20p",
                        "verify-5sig",
                        "tsa",
                        "mixed");
        assertThat(result.closed()).hasSize(11).allSatisfy(m -> {
            assertThat(m.errors()).as(m.scenario() + " " + m.errorSamples()).isZero();
            assertThat(m.requests()).as(m.scenario()).isPositive();
            assertThat(m.requestsPerSecond()).as(m.scenario()).isPositive();
            assertThat(m.latencyMicros().getTotalCount()).isEqualTo(m.requests());
            assertThat(m.peakHeapBytes())
                    .as("heap sampled during " + m.scenario())
                    .isPositive();
        });
        assertThat(result.openLoopOrNull()).isNotNull().satisfies(open -> {
            assertThat(open.errors()).as(open.errorSamples().toString()).isZero();
            assertThat(open.requests()).isPositive();
            assertThat(open.targetRate())
                    .isCloseTo(
                            result.peakRequestsPerSecond("verify-1p") / 2,
                            org.assertj.core.data.Percentage.withPercentage(0.1));
        });
        assertThat(result.errors()).isZero();
        String report = Files.readString(md, StandardCharsets.UTF_8);
        assertThat(report).contains("| errors | none").contains("| tsa | 2 |").contains("| verify-1p |");
        assertThat(Files.readString(reportDir.resolve("report.html"), StandardCharsets.UTF_8))
                .contains("<svg")
                .contains("<polyline")
                .doesNotContain("<script");
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("open loop: verify-1p");
    }
}
