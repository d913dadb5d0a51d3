package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Production mode end to end, as an operator runs it: {@code examples/production/setup.sh} makes a
 * SoftHSM2 token with the department seal, a PKCS#12 branch key, a local CA, an OCSP responder's and
 * a TSA's keys and the API keys; {@code start-peers.sh} runs the external TSA and real {@code openssl
 * ocsp} responders; {@code SIGNDESK_CONFIG=DIR/signdesk.yaml ./signdesk serve} starts SignDesk on
 * them. Then: readiness per profile, no demo material, a department-seal B-LTA signature valid in
 * {@code pdfsig} with the external TSA's tokens, its verification, keys managed without a restart,
 * TSA failover and outage, a revoked profile certificate, refused starts, and no secret anywhere.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionModeIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path EXAMPLE = REPO.resolve("examples/production");
    private static final ASN1ObjectIdentifier SIGNATURE_TIMESTAMP = PKCSObjectIdentifiers.id_aa_signatureTimeStampToken;

    @TempDir
    static Path work;

    static Path dir;
    static JsonObject apiKeys;
    static Service service;
    static X509Certificate tsaCertificate;
    static final HttpClient HTTP = ServiceJar.httpClient();
    /** Every problem body and metric page the tests saw, searched for secrets at the end. */
    static final StringBuilder SEEN = new StringBuilder();
    /** Every API key the tests made, beside those of credentials.json. */
    static final List<String> MADE_KEYS = new ArrayList<>();

    /** A running {@code ./signdesk serve}. */
    record Service(Process process, int port, Path log) {
        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private record Run(int code, String out, String err) {}

    @BeforeAll
    static void setUpExampleAndStartService() throws Exception {
        ServiceJar.command(); // the jar ./signdesk runs is built
        dir = work.resolve("example");
        Run setup = script("setup.sh", dir.toString());
        assertThat(setup.code).as(setup.out + setup.err).isZero();
        Run peers = script("start-peers.sh", dir.toString());
        assertThat(peers.code).as(peers.out + peers.err).isZero();
        apiKeys = new JsonObject(Files.readString(dir.resolve("credentials.json")));
        try (var in = Files.newInputStream(dir.resolve("certs/tsa.pem"))) {
            tsaCertificate =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        service = start(dir.resolve("signdesk.yaml"), "main");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (service != null) {
            service.stop();
        }
        if (dir != null && Files.exists(dir.resolve("peers.pids"))) {
            script("stop-peers.sh", dir.toString());
        }
    }

    @Test
    @Order(1)
    void ready_isUpWithACheckPerProfileAndTheDataDirHoldsNoDemoMaterial() throws Exception {
        HttpResponse<String> r = get(service, "/health/ready");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject checks = new JsonObject(r.body()).getJsonObject("checks");
        for (String profile : List.of("profile:department-seal", "profile:branch-copy")) {
            assertThat(checks.getJsonObject(profile).getString("status"))
                    .as(profile)
                    .isEqualTo("UP");
            assertThat(checks.getJsonObject(profile).getString("detail"))
                    .matches("certificate valid for \\d+ more days; .*not revoked \\(OCSP\\)");
        }
        assertThat(dir.resolve("data/pki")).doesNotExist();
        assertThat(dir.resolve("data/demo-credentials.json")).doesNotExist();
        assertThat(Files.readString(service.log())).contains("(production mode)");
    }

    @Test
    @Order(1)
    void demoRoutes_pkiAndTsa_doNotExist() throws Exception {
        assertThat(get(service, "/pki/ca/root-ca.crt").statusCode()).isEqualTo(404);
        HttpResponse<String> tsa = post(service, "/tsa", "application/timestamp-query", new byte[] {0x30, 0}, null);
        assertThat(tsa.statusCode()).isEqualTo(404);
    }

    @Test
    @Order(1)
    void sign_departmentSealBlta_validInPdfsigWithTheExternalTsasTokensAndVerifiedByOcsp() throws Exception {
        HttpResponse<byte[]> signed = sign(service, "department-seal", "B-LTA", apiKeys.getString("department"));
        assertThat(signed.statusCode())
                .as(new String(signed.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
        Path pdf = Files.write(work.resolve("sealed.pdf"), signed.body());

        Run pdfsig = run(Map.of(), "pdfsig", pdf.toString());
        assertThat(pdfsig.out).contains("Signature is Valid.");
        assertThat(tokenSigners(signed.body())).isNotEmpty().allSatisfy(signer -> assertThat(signer)
                .as("every timestamp comes from the external TSA")
                .isEqualTo(new X509CertificateHolder(tsaCertificate.getEncoded())));

        HttpResponse<String> verified =
                post(service, "/v1/verify", "application/pdf", signed.body(), apiKeys.getString("resident"));
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        JsonObject report = new JsonObject(verified.body());
        assertThat(report.getString("verdict")).as(verified.body()).isEqualTo("TOTAL_PASSED");
        JsonObject signature = report.getJsonArray("signatures").getJsonObject(0);
        assertThat(signature.getString("level")).isEqualTo("PAdES-BASELINE-LTA");
        assertThat(signature.getJsonObject("revocation").getString("status")).isEqualTo("GOOD");
        assertThat(signature.getJsonObject("revocation").getString("source")).isIn("OCSP", "EMBEDDED");
        X509Certificate ocsp;
        try (var in = Files.newInputStream(dir.resolve("certs/ocsp.pem"))) {
            ocsp = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertThat(embeddedOcspResponders(signed.body()))
                .as("the revocation data in the document came from the openssl responder")
                .contains(org.bouncycastle.asn1.x500.X500Name.getInstance(
                        ocsp.getSubjectX500Principal().getEncoded()));
    }

    @Test
    @Order(1)
    void sign_residentKeyOnTheSeal_isForbidden() throws Exception {
        HttpResponse<byte[]> r = sign(service, "department-seal", "B-B", apiKeys.getString("resident"));

        assertThat(r.statusCode()).isEqualTo(403);
        SEEN.append(new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    @Order(1)
    void keys_addThenRevoke_takeEffectWithoutRestart() throws Exception {
        Run add = signdesk(
                Map.of("SIGNDESK_CONFIG", dir.resolve("signdesk.yaml").toString()),
                "keys",
                "add",
                "--name",
                "portal-2",
                "--role",
                "resident");
        assertThat(add.code).as(add.err).isZero();
        String key = add.out.trim();
        MADE_KEYS.add(key);

        assertThat(eventually(() -> verifyStatus(key), 200)).isEqualTo(200);

        Run revoke = signdesk(
                Map.of("SIGNDESK_CONFIG", dir.resolve("signdesk.yaml").toString()), "keys", "revoke", "portal-2");
        assertThat(revoke.code).as(revoke.err).isZero();
        assertThat(eventually(() -> verifyStatus(key), 401)).isEqualTo(401);
    }

    @Test
    @Order(2)
    void secrets_appearInNoLogLineProblemBodyOrMetric() throws Exception {
        HttpResponse<String> metrics = get(service, "/metrics");
        SEEN.append(metrics.body());
        List<String> secrets = new ArrayList<>(MADE_KEYS);
        apiKeys.forEach(e -> secrets.add((String) e.getValue()));
        for (String name : List.of("token.pin", "token-so.pin", "branch-copy.password", "tsa.password")) {
            secrets.add(Files.readString(dir.resolve("secrets").resolve(name)).strip());
        }
        String log = Files.readString(service.log());
        for (String secret : secrets) {
            assertThat(secret).hasSizeGreaterThan(8);
            assertThat(log).as("the service's log").doesNotContain(secret);
            assertThat(SEEN.toString()).as("problem bodies and metrics").doesNotContain(secret);
        }
    }

    @Test
    @Order(3)
    void timestampAuthorities_firstDownThenAllDown_failOverThen503WithNothingSigned() throws Exception {
        int dead = ServiceJar.freePort();
        String yaml = Files.readString(dir.resolve("signdesk.yaml"))
                .replace("  authorities:\n", "  authorities:\n    - url: http://127.0.0.1:" + dead + "/tsa\n");
        Path config = Files.writeString(dir.resolve("failover.yaml"), yaml);
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        Service failover = start(config, "failover");
        try {
            HttpResponse<byte[]> viaSecond = sign(failover, "branch-copy", "B-T", apiKeys.getString("branch"));
            assertThat(viaSecond.statusCode())
                    .as(new String(viaSecond.body(), StandardCharsets.UTF_8))
                    .isEqualTo(200);
            assertThat(tokenSigners(viaSecond.body()))
                    .containsExactly(new X509CertificateHolder(tsaCertificate.getEncoded()));

            long tsaPid = Long.parseLong(
                    Files.readAllLines(dir.resolve("peers.pids")).get(0).strip());
            ProcessHandle.of(tsaPid).ifPresent(ProcessHandle::destroy);
            assertThat(ProcessHandle.of(tsaPid)
                            .map(p -> p.onExit().orTimeout(20, TimeUnit.SECONDS).join()))
                    .isNotNull();

            HttpResponse<byte[]> none = sign(failover, "branch-copy", "B-T", apiKeys.getString("branch"));
            String body = new String(none.body(), StandardCharsets.UTF_8);
            assertThat(none.statusCode()).as(body).isEqualTo(503);
            assertThat(none.headers().firstValue("Retry-After")).isPresent();
            assertThat(none.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(new JsonObject(body).getString("type")).endsWith("/timestamp-unavailable");
            SEEN.append(body);
        } finally {
            failover.stop();
        }
    }

    @Test
    @Order(4)
    void revokedProfileCertificate_signingRefusedNamingRevocationAndReadinessDownForThatProfile() throws Exception {
        Run revoke = script("revoke.sh", dir.toString(), "branch-copy");
        assertThat(revoke.code).as(revoke.out + revoke.err).isZero();
        // a fresh service: its certificate-check cache has not seen the certificate good
        Service after = start(dir.resolve("signdesk.yaml"), "revoked");
        try {
            HttpResponse<String> ready = get(after, "/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonObject checks = new JsonObject(ready.body()).getJsonObject("checks");
            assertThat(checks.getJsonObject("profile:branch-copy").getString("status"))
                    .isEqualTo("DOWN");
            assertThat(checks.getJsonObject("profile:branch-copy").getString("detail"))
                    .contains("revoked");
            assertThat(checks.getJsonObject("profile:department-seal").getString("status"))
                    .isEqualTo("UP");

            HttpResponse<byte[]> refused = sign(after, "branch-copy", "B-B", apiKeys.getString("branch"));
            String body = new String(refused.body(), StandardCharsets.UTF_8);
            assertThat(refused.statusCode()).as(body).isEqualTo(503);
            JsonObject problem = new JsonObject(body);
            assertThat(problem.getString("type")).endsWith("/signing-certificate-revoked");
            assertThat(problem.getString("detail")).contains("branch-copy").contains("revoked");
            SEEN.append(body);
        } finally {
            after.stop();
        }
    }

    @Test
    @Order(5)
    void start_wrongPinMissingKeyLibraryNotAllowedUnknownSetting_isRefusedWithOneLineNamingTheSetting()
            throws Exception {
        String good = Files.readString(dir.resolve("signdesk.yaml"));
        Path wrongPin = Files.writeString(dir.resolve("secrets/wrong.pin"), "000000000000000000000000");
        Files.setPosixFilePermissions(wrongPin, PosixFilePermissions.fromString("rw-------"));
        Map<String, String> cases = Map.of(
                "profiles.department-seal.pkcs11.pinFile",
                        good.replace("pinFile: secrets/token.pin", "pinFile: secrets/wrong.pin"),
                "profiles.department-seal.pkcs11.keyLabel",
                        good.replace("keyLabel: department-seal", "keyLabel: no-such-key"),
                "profiles.department-seal.pkcs11.library",
                        good.replaceFirst("allowedLibraries: \\[[^]]*]", "allowedLibraries: []"),
                "profiles.branch-copy.pkcs12.passwrodFile",
                        good.replace(
                                "passwordFile: secrets/branch-copy.password",
                                "passwordFile: secrets/branch-copy.password\n      passwrodFile: x"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path config = Files.writeString(dir.resolve("refused.yaml"), c.getValue());
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
            Run serve = signdesk(
                    Map.of(
                            "SIGNDESK_CONFIG", config.toString(),
                            "SIGNDESK_HTTP_PORT", Integer.toString(ServiceJar.freePort())),
                    "serve");
            assertThat(serve.code).as(c.getKey() + "\n" + serve.err).isEqualTo(1);
            List<String> lines =
                    serve.err.lines().filter(l -> l.startsWith("signdesk: ")).toList();
            assertThat(lines).as(serve.err).hasSize(1);
            assertThat(lines.get(0)).as(c.getKey()).contains(c.getKey());
            assertThat(serve.err)
                    .doesNotContain(
                            Files.readString(dir.resolve("secrets/token.pin")).strip());
        }
    }

    // --- helpers --------------------------------------------------------------------------------

    private static Service start(Path config, String name) throws Exception {
        int port = ServiceJar.freePort();
        Path log = work.resolve("service-" + name + ".log");
        ProcessBuilder pb = new ProcessBuilder(REPO.resolve("signdesk").toString(), "serve")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("SOFTHSM2_CONF");
        pb.environment().put("SIGNDESK_CONFIG", config.toString());
        pb.environment().put("SIGNDESK_HTTP_PORT", Integer.toString(port));
        Process p = pb.start();
        Service s = new Service(p, port, log);
        HttpResponse<String> ready = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as(Files.readString(log)).isTrue();
            try {
                ready = get(s, "/health/ready");
                // a revoked profile keeps readiness DOWN: wait for the runtime, not for UP
                if (ready.statusCode() == 200
                        || ready.body().contains("\"profile:")
                                && !ready.body().contains("not built yet")
                                && !ready.body().contains("being built")) {
                    return s;
                }
            } catch (IOException notYetListening) {
                // the port opens a moment after the JVM starts
            }
            Thread.sleep(250);
        }
        throw new AssertionError(
                "not ready within 120 s: " + (ready == null ? "" : ready.body()) + Files.readString(log));
    }

    private static HttpResponse<String> get(Service s, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(Service s, String path, String type, byte[] body, String keyOrNull)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (keyOrNull != null) {
            b.header("Authorization", "Bearer " + keyOrNull);
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 400) {
            SEEN.append(r.body());
        }
        return r;
    }

    private static HttpResponse<byte[]> sign(Service s, String profile, String level, String key) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/v1/sign?profile=" + profile
                                + "&level=" + level + "&visible=true"))
                        .timeout(Duration.ofSeconds(120))
                        .header("Content-Type", "application/pdf")
                        .header("Authorization", "Bearer " + key)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(
                                TestPdfs.aPdf().build()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int verifyStatus(String key) throws Exception {
        return post(service, "/v1/verify", "application/pdf", TestPdfs.aPdf().build(), key)
                .statusCode();
    }

    private interface Probe {
        int status() throws Exception;
    }

    /** Polls for up to 10 s until the probe gives the wanted status; returns the last one. */
    private static int eventually(Probe probe, int wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int last;
        do {
            last = probe.status();
            if (last == wanted) {
                return last;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return last;
    }

    /** The signers of every RFC 3161 token in the PDF: signature timestamps and document timestamps. */
    private static List<X509CertificateHolder> tokenSigners(byte[] pdf) throws Exception {
        List<X509CertificateHolder> signers = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            for (PDSignature sig : doc.getSignatureDictionaries()) {
                byte[] contents = sig.getContents(pdf);
                if ("ETSI.RFC3161".equals(sig.getSubFilter())) {
                    signers.add(signerOf(new TimeStampToken(new CMSSignedData(contents))));
                    continue;
                }
                CMSSignedData cms = new CMSSignedData(contents);
                for (SignerInformation si : cms.getSignerInfos().getSigners()) {
                    if (si.getUnsignedAttributes() == null) {
                        continue;
                    }
                    org.bouncycastle.asn1.ASN1EncodableVector stamps =
                            si.getUnsignedAttributes().getAll(SIGNATURE_TIMESTAMP);
                    for (int i = 0; i < stamps.size(); i++) {
                        Attribute a = Attribute.getInstance(stamps.get(i));
                        ContentInfo ci =
                                ContentInfo.getInstance(a.getAttrValues().getObjectAt(0));
                        signers.add(signerOf(new TimeStampToken(ci)));
                    }
                }
            }
        }
        return signers;
    }

    /** The responder names of the OCSP responses in the document's /DSS. */
    private static List<org.bouncycastle.asn1.x500.X500Name> embeddedOcspResponders(byte[] pdf) throws Exception {
        List<org.bouncycastle.asn1.x500.X500Name> names = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            org.apache.pdfbox.cos.COSDictionary dss = doc.getDocumentCatalog()
                    .getCOSObject()
                    .getCOSDictionary(org.apache.pdfbox.cos.COSName.getPDFName("DSS"));
            assertThat(dss).as("the document's /DSS").isNotNull();
            org.apache.pdfbox.cos.COSArray ocsps = dss.getCOSArray(org.apache.pdfbox.cos.COSName.getPDFName("OCSPs"));
            assertThat(ocsps).as("/DSS /OCSPs").isNotNull();
            for (int i = 0; i < ocsps.size(); i++) {
                org.apache.pdfbox.cos.COSStream stream = (org.apache.pdfbox.cos.COSStream) ocsps.getObject(i);
                byte[] der;
                try (var in = stream.createInputStream()) {
                    der = in.readAllBytes();
                }
                org.bouncycastle.cert.ocsp.BasicOCSPResp basic = (org.bouncycastle.cert.ocsp.BasicOCSPResp)
                        new org.bouncycastle.cert.ocsp.OCSPResp(der).getResponseObject();
                org.bouncycastle.asn1.ocsp.ResponderID id =
                        basic.getResponderId().toASN1Primitive();
                if (id.getName() != null) {
                    names.add(id.getName());
                }
            }
        }
        return names;
    }

    private static X509CertificateHolder signerOf(TimeStampToken token) {
        @SuppressWarnings("unchecked")
        java.util.Collection<X509CertificateHolder> matches =
                token.getCertificates().getMatches(token.getSID());
        return matches.iterator().next();
    }

    private static Run script(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(EXAMPLE.resolve(name).toString()));
        command.addAll(List.of(args));
        return run(Map.of(), command.toArray(String[]::new));
    }

    private static Run signdesk(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("signdesk").toString()));
        command.addAll(List.of(args));
        return run(env, command.toArray(String[]::new));
    }

    private static Run run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(work.toFile());
        Map<String, String> e = new HashMap<>(env);
        pb.environment().remove("SIGNDESK_CONFIG");
        pb.environment().remove("SOFTHSM2_CONF");
        pb.environment().putAll(e);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
