package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.SignDeskConfig;
import vn.signdesk.api.store.SqliteDatabase;

/**
 * Batch signing over real HTTP on a demo service: a multipart form of PDFs becomes a durable job
 * whose state counts the documents done; each signed document and the ZIP of all of them verify;
 * a document that is not a usable PDF fails alone; the edge refuses bad forms with typed problems,
 * and every answer is in the audit trail.
 */
@ExtendWith(VertxExtension.class)
class BatchSigningIT {

    private static final String BOUNDARY = "signdesk-test-boundary";

    @TempDir
    static Path dir;

    static Path dataDir;
    static SignDeskServer server;
    static WebClient client;

    @BeforeAll
    @Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
    static void start(Vertx vertx, VertxTestContext started) {
        dataDir = dir.resolve("data");
        SignDeskConfig config = DemoServerCalls.demoConfig(dataDir);
        client = WebClient.create(vertx);
        DemoServerCalls.startDemo(vertx, config, s -> server = s).onComplete(started.succeedingThenComplete());
    }

    @Test
    void batch_threePdfs_allSignedOneByOneAndAsAZipThatVerify() throws Exception {
        Map<String, byte[]> documents = new LinkedHashMap<>();
        documents.put("Quyết định 1.pdf", TestPdfs.aPdf().build());
        documents.put("decision-2.pdf", TestPdfs.aPdf().pages(2).build());
        documents.put("../../etc/decision-3", TestPdfs.aPdf().build());

        HttpResponse<Buffer> accepted =
                submit("?profile=department-seal&level=B-T&visible=true", "department", documents);

        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        String id = accepted.bodyAsJsonObject().getString("id");
        assertThat(accepted.getHeader("Location")).isEqualTo("/v1/sign/batch/" + id);
        JsonObject status = awaitDone(id, "department");
        assertThat(status.getInteger("documentsDone")).isEqualTo(3);
        assertThat(status.getInteger("documentsTotal")).isEqualTo(3);
        JsonArray states = status.getJsonArray("documents");
        assertThat(states.stream().map(d -> ((JsonObject) d).getString("state")))
                .containsOnly("signed");
        assertThat(states.stream().map(d -> ((JsonObject) d).getString("name")))
                .containsExactly("001-Quyet_dinh_1.pdf", "002-decision-2.pdf", "003-decision-3.pdf");

        for (int n = 1; n <= 3; n++) {
            HttpResponse<Buffer> signed =
                    call(HttpMethod.GET, "/v1/sign/batch/" + id + "/" + n, null, "department", null);
            assertThat(signed.statusCode()).isEqualTo(200);
            assertThat(signed.getHeader("Content-Type")).isEqualTo("application/pdf");
            assertVerifies(signed.body().getBytes());
        }
        HttpResponse<Buffer> zip = call(HttpMethod.GET, "/v1/sign/batch/" + id + "/zip", null, "department", null);
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.getHeader("Content-Type")).isEqualTo("application/zip");
        Map<String, byte[]> entries = unzip(zip.body().getBytes());
        assertThat(entries.keySet())
                .containsExactly("001-Quyet_dinh_1.pdf", "002-decision-2.pdf", "003-decision-3.pdf");
        assertThat(entries.get("002-decision-2.pdf"))
                .isEqualTo(call(HttpMethod.GET, "/v1/sign/batch/" + id + "/2", null, "department", null)
                        .body()
                        .getBytes());
        assertThat(auditedOperations(List.of(accepted.getHeader("X-Request-Id"), zip.getHeader("X-Request-Id"))))
                .containsExactly("POST /v1/sign/batch 202", "GET /v1/sign/batch/" + id + "/zip 200");
    }

    @Test
    void batch_oneDocumentNotUsable_failsAloneAndTheOthersAreSigned() throws Exception {
        Map<String, byte[]> documents = new LinkedHashMap<>();
        documents.put("good.pdf", TestPdfs.aPdf().build());
        documents.put("broken.pdf", "%PDF-1.7\nthis is not a PDF after all".getBytes(StandardCharsets.US_ASCII));

        HttpResponse<Buffer> accepted = submit("?profile=department-seal", "department", documents);
        String id = accepted.bodyAsJsonObject().getString("id");
        JsonObject status = awaitDone(id, "department");

        JsonArray states = status.getJsonArray("documents");
        assertThat(states.getJsonObject(0).getString("state")).isEqualTo("signed");
        assertThat(states.getJsonObject(1).getString("state")).isEqualTo("failed");
        assertThat(states.getJsonObject(1).getString("error")).isNotBlank();
        assertThat(states.getJsonObject(1).getString("type"))
                .isEqualTo("https://signdesk.vn/problems/invalid-document");
        HttpResponse<Buffer> failed = call(HttpMethod.GET, "/v1/sign/batch/" + id + "/2", null, "department", null);
        DemoServerCalls.assertProblem(failed, 409, "document-not-signed", dir);
        assertThat(unzip(call(HttpMethod.GET, "/v1/sign/batch/" + id + "/zip", null, "department", null)
                                .body()
                                .getBytes())
                        .keySet())
                .containsExactly("001-good.pdf");
    }

    @Test
    void batch_residentAskingForTheDepartmentSeal_is403BeforeTheBodyIsRead() {
        HttpResponse<Buffer> r = submit(
                "?profile=department-seal",
                "resident",
                Map.of("a.pdf", TestPdfs.aPdf().build()));

        DemoServerCalls.assertProblem(r, 403, "forbidden", dir);
    }

    @Test
    void batch_badForms_areTypedProblems() throws Exception {
        byte[] pdf = TestPdfs.aPdf().build();
        DemoServerCalls.assertProblem(
                call(HttpMethod.POST, "/v1/sign/batch?profile=department-seal", "application/pdf", "department", pdf),
                415,
                "unsupported-media-type",
                dir);
        DemoServerCalls.assertProblem(
                call(
                        HttpMethod.POST,
                        "/v1/sign/batch?profile=department-seal",
                        "multipart/form-data; boundary=" + BOUNDARY,
                        "department",
                        "no parts at all".getBytes(StandardCharsets.US_ASCII)),
                400,
                "invalid-request",
                dir);
        DemoServerCalls.assertProblem(
                submit("?profile=department-seal", "department", Map.of("scan.png", new byte[] {
                    (byte) 0x89, 'P', 'N', 'G'
                })),
                415,
                "unsupported-document",
                dir);
        Map<String, byte[]> tooMany = new LinkedHashMap<>();
        for (int i = 0; i <= BatchJobs.MAX_DOCUMENTS; i++) {
            tooMany.put("d" + i + ".pdf", pdf);
        }
        DemoServerCalls.assertProblem(
                submit("?profile=department-seal", "department", tooMany), 413, "too-many-documents", dir);
        DemoServerCalls.assertProblem(
                submit("?profile=department-seal&level=B-XL", "department", Map.of("a.pdf", pdf)),
                400,
                "invalid-parameter",
                dir);
    }

    @Test
    void status_ofAnotherRoleOrAnUnknownDocument_isNotFound() throws Exception {
        HttpResponse<Buffer> accepted = submit(
                "?profile=department-seal",
                "department",
                Map.of("a.pdf", TestPdfs.aPdf().build()));
        String id = accepted.bodyAsJsonObject().getString("id");
        awaitDone(id, "department");

        DemoServerCalls.assertProblem(
                call(HttpMethod.GET, "/v1/sign/batch/" + id, null, "branch", null), 404, "not-found", dir);
        assertThat(call(HttpMethod.GET, "/v1/sign/batch/" + id, null, "admin", null)
                        .statusCode())
                .isEqualTo(200);
        DemoServerCalls.assertProblem(
                call(HttpMethod.GET, "/v1/sign/batch/" + id + "/2", null, "department", null), 404, "not-found", dir);
        DemoServerCalls.assertProblem(
                call(HttpMethod.GET, "/v1/sign/batch/0123456789abcdef0123456789abcdef", null, "department", null),
                404,
                "not-found",
                dir);
    }

    /** A multipart/form-data body with one {@code document} part per entry, as a browser sends it. */
    static byte[] form(Map<String, byte[]> documents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> d : documents.entrySet()) {
            out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"document\"; filename=\""
                            + d.getKey() + "\"\r\nContent-Type: application/pdf\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.write(d.getValue());
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static HttpResponse<Buffer> submit(String query, String role, Map<String, byte[]> documents) {
        try {
            return call(
                    HttpMethod.POST,
                    "/v1/sign/batch" + query,
                    "multipart/form-data; boundary=" + BOUNDARY,
                    role,
                    form(documents));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonObject awaitDone(String id, String role) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            JsonObject status = call(HttpMethod.GET, "/v1/sign/batch/" + id, null, role, null)
                    .bodyAsJsonObject();
            if ("done".equals(status.getString("state"))) {
                return status;
            }
            assertThat(status.getString("state")).as(status.encode()).isIn("queued", "running");
            Thread.sleep(100);
        }
        throw new AssertionError("batch " + id + " not done within 2 minutes");
    }

    private static void assertVerifies(byte[] signed) {
        JsonObject report = call(HttpMethod.POST, "/v1/verify", "application/pdf", "department", signed)
                .bodyAsJsonObject();
        assertThat(report.getString("verdict")).as(report.encodePrettily()).isEqualTo("TOTAL_PASSED");
        assertThat(report.getJsonArray("signatures").getJsonObject(0).getString("level"))
                .isEqualTo("PAdES-BASELINE-T");
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    private static List<String> auditedOperations(List<String> requestIds) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteDatabase.FILE));
                Statement s = c.createStatement()) {
            for (String id : requestIds) {
                try (ResultSet rs = s.executeQuery("SELECT operation, status FROM audit_records WHERE request_id = '"
                        + id.replace("'", "") + "'")) {
                    while (rs.next()) {
                        found.add(rs.getString(1) + " " + rs.getInt(2));
                    }
                }
            }
        }
        return found;
    }

    private static HttpResponse<Buffer> call(
            HttpMethod method, String path, String contentType, String role, byte[] body) {
        return DemoServerCalls.send(client, server.port(), method, path, contentType, "Bearer " + key(role), body);
    }

    private static String key(String role) {
        try {
            return new JsonObject(Files.readString(dataDir.resolve(ApiKeys.DEMO_FILE))).getString(role);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
