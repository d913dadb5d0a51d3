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
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.SignDeskConfig;
import vn.signdesk.pki.DemoPki;

/**
 * The timestamp, extend and two-step signing routes over real HTTP on a free port, in demo mode
 * with the demo PKI generated in a temporary data directory. The test plays the resident's USB
 * token for two-step signing: it holds {@code resident-ec.p12} and signs what the service asks.
 * Results are checked by independent tools (openssl, poppler's pdfsig) and by {@code /v1/verify}.
 */
@ExtendWith(VertxExtension.class)
class SigningRoutesIT {

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
        SignDeskConfig config = DemoServerCalls.demoConfig(dataDir);
        client = WebClient.create(vertx);
        pdf = TestPdfs.aPdf().build();
        DemoServerCalls.startDemo(vertx, config, s -> server = s).onComplete(started.succeedingThenComplete());
    }

    @Test
    void timestamp_pdf_lastSignatureIsADocumentTimestampOpensslVerifies() throws Exception {
        HttpResponse<Buffer> r = post("/v1/timestamp", "application/pdf", "resident", pdf);

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/pdf");
        byte[] stamped = r.body().getBytes();
        try (PDDocument doc = Loader.loadPDF(stamped)) {
            List<PDSignature> signatures = doc.getSignatureDictionaries();
            PDSignature last = signatures.get(signatures.size() - 1);
            assertThat(last.getSubFilter()).isEqualTo("ETSI.RFC3161");
            byte[] token =
                    new ASN1InputStream(last.getContents(stamped)).readObject().getEncoded("DER");
            Path tokenFile = Files.write(dir.resolve("doc-ts.der"), token);
            // -data, not -digest: openssl hashes with the token's own imprint algorithm
            Path signedBytes = Files.write(dir.resolve("doc-ts.bin"), last.getSignedContent(stamped));
            String out = run(
                    "openssl",
                    "ts",
                    "-verify",
                    "-data",
                    signedBytes.toString(),
                    "-token_in",
                    "-in",
                    tokenFile.toString(),
                    "-CAfile",
                    pki("root-ca.pem").toString(),
                    "-untrusted",
                    pki("tsa-chain.pem").toString());
            assertThat(out).contains("Verification: OK");
        }
    }

    @Test
    void timestamp_withoutAuthorization_is401Problem() {
        HttpResponse<Buffer> r = send(HttpMethod.POST, "/v1/timestamp", "application/pdf", null, pdf);
        assertProblem(r, 401, "unauthorized");
        assertThat(r.getHeader("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void extend_bbSignatureToBLta_verifiesAsLtaTotalPassed() {
        HttpResponse<Buffer> signed =
                post("/v1/sign?profile=department-seal&level=B-B", "application/pdf", "department", pdf);
        assertThat(signed.statusCode()).as(signed.bodyAsString()).isEqualTo(200);

        HttpResponse<Buffer> r = post(
                "/v1/extend?level=B-LTA",
                "application/pdf",
                "branch",
                signed.body().getBytes());

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/pdf");
        JsonObject report = verify(r.body().getBytes());
        assertThat(report.getString("verdict")).as(report.encodePrettily()).isEqualTo("TOTAL_PASSED");
        assertThat(report.getJsonArray("signatures").getJsonObject(0).getString("level"))
                .isEqualTo("PAdES-BASELINE-LTA");
    }

    @Test
    void extend_missingOrUnknownLevel_is400Problem() {
        assertProblem(post("/v1/extend", "application/pdf", "resident", pdf), 400, "invalid-parameter");
        assertProblem(post("/v1/extend?level=B-Q", "application/pdf", "resident", pdf), 400, "invalid-parameter");
        assertProblem(post("/v1/extend?level=B-B", "application/pdf", "resident", pdf), 400, "invalid-parameter");
    }

    @Test
    void extend_unsignedPdf_is422Problem() {
        assertProblem(post("/v1/extend?level=B-LT", "application/pdf", "resident", pdf), 422, "unsupported-document");
    }

    @Test
    void twoStep_residentEcKeyOutsideTheService_pdfsigValidAndVerifyPassed() throws Exception {
        Resident resident = Resident.load(pki("resident-ec.p12"));
        JsonObject prepared = prepare(resident, pdf);
        assertThat(prepared.getString("signatureAlgorithm")).isEqualTo("SHA256withECDSA");
        assertThat(prepared.getString("digestAlgorithm")).isEqualTo("SHA-256");
        assertThat(Instant.parse(prepared.getString("expiresAt")))
                .isAfter(Instant.parse(prepared.getString("signingTime")));
        assertThat(Base64.getDecoder().decode(prepared.getString("digest"))).hasSize(32);

        HttpResponse<Buffer> r = complete(resident, pdf, prepared.getString("token"), resident.sign(prepared));

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/pdf");
        byte[] signed = r.body().getBytes();
        Path file = Files.write(dir.resolve("two-step.pdf"), signed);
        assertThat(run("pdfsig", file.toString()))
                .contains("Signature is Valid.")
                .contains(DemoPki.RESIDENT_NAME);
        JsonObject report = verify(signed);
        assertThat(report.getString("verdict")).as(report.encodePrettily()).isEqualTo("TOTAL_PASSED");
        assertThat(report.getJsonArray("signatures").getJsonObject(0).getString("level"))
                .isEqualTo("PAdES-BASELINE-T");
    }

    @Test
    void twoStepComplete_tamperedToken_is400Problem() throws Exception {
        Resident resident = Resident.load(pki("resident-ec.p12"));
        JsonObject prepared = prepare(resident, pdf);
        String token = prepared.getString("token");
        int i = token.length() / 2;
        String tampered = token.substring(0, i) + (token.charAt(i) == 'A' ? 'B' : 'A') + token.substring(i + 1);

        HttpResponse<Buffer> r = complete(resident, pdf, tampered, resident.sign(prepared));

        assertProblem(r, 400, "invalid-request");
        assertThat(r.bodyAsJsonObject().getString("detail")).contains("token");
    }

    @Test
    void twoStepComplete_otherDocumentOrWrongSignatureValue_is400Problem() throws Exception {
        Resident resident = Resident.load(pki("resident-ec.p12"));
        JsonObject prepared = prepare(resident, pdf);
        byte[] value = resident.sign(prepared);
        byte[] other = TestPdfs.aPdf().pages(2).build();

        assertProblem(complete(resident, other, prepared.getString("token"), value), 400, "invalid-request");
        byte[] wrong = resident.signRaw("not the data to sign".getBytes(StandardCharsets.UTF_8));
        HttpResponse<Buffer> r = complete(resident, pdf, prepared.getString("token"), wrong);
        assertProblem(r, 400, "invalid-request");
        assertThat(r.bodyAsJsonObject().getString("detail")).contains("signature value");
    }

    @Test
    void twoStepPrepare_malformedBodies_are400ProblemsNamingTheField() throws Exception {
        Resident resident = Resident.load(pki("resident-ec.p12"));
        String doc = Base64.getEncoder().encodeToString(pdf);

        HttpResponse<Buffer> notJson = post(
                "/v1/sign/prepare", "application/json", "resident", "{\"document\": ".getBytes(StandardCharsets.UTF_8));
        assertProblem(notJson, 400, "invalid-request");
        assertThat(notJson.bodyAsJsonObject().getString("detail")).contains("JSON");

        assertDetail(new JsonObject().put("document", doc), "certificateChain");
        assertDetail(new JsonObject().put("certificateChain", resident.chainJson()), "document");
        assertDetail(
                new JsonObject().put("document", "%%% not base64 %%%").put("certificateChain", resident.chainJson()),
                "base64");
        assertDetail(
                new JsonObject()
                        .put("document", doc)
                        .put(
                                "certificateChain",
                                new JsonArray().add(Base64.getEncoder().encodeToString(pdf))),
                "certificateChain[0]");
        assertDetail(
                new JsonObject()
                        .put("document", doc)
                        .put("certificateChain", resident.chainJson())
                        .put("level", "B-Z"),
                "level");
    }

    @Test
    void twoStepPrepare_textBody_is415Problem() {
        assertProblem(post("/v1/sign/prepare", "text/plain", "resident", pdf), 415, "unsupported-media-type");
    }

    // --- helpers

    /** The resident's key and chain, as a USB token would hold them. */
    record Resident(PrivateKey key, List<X509Certificate> chain) {

        static Resident load(Path p12) throws Exception {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                store.load(in, DemoPki.PASSWORD.toCharArray());
            }
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) store.getKey(alias, DemoPki.PASSWORD.toCharArray());
                    List<X509Certificate> chain = java.util.Arrays.stream(store.getCertificateChain(alias))
                            .map(X509Certificate.class::cast)
                            .toList();
                    return new Resident(key, chain);
                }
            }
            throw new AssertionError("no key in " + p12.getFileName());
        }

        JsonArray chainJson() throws Exception {
            JsonArray a = new JsonArray();
            for (Certificate c : chain) {
                a.add(Base64.getEncoder().encodeToString(c.getEncoded()));
            }
            return a;
        }

        byte[] sign(JsonObject prepared) throws Exception {
            return signRaw(Base64.getDecoder().decode(prepared.getString("dataToSign")));
        }

        byte[] signRaw(byte[] data) throws Exception {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key);
            s.update(data);
            return s.sign();
        }
    }

    private static JsonObject prepare(Resident resident, byte[] document) throws Exception {
        JsonObject body = new JsonObject()
                .put("document", Base64.getEncoder().encodeToString(document))
                .put("certificateChain", resident.chainJson())
                .put("level", "B-T");
        HttpResponse<Buffer> r = post(
                "/v1/sign/prepare",
                "application/json",
                "resident",
                body.toBuffer().getBytes());
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
        return r.bodyAsJsonObject();
    }

    private static HttpResponse<Buffer> complete(Resident resident, byte[] document, String token, byte[] value)
            throws Exception {
        JsonObject body = new JsonObject()
                .put("document", Base64.getEncoder().encodeToString(document))
                .put("token", token)
                .put("signatureValue", Base64.getEncoder().encodeToString(value))
                .put("certificateChain", resident.chainJson());
        return post(
                "/v1/sign/complete",
                "application/json",
                "resident",
                body.toBuffer().getBytes());
    }

    private static void assertDetail(JsonObject body, String expected) {
        HttpResponse<Buffer> r = post(
                "/v1/sign/prepare",
                "application/json",
                "resident",
                body.toBuffer().getBytes());
        assertProblem(r, 400, "invalid-request");
        assertThat(r.bodyAsJsonObject().getString("detail")).contains(expected);
    }

    private static JsonObject verify(byte[] document) {
        HttpResponse<Buffer> r = post("/v1/verify", "application/pdf", "resident", document);
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        return r.bodyAsJsonObject();
    }

    private static HttpResponse<Buffer> post(String path, String contentType, String role, byte[] body) {
        return send(
                HttpMethod.POST, path, contentType, "Bearer " + credentials().getString(role), body);
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
