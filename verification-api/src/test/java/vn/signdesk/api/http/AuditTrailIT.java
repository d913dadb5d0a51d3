package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.SignDeskConfig;
import vn.signdesk.api.cli.Cli;

/**
 * The audit trail of a demo service over real HTTP: a record for every answer of {@code /v1/*} and
 * {@code /tsa}, success and failure, matched by the {@code X-Request-Id} the client got; the admin
 * route and {@code signdesk audit verify} on an intact and on a tampered chain; and the 503 that
 * replaces an answer the trail cannot record. The tests share one service; the last one closes its
 * audit trail.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditTrailIT {

    @TempDir
    static Path dir;

    static Path dataDir;
    static SignDeskServer server;
    static WebClient client;
    static byte[] pdf;

    @BeforeAll
    @Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
    static void start(Vertx vertx, VertxTestContext started) throws IOException {
        dataDir = dir.resolve("data");
        SignDeskConfig config = SignDeskConfig.fromEnvironment(Map.of(
                "SIGNDESK_DATA_DIR",
                dataDir.toString(),
                "SIGNDESK_HTTP_PORT",
                "0",
                "SIGNDESK_AUDIT_TIMESTAMP_INTERVAL",
                "1"));
        client = WebClient.create(vertx);
        pdf = TestPdfs.aPdf().build();
        DemoServerCalls.startDemo(vertx, config, s -> server = s).onComplete(started.succeedingThenComplete());
    }

    @Test
    @Order(1)
    void sign_success_isRecordedWithWhoWhatDocumentAndOutcome() throws Exception {
        HttpResponse<Buffer> r =
                post("/v1/sign?profile=department-seal&level=B-B", "application/pdf", "department", pdf);

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        Map<String, Object> record = record(r.getHeader("X-Request-Id"));
        String key = credentials().getString("department");
        assertThat(record)
                .containsEntry("role", "department")
                .containsEntry("key_id", ApiKeys.keyId(key))
                .containsEntry("operation", "POST /v1/sign")
                .containsEntry("document_sha256", sha256(pdf))
                .containsEntry("profile", "department-seal")
                .containsEntry("status", 200)
                .containsEntry("outcome", "ok");
        assertThat((String) record.get("key_id")).matches("[0-9a-f]{12}");
        for (String file : List.of("signdesk.db", "signdesk.db-wal")) {
            if (Files.exists(dataDir.resolve(file))) {
                assertThat(new String(Files.readAllBytes(dataDir.resolve(file)), StandardCharsets.ISO_8859_1))
                        .as("the key itself is never stored")
                        .doesNotContain(key);
            }
        }
    }

    @Test
    @Order(2)
    void failures_ofEveryKind_areRecordedWithTheirProblemType() throws Exception {
        HttpResponse<Buffer> forbidden = post("/v1/sign?profile=department-seal", "application/pdf", "resident", pdf);
        HttpResponse<Buffer> anonymous = DemoServerCalls.send(
                client, server.port(), HttpMethod.POST, "/v1/verify", "application/pdf", null, pdf);
        HttpResponse<Buffer> notPdf = post("/v1/timestamp", "application/pdf", "branch", "not a pdf".getBytes());
        HttpResponse<Buffer> badJson = post("/v1/sign/complete", "application/json", "resident", "{".getBytes());
        HttpResponse<Buffer> noRoute = post("/v1/nothing-here", "application/pdf", "branch", pdf);

        assertThat(record(forbidden.getHeader("X-Request-Id")))
                .containsEntry("status", 403)
                .containsEntry("outcome", "forbidden")
                .containsEntry("role", "resident")
                .containsEntry("profile", "department-seal");
        assertThat(record(anonymous.getHeader("X-Request-Id")))
                .containsEntry("status", 401)
                .containsEntry("outcome", "unauthorized")
                .containsEntry("role", "anonymous")
                .containsEntry("key_id", null);
        assertThat(record(notPdf.getHeader("X-Request-Id")))
                .containsEntry("operation", "POST /v1/timestamp")
                .containsEntry("status", 400)
                .containsEntry("outcome", "invalid-document")
                .containsEntry("document_sha256", sha256("not a pdf".getBytes()));
        assertThat(record(badJson.getHeader("X-Request-Id")))
                .containsEntry("operation", "POST /v1/sign/complete")
                .containsEntry("status", 400)
                .containsEntry("outcome", "invalid-request");
        assertThat(record(noRoute.getHeader("X-Request-Id")))
                .containsEntry("status", 404)
                .containsEntry("outcome", "not-found");
    }

    @Test
    @Order(3)
    void everyRoute_success_isRecordedUnderItsOperation() throws Exception {
        HttpResponse<Buffer> verify = post("/v1/verify", "application/pdf", "branch", pdf);
        HttpResponse<Buffer> timestamp = post("/v1/timestamp", "application/pdf", "branch", pdf);
        HttpResponse<Buffer> extend = post(
                "/v1/extend?level=B-T",
                "application/pdf",
                "branch",
                timestamp.body().getBytes());
        HttpResponse<Buffer> prepare = post("/v1/sign/prepare", "application/json", "resident", "{}".getBytes());
        byte[] query = new TimeStampRequestGenerator()
                .generate(
                        NISTObjectIdentifiers.id_sha256,
                        MessageDigest.getInstance("SHA-256").digest(pdf),
                        BigInteger.ONE)
                .getEncoded();
        HttpResponse<Buffer> tsa = DemoServerCalls.send(
                client, server.port(), HttpMethod.POST, "/tsa", "application/timestamp-query", null, query);

        assertThat(verify.statusCode()).isEqualTo(200);
        assertThat(timestamp.statusCode()).isEqualTo(200);
        assertThat(tsa.statusCode()).isEqualTo(200);
        assertThat(record(verify.getHeader("X-Request-Id")))
                .containsEntry("operation", "POST /v1/verify")
                .containsEntry("outcome", "ok")
                .containsEntry("document_sha256", sha256(pdf));
        assertThat(record(timestamp.getHeader("X-Request-Id"))).containsEntry("operation", "POST /v1/timestamp");
        assertThat(record(extend.getHeader("X-Request-Id")))
                .containsEntry("operation", "POST /v1/extend")
                .containsEntry("status", extend.statusCode());
        assertThat(record(prepare.getHeader("X-Request-Id")))
                .containsEntry("operation", "POST /v1/sign/prepare")
                .containsEntry("status", 400);
        assertThat(record(tsa.getHeader("X-Request-Id")))
                .containsEntry("operation", "POST /tsa")
                .containsEntry("role", "anonymous")
                .containsEntry("status", 200)
                .containsEntry("outcome", "ok");
    }

    @Test
    @Order(4)
    void requestId_givenByTheCaller_isEchoedAndRecorded() throws Exception {
        HttpResponse<Buffer> r = client.request(HttpMethod.POST, server.port(), "127.0.0.1", "/v1/verify")
                .putHeader("Content-Type", "application/pdf")
                .putHeader("Authorization", "Bearer " + credentials().getString("branch"))
                .putHeader("X-Request-Id", "portal-2026-000123")
                .sendBuffer(Buffer.buffer(pdf))
                .await(2, TimeUnit.MINUTES);

        assertThat(r.getHeader("X-Request-Id")).isEqualTo("portal-2026-000123");
        assertThat(record("portal-2026-000123")).containsEntry("operation", "POST /v1/verify");
    }

    @Test
    @Order(5)
    void adminVerify_intactChain_reportsItAndTheTimestampedHead() throws Exception {
        HttpResponse<Buffer> notAdmin = get("/v1/admin/audit/verify", "department");
        DemoServerCalls.assertProblem(notAdmin, 403, "forbidden", dir);

        // the head is timestamped every second in this test
        JsonObject report = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            HttpResponse<Buffer> r = get("/v1/admin/audit/verify", "admin");
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
            report = r.bodyAsJsonObject();
            if (report.getLong("lastTimestampedSeq") != null) {
                break;
            }
            Thread.sleep(300);
        }
        assertThat(report.getBoolean("intact")).as(report.encode()).isTrue();
        assertThat(report.getLong("records")).isGreaterThan(5);
        assertThat(report.getValue("firstBrokenSeq")).isNull();
        assertThat(report.getValue("reason")).isNull();
        assertThat(report.getLong("lastTimestampedSeq")).isPositive();
        assertThat(report.containsKey("firstBrokenSeq")).isTrue();

        CliRun cli = cli();
        assertThat(cli.code()).as(cli.out()).isZero();
        assertThat(cli.out()).contains("audit trail intact");
    }

    @Test
    @Order(6)
    void tamperedRecord_isNamedAsTheFirstBrokenLinkByRouteAndCommandLine() throws Exception {
        long seq = ((Number) record(post("/v1/verify", "application/pdf", "branch", pdf)
                                .getHeader("X-Request-Id"))
                        .get("seq"))
                .longValue();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("signdesk.db"));
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_records SET role = 'admin' WHERE seq = " + seq);
        }
        try {
            HttpResponse<Buffer> r = get("/v1/admin/audit/verify", "admin");
            JsonObject report = r.bodyAsJsonObject();
            assertThat(report.getBoolean("intact")).isFalse();
            assertThat(report.getLong("firstBrokenSeq")).isEqualTo(seq);
            assertThat(report.getString("reason")).contains("record " + seq);

            CliRun cli = cli();
            assertThat(cli.code()).isEqualTo(1);
            assertThat(cli.out()).contains("BROKEN at record " + seq + ":");
        } finally {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("signdesk.db"));
                    Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE audit_records SET role = 'branch' WHERE seq = " + seq);
            }
        }
        assertThat(get("/v1/admin/audit/verify", "admin").bodyAsJsonObject().getBoolean("intact"))
                .isTrue();
    }

    @Test
    @Order(100)
    void auditTrailClosed_operationResultIsWithheldWith503() {
        server.store().audit().close();

        HttpResponse<Buffer> r = post("/v1/verify", "application/pdf", "branch", pdf);

        DemoServerCalls.assertProblem(r, 503, "audit-unavailable", dir);
        assertThat(r.getHeader("Retry-After")).isNotBlank();
        assertThat(r.bodyAsString()).doesNotContain("verdict");
        DemoServerCalls.assertProblem(
                post("/v1/sign?profile=department-seal", "application/pdf", "resident", pdf),
                503,
                "audit-unavailable",
                dir);
    }

    private record CliRun(int code, String out) {}

    /** The audit record of a request id, column name to value. */
    private static Map<String, Object> record(String requestId) throws Exception {
        assertThat(requestId).isNotBlank();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("signdesk.db"));
                PreparedStatement s = c.prepareStatement("SELECT * FROM audit_records WHERE request_id = ?")) {
            s.setString(1, requestId);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("a record for request " + requestId).isTrue();
                Map<String, Object> row = new java.util.HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnName(i), rs.getObject(i));
                }
                assertThat(rs.next()).as("one record for request " + requestId).isFalse();
                return row;
            }
        }
    }

    private static CliRun cli() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(
                        Map.of("SIGNDESK_DATA_DIR", dataDir.toString()),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Clock.systemUTC())
                .run(List.of("audit", "verify"));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<Buffer> post(String path, String contentType, String role, byte[] body) {
        return DemoServerCalls.send(
                client,
                server.port(),
                HttpMethod.POST,
                path,
                contentType,
                "Bearer " + credentials().getString(role),
                body);
    }

    private static HttpResponse<Buffer> get(String path, String role) {
        return DemoServerCalls.send(
                client,
                server.port(),
                HttpMethod.GET,
                path,
                null,
                "Bearer " + credentials().getString(role),
                null);
    }

    private static JsonObject credentials() {
        return DemoServerCalls.credentials(dataDir);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
