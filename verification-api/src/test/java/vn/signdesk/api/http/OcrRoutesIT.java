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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.SignDeskConfig;
import vn.signdesk.api.store.JobStore;
import vn.signdesk.api.store.SqliteStore;
import vn.signdesk.fixtures.VietnameseScans;
import vn.signdesk.signing.PdfBombs;

/**
 * The OCR job routes over real HTTP on a free port with the real Tesseract: a Vietnamese TIFF
 * through queued, running and done, its text and PDF/A, the PDF/A certified with the branch copy
 * profile (checked by poppler's pdfsig), and a job left unfinished by an earlier run resumed at start.
 */
@ExtendWith(VertxExtension.class)
class OcrRoutesIT {

    /** A small scan, for the routes that never read it. */
    private static final byte[] SMALL_SCAN = VietnameseScans.aScan().dpi(100).tiff();

    @TempDir
    static Path dir;

    static Path dataDir;
    static SignDeskServer server;
    static WebClient client;
    static String resumedId;

    @BeforeAll
    @Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
    static void start(Vertx vertx, VertxTestContext started) throws IOException {
        dataDir = dir.resolve("data");
        // a job accepted by an earlier run that stopped before running it
        try (SqliteStore store = SqliteStore.open(dataDir, Clock.systemUTC(), "earlier-run", JobStore.DEFAULT_LEASE)) {
            JobStore.Job job = store.jobs().create(OcrJobs.KIND, "branch", "{\"lang\":\"vie\"}");
            store.files()
                    .write(
                            job.id(),
                            OcrJobs.INPUT_FILE,
                            VietnameseScans.aScan().dpi(200).tiff());
            resumedId = job.id();
        }
        SignDeskConfig config = DemoServerCalls.demoConfig(dataDir);
        client = WebClient.create(vertx);
        DemoServerCalls.startDemo(vertx, config, s -> server = s).onComplete(started.succeedingThenComplete());
    }

    @Test
    void ocr_vietnameseTiff_runsToDoneWithTextAndPdf() throws Exception {
        // '+' written unescaped, as in the README: it arrives as a space and still joins the languages
        HttpResponse<Buffer> accepted = call(
                HttpMethod.POST,
                "/v1/ocr?lang=vie+eng",
                "image/tiff",
                "branch",
                VietnameseScans.tiff(List.of(
                        VietnameseScans.aScan().bilevel().noise(0.003).image(),
                        VietnameseScans.aScan().skewed(1).seed(2).image())));
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        String id = accepted.bodyAsJsonObject().getString("id");
        assertThat(accepted.getHeader("Location")).isEqualTo("/v1/ocr/" + id);

        JsonObject status = awaitDone(id, "branch");
        assertThat(status.getInteger("pagesTotal")).isEqualTo(2);
        assertThat(status.getInteger("pagesDone")).isEqualTo(2);
        assertThat(status.getJsonArray("pages")).hasSize(2);
        assertThat(status.getJsonArray("pages").getJsonObject(0).getDouble("confidence"))
                .isGreaterThan(50);

        HttpResponse<Buffer> text = call(HttpMethod.GET, "/v1/ocr/" + id + "/text", null, "branch", null);
        assertThat(text.statusCode()).isEqualTo(200);
        assertThat(text.getHeader("Content-Type")).startsWith("text/plain");
        assertThat(text.body().toString(StandardCharsets.UTF_8))
                .contains("Độc lập - Tự do - Hạnh phúc")
                .contains("\f");

        HttpResponse<Buffer> pdf = call(HttpMethod.GET, "/v1/ocr/" + id + "/pdf", null, "branch", null);
        assertThat(pdf.statusCode()).isEqualTo(200);
        try (PDDocument doc = Loader.loadPDF(pdf.body().getBytes())) {
            assertThat(doc.getNumberOfPages()).isEqualTo(2);
            assertThat(new String(doc.getDocumentCatalog().getMetadata().toByteArray(), StandardCharsets.UTF_8))
                    .contains("<pdfaid:part>2</pdfaid:part>");
        }
    }

    @Test
    void certify_doneJobWithBranchCopy_isASignedCopyPdfsigValidates() throws Exception {
        // a full A4 page: the copy stamp needs a page of ordinary width
        HttpResponse<Buffer> accepted = call(
                HttpMethod.POST,
                "/v1/ocr?lang=vie",
                "image/tiff",
                "branch",
                VietnameseScans.aScan().bilevel().tiff());
        String id = accepted.bodyAsJsonObject().getString("id");
        awaitDone(id, "branch");

        HttpResponse<Buffer> certified =
                call(HttpMethod.POST, "/v1/ocr/" + id + "/certify?profile=branch-copy", null, "branch", null);
        assertThat(certified.statusCode()).as(certified.bodyAsString()).isEqualTo(200);
        Path signed = dir.resolve("certified.pdf");
        Files.write(signed, certified.body().getBytes());
        assertThat(pdfsig(signed)).contains("Signature is Valid");
    }

    @Test
    void ocr_jobOfAnotherRole_isNotFound() {
        HttpResponse<Buffer> accepted = call(HttpMethod.POST, "/v1/ocr?lang=eng", "image/tiff", "branch", SMALL_SCAN);
        String id = accepted.bodyAsJsonObject().getString("id");

        DemoServerCalls.assertProblem(
                call(HttpMethod.GET, "/v1/ocr/" + id, null, "resident", null), 404, "not-found", dataDir);
        DemoServerCalls.assertProblem(
                call(HttpMethod.GET, "/v1/ocr/" + "0".repeat(32) + "/text", null, "branch", null),
                404,
                "not-found",
                dataDir);
    }

    @Test
    void ocr_resumedJobOfAnEarlierRun_isDone() throws Exception {
        JsonObject status = awaitDone(resumedId, "branch");

        assertThat(status.getInteger("pagesDone")).isEqualTo(1);
        HttpResponse<Buffer> text = call(HttpMethod.GET, "/v1/ocr/" + resumedId + "/text", null, "branch", null);
        assertThat(text.bodyAsString()).contains("Hạnh phúc");
    }

    @Test
    void ocr_badInputs_areProblems() {
        DemoServerCalls.assertProblem(
                call(HttpMethod.POST, "/v1/ocr", "text/plain", "branch", "hello".getBytes()),
                415,
                "unsupported-media-type",
                dataDir);
        DemoServerCalls.assertProblem(
                call(HttpMethod.POST, "/v1/ocr", "image/png", "branch", "not a png at all".getBytes()),
                415,
                "unsupported-document",
                dataDir);
        DemoServerCalls.assertProblem(
                call(HttpMethod.POST, "/v1/ocr?lang=xyz", "image/tiff", "branch", SMALL_SCAN),
                400,
                "invalid-request",
                dataDir);
        DemoServerCalls.assertProblem(
                call(HttpMethod.POST, "/v1/ocr", "image/tiff", null, SMALL_SCAN), 401, "unauthorized", dataDir);
        // refused before it is stored, not when the OCR pool reads its pages
        DemoServerCalls.assertProblem(
                call(HttpMethod.POST, "/v1/ocr", "application/pdf", "branch", PdfBombs.contentStreamBomb(300 << 10)),
                422,
                "document-too-complex",
                dataDir);
    }

    @Test
    void certify_residentOrUnfinishedJob_isRefused() {
        HttpResponse<Buffer> accepted = call(HttpMethod.POST, "/v1/ocr?lang=eng", "image/tiff", "resident", SMALL_SCAN);
        String id = accepted.bodyAsJsonObject().getString("id");

        DemoServerCalls.assertProblem(
                call(HttpMethod.POST, "/v1/ocr/" + id + "/certify?profile=branch-copy", null, "resident", null),
                403,
                "forbidden",
                dataDir);
    }

    private static JsonObject awaitDone(String id, String role) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (System.nanoTime() < deadline) {
            HttpResponse<Buffer> r = call(HttpMethod.GET, "/v1/ocr/" + id, null, role, null);
            assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
            JsonObject status = r.bodyAsJsonObject();
            assertThat(status.getString("state")).isIn("queued", "running", "done");
            if ("done".equals(status.getString("state"))) {
                return status;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("OCR job " + id + " not done in 4 minutes");
    }

    private static HttpResponse<Buffer> call(
            HttpMethod method, String path, String contentType, String roleOrNull, byte[] body) {
        String auth = roleOrNull == null
                ? null
                : "Bearer " + DemoServerCalls.credentials(dataDir).getString(roleOrNull);
        return DemoServerCalls.send(client, server.port(), method, path, contentType, auth, body);
    }

    private static String pdfsig(Path pdf) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("pdfsig", pdf.toString()))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
