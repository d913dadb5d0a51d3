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
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.SignDeskConfig;
import vn.signdesk.api.cli.Cli;
import vn.signdesk.api.store.LocalPostgres;

/**
 * Two demo nodes on one PostgreSQL database ({@link LocalPostgres}) and one data directory, over
 * real HTTP: both ready with their store check up, an OCR job accepted by one is followed and
 * downloaded through the other, a two-step signature prepared on one is completed on the other
 * (the token key lives in the database), and the requests of both land once each in one audit
 * chain that both the admin route and {@code signdesk audit verify} find intact.
 */
@ExtendWith(VertxExtension.class)
class SharedStoreIT {

    private static final Path SCAN = Path.of("../../shared/corpus/D_ocr/tess-phototest.tif");

    @TempDir
    static Path dir;

    static URI database;
    static Map<String, String> env;
    static SignDeskServer nodeA;
    static SignDeskServer nodeB;
    static WebClient client;

    @BeforeAll
    @Timeout(value = 4, timeUnit = TimeUnit.MINUTES)
    static void start(Vertx vertx, VertxTestContext started) {
        database = LocalPostgres.shared().emptyDatabaseFor(SharedStoreIT.class);
        env = Map.of(
                "SIGNDESK_DATA_DIR",
                dir.resolve("data").toString(),
                "SIGNDESK_HTTP_PORT",
                "0",
                "SIGNDESK_STORE_URL",
                database.toString(),
                "SIGNDESK_STORE_PASSWORD_FILE",
                LocalPostgres.shared().passwordFile().toString());
        SignDeskConfig config = SignDeskConfig.fromEnvironment(env);
        client = WebClient.create(vertx);
        // one after the other: the first creates the demo PKI and credentials, the second reads them
        DemoServerCalls.startDemo(vertx, config, s -> nodeA = s)
                .compose(a -> DemoServerCalls.startDemo(vertx, config, s -> nodeB = s))
                .onComplete(started.succeedingThenComplete());
    }

    @AfterAll
    static void stop() throws Exception {
        for (SignDeskServer node : new SignDeskServer[] {nodeA, nodeB}) {
            if (node != null) {
                node.close().await(1, TimeUnit.MINUTES);
            }
        }
    }

    @Test
    void ready_bothNodes_storeCheckIsUp() {
        for (SignDeskServer node : List.of(nodeA, nodeB)) {
            HttpResponse<Buffer> r =
                    DemoServerCalls.send(client, node.port(), HttpMethod.GET, "/health/ready", null, null, null);
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
            assertThat(r.bodyAsJsonObject()
                            .getJsonObject("checks")
                            .getJsonObject("store")
                            .getString("status"))
                    .isEqualTo("UP");
        }
    }

    @Test
    void ocr_acceptedByNodeA_isFollowedAndDownloadedThroughNodeB() throws Exception {
        HttpResponse<Buffer> accepted =
                call(nodeA, HttpMethod.POST, "/v1/ocr?lang=eng", "image/tiff", "branch", Files.readAllBytes(SCAN));
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        String id = accepted.bodyAsJsonObject().getString("id");

        JsonObject status = awaitDone(nodeB, id);
        assertThat(status.getInteger("pagesDone")).isEqualTo(1);
        HttpResponse<Buffer> text = call(nodeB, HttpMethod.GET, "/v1/ocr/" + id + "/text", null, "branch", null);
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.bodyAsString()).contains("This is a lot of 12 point text");
        HttpResponse<Buffer> otherRole = call(nodeB, HttpMethod.GET, "/v1/ocr/" + id, null, "resident", null);
        assertThat(otherRole.statusCode()).isEqualTo(404);
    }

    @Test
    void audit_requestsToBothNodes_eachRecordedOnceInOneIntactChain() throws Exception {
        byte[] pdf = TestPdfs.aPdf().build();
        List<String> requestIds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            SignDeskServer node = i % 2 == 0 ? nodeA : nodeB;
            HttpResponse<Buffer> r = call(node, HttpMethod.POST, "/v1/verify", "application/pdf", "branch", pdf);
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
            requestIds.add(r.getHeader("X-Request-Id"));
        }

        try (Connection c = LocalPostgres.shared().connect(database);
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM audit_records WHERE request_id = ?")) {
            for (String id : requestIds) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).as(id).isEqualTo(1);
                }
            }
        }
        HttpResponse<Buffer> check = call(nodeB, HttpMethod.GET, "/v1/admin/audit/verify", null, "admin", null);
        assertThat(check.statusCode()).isEqualTo(200);
        assertThat(check.bodyAsJsonObject().getBoolean("intact"))
                .as(check.bodyAsString())
                .isTrue();
        assertThat(check.bodyAsJsonObject().getLong("records")).isGreaterThanOrEqualTo(10);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = new Cli(
                        env,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        Clock.systemUTC())
                .run(List.of("audit", "verify"));
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("audit trail intact: ");
    }

    @Test
    void twoStep_preparedOnNodeA_completesOnNodeBWithTheKeyOnlyInTheDatabase() throws Exception {
        SigningRoutesIT.Resident resident =
                SigningRoutesIT.Resident.load(dir.resolve("data").resolve("pki").resolve("resident-ec.p12"));
        byte[] pdf = TestPdfs.aPdf().build();
        JsonObject prepare = new JsonObject()
                .put("document", Base64.getEncoder().encodeToString(pdf))
                .put("certificateChain", resident.chainJson())
                .put("level", "B-T");
        HttpResponse<Buffer> prepared = call(
                nodeA,
                HttpMethod.POST,
                "/v1/sign/prepare",
                "application/json",
                "resident",
                prepare.toBuffer().getBytes());
        assertThat(prepared.statusCode()).as(prepared.bodyAsString()).isEqualTo(200);
        JsonObject complete = new JsonObject()
                .put("document", Base64.getEncoder().encodeToString(pdf))
                .put("token", prepared.bodyAsJsonObject().getString("token"))
                .put("signatureValue", Base64.getEncoder().encodeToString(resident.sign(prepared.bodyAsJsonObject())))
                .put("certificateChain", resident.chainJson());

        HttpResponse<Buffer> signed = call(
                nodeB,
                HttpMethod.POST,
                "/v1/sign/complete",
                "application/json",
                "resident",
                complete.toBuffer().getBytes());

        assertThat(signed.statusCode()).as(signed.bodyAsString()).isEqualTo(200);
        assertThat(signed.getHeader("Content-Type")).isEqualTo("application/pdf");
        assertThat(dir.resolve("data").resolve("two-step-token.key")).doesNotExist();
        try (Connection c = LocalPostgres.shared().connect(database);
                PreparedStatement s = c.prepareStatement("SELECT length(content) FROM shared_values WHERE name = ?")) {
            s.setString(1, "two-step-token.key");
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(32);
            }
        }
    }

    private static JsonObject awaitDone(SignDeskServer node, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            JsonObject status = call(node, HttpMethod.GET, "/v1/ocr/" + id, null, "branch", null)
                    .bodyAsJsonObject();
            if ("done".equals(status.getString("state")) || "failed".equals(status.getString("state"))) {
                assertThat(status.getString("state")).as(status.encode()).isEqualTo("done");
                return status;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("OCR job " + id + " not done within 2 minutes");
    }

    private static HttpResponse<Buffer> call(
            SignDeskServer node, HttpMethod method, String path, String contentType, String role, byte[] body) {
        return DemoServerCalls.send(client, node.port(), method, path, contentType, "Bearer " + key(role), body);
    }

    private static String key(String role) {
        try {
            return new JsonObject(Files.readString(dir.resolve("data").resolve(ApiKeys.DEMO_FILE))).getString(role);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
