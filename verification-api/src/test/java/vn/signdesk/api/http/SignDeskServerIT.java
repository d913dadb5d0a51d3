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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.SignDeskConfig;
import vn.signdesk.pki.DemoPki;

/**
 * The service over real HTTP on a free port, in demo mode with the demo PKI generated in a temporary
 * data directory; what it produces is checked by independent tools (openssl, poppler's pdfsig).
 */
@ExtendWith(VertxExtension.class)
class SignDeskServerIT {

    @TempDir
    static Path dir;

    static Path dataDir;
    static SignDeskServer server;
    static WebClient client;
    static JsonObject credentials;
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
    void healthLive_isUp() {
        HttpResponse<Buffer> r = send(HttpMethod.GET, "/health/live", null, null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("UP");
    }

    @Test
    void healthReady_keysOpenTsaAnswersDataDirWritable_isUpWithDetails() {
        HttpResponse<Buffer> r = send(HttpMethod.GET, "/health/ready", null, null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject body = r.bodyAsJsonObject();
        assertThat(body.getString("status")).isEqualTo("UP");
        JsonObject checks = body.getJsonObject("checks");
        assertThat(checks.fieldNames())
                .containsExactlyInAnyOrder(
                        "signer",
                        "keys",
                        "profile:department-seal",
                        "profile:branch-copy",
                        "profile:resident-demo",
                        "timestampAuthority",
                        "dataDir",
                        "store");
        for (String name : checks.fieldNames()) {
            assertThat(checks.getJsonObject(name).getString("status")).as(name).isEqualTo("UP");
            assertThat(checks.getJsonObject(name).getString("detail")).as(name).isNotBlank();
        }
        assertThat(checks.getJsonObject("keys").getString("detail")).isEqualTo("3 signing profile keys open");
        assertThat(checks.getJsonObject("profile:department-seal").getString("detail"))
                .matches("certificate valid for \\d+ more days; its certificate is valid and not revoked \\(OCSP\\)");
    }

    @Test
    void pkiCa_rootCa_isTheDemoRootCertificate() throws Exception {
        HttpResponse<Buffer> r = send(HttpMethod.GET, "/pki/ca/root-ca.crt", null, null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/pkix-cert");
        X509Certificate served = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(r.body().getBytes()));
        X509Certificate onDisk;
        try (InputStream in = Files.newInputStream(pki("root-ca.pem"))) {
            onDisk = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertThat(served).isEqualTo(onDisk);
    }

    @Test
    void pkiCrl_issuingCa_isACrlSignedByIt() throws Exception {
        HttpResponse<Buffer> r = send(HttpMethod.GET, "/pki/crl/issuing-ca.crl", null, null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/pkix-crl");
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(r.body().getBytes()));
        X509Certificate issuing;
        try (InputStream in = Files.newInputStream(pki("issuing-ca.pem"))) {
            issuing = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        crl.verify(issuing.getPublicKey());
    }

    @Test
    void pkiCa_unknownName_is404Problem() {
        assertProblem(send(HttpMethod.GET, "/pki/ca/nobody.crt", null, null, null), 404, "not-found");
    }

    @Test
    void pkiOcsp_opensslAsksForTheTsaCertificate_isGoodAndVerifies() throws Exception {
        String out = run(
                "openssl",
                "ocsp",
                "-issuer",
                pki("issuing-ca.pem").toString(),
                "-cert",
                pki("tsa.pem").toString(),
                "-url",
                "http://127.0.0.1:" + server.port() + "/pki/ocsp",
                "-CAfile",
                pki("root-ca.pem").toString());
        assertThat(out).contains("Response verify OK").contains(": good");
    }

    @Test
    void tsa_opensslQuery_replyVerifiesWithOpenssl() throws Exception {
        Path data = Files.writeString(dir.resolve("tsa-data.txt"), "hồ sơ số 42");
        Path query = dir.resolve("q.tsq");
        Path reply = dir.resolve("r.tsr");
        run("openssl", "ts", "-query", "-data", data.toString(), "-sha256", "-cert", "-out", query.toString());

        HttpResponse<Buffer> r =
                send(HttpMethod.POST, "/tsa", "application/timestamp-query", null, Files.readAllBytes(query));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/timestamp-reply");
        Files.write(reply, r.body().getBytes());
        String verify = run(
                "openssl",
                "ts",
                "-verify",
                "-in",
                reply.toString(),
                "-queryfile",
                query.toString(),
                "-CAfile",
                pki("root-ca.pem").toString(),
                "-untrusted",
                pki("tsa-chain.pem").toString());
        assertThat(verify).contains("Verification: OK");
    }

    @Test
    void tsa_wrongContentType_is415Problem() {
        HttpResponse<Buffer> r =
                send(HttpMethod.POST, "/tsa", "application/octet-stream", null, new byte[] {0x30, 0x00});
        assertProblem(r, 415, "unsupported-media-type");
        assertThat(r.bodyAsJsonObject().getString("detail")).contains("application/timestamp-query");
    }

    @Test
    void tsa_bodyOverEightKiB_is413Problem() {
        HttpResponse<Buffer> r =
                send(HttpMethod.POST, "/tsa", "application/timestamp-query", null, new byte[8 * 1024 + 1]);
        assertProblem(r, 413, "payload-too-large");
        assertThat(r.bodyAsJsonObject().getString("detail")).contains("8192");
    }

    @Test
    void sign_departmentKeyDepartmentSealBT_pdfsigValid() throws Exception {
        HttpResponse<Buffer> r = sign("department", "profile=department-seal&level=B-T", pdf);

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/pdf");
        assertThat(r.getHeader("X-Request-Id")).isNotBlank();
        Path signed =
                Files.write(dir.resolve("department-seal-bt.pdf"), r.body().getBytes());
        String report = run("pdfsig", signed.toString());
        assertThat(report).contains("Signature is Valid.").contains(DemoPki.DEPARTMENT_SEAL_NAME);
    }

    @Test
    void sign_adminKeyOnResidentProfile_isSigned() throws Exception {
        HttpResponse<Buffer> r = sign("admin", "profile=resident-demo&level=B-B", pdf);

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        Path signed = Files.write(dir.resolve("admin-resident.pdf"), r.body().getBytes());
        assertThat(run("pdfsig", signed.toString()))
                .contains("Signature is Valid.")
                .contains(DemoPki.RESIDENT_NAME);
    }

    @Test
    void sign_withoutAuthorization_is401Problem() {
        HttpResponse<Buffer> r =
                send(HttpMethod.POST, "/v1/sign?profile=department-seal", "application/pdf", null, pdf);
        assertProblem(r, 401, "unauthorized");
        assertThat(r.getHeader("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void sign_unknownKey_is401Problem() {
        HttpResponse<Buffer> r =
                send(HttpMethod.POST, "/v1/sign?profile=department-seal", "application/pdf", "Bearer not-a-key", pdf);
        assertProblem(r, 401, "unauthorized");
    }

    @Test
    void sign_residentKeyOnDepartmentSeal_is403Problem() {
        HttpResponse<Buffer> r = sign("resident", "profile=department-seal&level=B-T", pdf);
        assertProblem(r, 403, "forbidden");
        assertThat(r.bodyAsJsonObject().getString("detail")).contains("department-seal");
    }

    @Test
    void sign_bodyNotAPdf_is400ProblemAndServiceStaysUp() {
        HttpResponse<Buffer> r = sign(
                "department",
                "profile=department-seal&level=B-T",
                "this is a letter, not a PDF".getBytes(StandardCharsets.UTF_8));

        assertProblem(r, 400, "invalid-document");
        assertThat(r.bodyAsJsonObject().getString("detail")).contains("not a PDF");
        assertThat(send(HttpMethod.GET, "/health/ready", null, null, null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void sign_truncatedPdf_isClientProblem() {
        byte[] truncated = Arrays.copyOf(pdf, pdf.length / 2);
        HttpResponse<Buffer> r = sign("department", "profile=department-seal&level=B-B", truncated);
        assertThat(r.statusCode()).isIn(400, 422);
        assertProblem(r, r.statusCode(), r.statusCode() == 400 ? "invalid-document" : "unsupported-document");
    }

    @Test
    void sign_unknownProfile_is400ProblemNamingTheKnownOnes() {
        HttpResponse<Buffer> r = sign("admin", "profile=mayor", pdf);
        assertProblem(r, 400, "invalid-request");
        assertThat(r.bodyAsJsonObject().getString("detail")).contains("department-seal");
    }

    @Test
    void sign_unknownLevel_is400Problem() {
        assertProblem(sign("department", "profile=department-seal&level=B-Z", pdf), 400, "invalid-parameter");
    }

    @Test
    void sign_missingProfile_is400Problem() {
        assertProblem(sign("department", "level=B-T", pdf), 400, "invalid-parameter");
    }

    @Test
    void sign_textBody_is415Problem() {
        HttpResponse<Buffer> r = send(
                HttpMethod.POST,
                "/v1/sign?profile=department-seal",
                "text/plain",
                "Bearer " + credentials().getString("department"),
                pdf);
        assertProblem(r, 415, "unsupported-media-type");
    }

    @Test
    void sign_declaredBodyOver100MiB_is413BeforeTheBodyIsSent() throws IOException {
        String key = credentials().getString("department");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/sign?profile=department-seal HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            + "Authorization: Bearer " + key + "\r\nContent-Type: application/pdf\r\n"
                            + "Content-Length: " + ((100L << 20) + 1) + "\r\n\r\n%PDF-1.7\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // the service closes the connection after the problem instead of reading the rest
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response)
                    .startsWith("HTTP/1.1 413")
                    .contains("application/problem+json")
                    .contains("https://signdesk.vn/problems/payload-too-large");
        }
        assertThat(send(HttpMethod.GET, "/health/live", null, null, null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void verify_signedByDepartment_reportsPassedWithContractFields() {
        HttpResponse<Buffer> signed = sign("department", "profile=department-seal&level=B-LT", pdf);
        assertThat(signed.statusCode()).isEqualTo(200);

        HttpResponse<Buffer> r = send(
                HttpMethod.POST,
                "/v1/verify",
                "application/pdf",
                "Bearer " + credentials().getString("resident"),
                signed.body().getBytes());

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
        JsonObject report = r.bodyAsJsonObject();
        assertThat(report.getString("verdict")).isEqualTo("TOTAL_PASSED");
        assertThat(report.getString("documentSha256")).hasSize(64);
        JsonObject signature = report.getJsonArray("signatures").getJsonObject(0);
        assertThat(signature.getString("indication")).isEqualTo("TOTAL_PASSED");
        assertThat(signature.getString("level")).isEqualTo("PAdES-BASELINE-LT");
        assertThat(signature.getBoolean("intact")).isTrue();
        // B-LT adds the validation data in a revision after the signature: not covered, but harmless
        assertThat(signature.getBoolean("coversWholeDocument")).isFalse();
        assertThat(signature.getString("changesAfterSigning")).isEqualTo("LTA_UPDATES");
        assertThat(signature.getJsonObject("signer").getString("commonName")).isEqualTo(DemoPki.DEPARTMENT_SEAL_NAME);
        assertThat(signature.getJsonObject("revocation").getString("status")).isEqualTo("GOOD");
        assertThat(signature.getJsonObject("messages").getJsonArray("vi")).isNotEmpty();
    }

    @Test
    void verify_reportFormats_haveTheirMediaTypes() {
        String auth = "Bearer " + credentials().getString("branch");
        HttpResponse<Buffer> pdfReport =
                send(HttpMethod.POST, "/v1/verify?report=pdf&lang=en", "application/pdf", auth, pdf);
        assertThat(pdfReport.statusCode()).isEqualTo(200);
        assertThat(pdfReport.getHeader("Content-Type")).isEqualTo("application/pdf");
        assertThat(new String(pdfReport.body().getBytes(0, 5), java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");

        HttpResponse<Buffer> html = send(HttpMethod.POST, "/v1/verify?report=html", "application/pdf", auth, pdf);
        assertThat(html.getHeader("Content-Type")).startsWith("text/html");
        assertThat(html.bodyAsString()).contains("<html");

        byte[] signed = sign("department", "profile=department-seal&level=B-B", pdf)
                .body()
                .getBytes();
        HttpResponse<Buffer> etsi = send(HttpMethod.POST, "/v1/verify?report=etsi", "application/pdf", auth, signed);
        assertThat(etsi.getHeader("Content-Type")).isEqualTo("application/xml");
        assertThat(etsi.bodyAsString()).contains("ValidationReport");
    }

    @Test
    void verify_badQueryOrBody_isProblem() {
        String auth = "Bearer " + credentials().getString("branch");
        assertProblem(
                send(HttpMethod.POST, "/v1/verify?report=docx", "application/pdf", auth, pdf),
                400,
                "invalid-parameter");
        assertProblem(
                send(HttpMethod.POST, "/v1/verify?lang=fr", "application/pdf", auth, pdf), 400, "invalid-parameter");
        assertProblem(
                send(
                        HttpMethod.POST,
                        "/v1/verify",
                        "application/pdf",
                        auth,
                        "not a pdf".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                400,
                "invalid-document");
        assertProblem(send(HttpMethod.POST, "/v1/verify", "application/pdf", null, pdf), 401, "unauthorized");
    }

    @Test
    void unknownRoute_is404Problem() {
        assertProblem(send(HttpMethod.GET, "/nowhere", null, null, null), 404, "not-found");
    }

    @Test
    void demoCredentials_areOwnerOnlyAndHoldEveryRole() throws IOException {
        Path file = dataDir.resolve("demo-credentials.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(credentials().fieldNames()).containsExactlyInAnyOrder("resident", "branch", "department", "admin");
    }

    // --- helpers

    private static HttpResponse<Buffer> sign(String role, String query, byte[] body) {
        return send(
                HttpMethod.POST,
                "/v1/sign?" + query,
                "application/pdf",
                "Bearer " + credentials().getString(role),
                body);
    }

    private static HttpResponse<Buffer> send(
            HttpMethod method, String path, String contentType, String authorization, byte[] body) {
        return DemoServerCalls.send(client, server.port(), method, path, contentType, authorization, body);
    }

    private static void assertProblem(HttpResponse<Buffer> r, int status, String type) {
        DemoServerCalls.assertProblem(r, status, type, dir);
    }

    private static JsonObject credentials() {
        return DemoServerCalls.credentials(dataDir);
    }

    private static Path pki(String file) {
        return dataDir.resolve("pki").resolve(file);
    }

    /** Runs a tool, fails if it is missing or exits non-zero, returns its stdout and stderr. */
    private static String run(String... command) throws Exception {
        Process p =
                new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS))
                .as("%s did not finish", command[0])
                .isTrue();
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
        return out;
    }
}
