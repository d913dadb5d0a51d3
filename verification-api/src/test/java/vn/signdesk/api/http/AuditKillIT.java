package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.store.ChainCheck;
import vn.signdesk.api.store.Database;
import vn.signdesk.api.store.SqliteAuditLog;

/**
 * The audit trail survives {@code kill -9}: the built service ({@code java -jar signdesk.jar serve})
 * takes a burst of concurrent {@code /tsa} and {@code /v1/timestamp} requests and is killed with
 * SIGKILL in the middle of it. Afterwards the chain verifies, and every request that got a 2xx
 * answer has its record, found by the {@code X-Request-Id} the client received. The service then
 * starts again on the same data directory, continues the chain, and at a clean stop (SIGTERM)
 * timestamps its final head.
 */
class AuditKillIT {

    private static final int CLIENTS = 24;
    private static final int SUCCESSES_BEFORE_KILL = 400;

    @TempDir
    Path work;

    private final HttpClient http = ServiceProcess.client();

    private record Answer(String requestId, int status) {}

    @Test
    void killMinus9_duringABurst_everyAnsweredRequestIsInAnIntactChain() throws Exception {
        Path dataDir = work.resolve("data");
        int port = ServiceProcess.freePort();
        Process server = serve(dataDir, port, "serve-1.log");
        List<Answer> answers;
        try {
            awaitReady(port, server, "serve-1.log");
            answers = burstThenKill(port, server, dataDir);
        } finally {
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
        }
        List<Answer> ok = answers.stream().filter(a -> a.status() / 100 == 2).toList();
        assertThat(ok.size()).as("2xx answers before the kill").isGreaterThanOrEqualTo(SUCCESSES_BEFORE_KILL);

        ChainCheck check = SqliteAuditLog.verify(Database.openExisting(dataDir), List.of(tsaCertificate(dataDir)));
        assertThat(check.intact()).as(String.valueOf(check.reasonOrNull())).isTrue();
        Set<String> recorded = recordedRequestIds(dataDir);
        List<String> missing = ok.stream()
                .map(Answer::requestId)
                .filter(id -> !recorded.contains(id))
                .toList();
        assertThat(missing).as("answered with 2xx but not in the audit trail").isEmpty();
        System.out.printf(
                "kill -9 audit test: %d answers (%d 2xx) before SIGKILL, %d records in an intact chain%n",
                answers.size(), ok.size(), check.records());

        // the service starts again on the crashed data directory and goes on with the chain
        Process again = serve(dataDir, port, "serve-2.log");
        try {
            awaitReady(port, again, "serve-2.log");
            String admin = new JsonObject(Files.readString(dataDir.resolve(ApiKeys.DEMO_FILE))).getString("admin");
            HttpResponse<String> verify = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/admin/audit/verify"))
                            .header("Authorization", "Bearer " + admin)
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(verify.statusCode()).as(verify.body()).isEqualTo(200);
            JsonObject report = new JsonObject(verify.body());
            assertThat(report.getBoolean("intact")).as(verify.body()).isTrue();
            assertThat(report.getLong("records")).isGreaterThanOrEqualTo(check.records());
        } finally {
            again.destroy();
            assertThat(again.waitFor(60, TimeUnit.SECONDS))
                    .as("serve stops on SIGTERM")
                    .isTrue();
        }
        ChainCheck afterStop = SqliteAuditLog.verify(Database.openExisting(dataDir), List.of(tsaCertificate(dataDir)));
        assertThat(afterStop.intact())
                .as(String.valueOf(afterStop.reasonOrNull()))
                .isTrue();
        assertThat(afterStop.records()).isGreaterThan(check.records());
        assertThat(afterStop.lastTimestampedSeqOrNull())
                .as("the head is timestamped at a clean stop")
                .isEqualTo(afterStop.records());
    }

    /** Clients send until {@link #SUCCESSES_BEFORE_KILL} 2xx answers have come, then SIGKILL lands mid-burst. */
    private List<Answer> burstThenKill(int port, Process server, Path dataDir) throws Exception {
        String key = new JsonObject(Files.readString(dataDir.resolve(ApiKeys.DEMO_FILE))).getString("branch");
        byte[] pdf = TestPdfs.aPdf().build();
        byte[] query = new TimeStampRequestGenerator()
                .generate(
                        NISTObjectIdentifiers.id_sha256,
                        MessageDigest.getInstance("SHA-256").digest(pdf),
                        BigInteger.ONE)
                .getEncoded();
        URI tsa = URI.create("http://127.0.0.1:" + port + "/tsa");
        URI timestamp = URI.create("http://127.0.0.1:" + port + "/v1/timestamp");
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicInteger successes = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                clients.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        // one request in eight signs a PDF timestamp; the rest are RFC 3161 queries
                        HttpRequest request = (i + client) % 8 == 0
                                ? HttpRequest.newBuilder(timestamp)
                                        .header("Content-Type", "application/pdf")
                                        .header("Authorization", "Bearer " + key)
                                        .timeout(Duration.ofSeconds(30))
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(pdf))
                                        .build()
                                : HttpRequest.newBuilder(tsa)
                                        .header("Content-Type", "application/timestamp-query")
                                        .timeout(Duration.ofSeconds(30))
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(query))
                                        .build();
                        try {
                            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                            answers.add(new Answer(
                                    r.headers().firstValue("X-Request-Id").orElse(null), r.statusCode()));
                            if (r.statusCode() / 100 == 2) {
                                successes.incrementAndGet();
                            }
                        } catch (IOException e) {
                            // the server is gone: no answer, so nothing is owed
                            if (!server.isAlive()) {
                                return null;
                            }
                        }
                    }
                    return null;
                });
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (successes.get() < SUCCESSES_BEFORE_KILL && System.nanoTime() < deadline && server.isAlive()) {
                Thread.sleep(20);
            }
            server.destroyForcibly();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS))
                    .as("clients stop")
                    .isTrue();
        }
        assertThat(answers).allMatch(a -> a.requestId() != null);
        return new ArrayList<>(answers);
    }

    private Process serve(Path dataDir, int port, String log) throws IOException {
        return ServiceProcess.serve(
                work,
                log,
                List.of(),
                Map.of(
                        "SIGNDESK_HTTP_PORT", Integer.toString(port),
                        "SIGNDESK_DATA_DIR", dataDir.toString(),
                        "SIGNDESK_AUDIT_TIMESTAMP_INTERVAL", "1"));
    }

    private void awaitReady(int port, Process server, String log) throws Exception {
        ServiceProcess.awaitReady(http, port, server, work.resolve(log));
    }

    private static Set<String> recordedRequestIds(Path dataDir) throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(Database.FILE));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT request_id FROM audit_records")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static X509Certificate tsaCertificate(Path dataDir) throws Exception {
        try (InputStream in = Files.newInputStream(dataDir.resolve("pki").resolve("tsa.pem"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
