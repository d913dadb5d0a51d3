package vn.signdesk.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.pki.LoopbackPkiServer;
import vn.signdesk.signing.verify.TrustedListFixture;

/**
 * The command line as a user runs it, in demo mode without a service: exit codes, messages on
 * stderr without stack traces, and signed files that poppler's pdfsig accepts.
 */
class CliIT {

    @TempDir
    static Path dir;

    static Path input;

    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env =
                Map.of("SIGNDESK_DATA_DIR", dir.resolve("data").toString());
        int code = new Cli(
                        env,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Clock.systemUTC())
                .run(List.of(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void aPdf() throws IOException {
        input = dir.resolve("application.pdf");
        try (PDDocument doc = new PDDocument()) {
            doc.addPage(new PDPage());
            doc.save(input.toFile());
        }
    }

    private static String pdfsig(Path file) throws Exception {
        Process p = new ProcessBuilder("pdfsig", file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static void assertCleanError(Run run, int code) {
        assertThat(run.code()).as(run.err()).isEqualTo(code);
        assertThat(run.err())
                .startsWith("signdesk: ")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void pkiInit_writesContractFiles() {
        Run run = cli("pki", "init", "--dir", dir.resolve("pki-copy").toString());
        assertThat(run.code()).as(run.err()).isZero();
        for (String f : List.of(
                "root-ca.pem",
                "issuing-ca.pem",
                "tsa.pem",
                "tsa-chain.pem",
                "ocsp.pem",
                "department-seal.p12",
                "branch-copy.p12",
                "resident-rsa.p12",
                "resident-ec.p12",
                "revoked.p12",
                "expired.p12")) {
            assertThat(dir.resolve("pki-copy").resolve(f)).exists();
        }
    }

    @Test
    void sign_profileAtEveryLevel_pdfsigValid() throws Exception {
        for (String level : List.of("B-B", "B-T", "B-LT", "B-LTA")) {
            Path out = dir.resolve("signed-" + level + ".pdf");
            Run run = cli("sign", "--profile", "department-seal", "--level", level, input.toString(), out.toString());
            assertThat(run.code()).as(run.err()).isZero();
            assertThat(pdfsig(out)).contains("Signature is Valid.").contains("Sở Tư pháp Thành phố Hà Nội");
        }
    }

    @Test
    void sign_visibleProfiles_showDecree30TextAndStayValid() throws Exception {
        Path seal = dir.resolve("visible-seal.pdf");
        Run run = cli(
                "sign",
                "--profile",
                "department-seal",
                "--level",
                "B-T",
                "--visible",
                input.toString(),
                seal.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(pdfsig(seal)).contains("Signature is Valid.");
        assertThat(pdftotext(seal))
                .contains("Ký bởi: Sở Tư pháp Thành phố Hà Nội")
                .contains("+07:00");

        Path copy = dir.resolve("visible-copy.pdf");
        run = cli("sign", "--profile", "branch-copy", "--level", "B-B", "--visible", input.toString(), copy.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(pdfsig(copy)).contains("Signature is Valid.");
        assertThat(pdftotext(copy)).contains("BẢN SAO ĐIỆN TỬ").contains("Trung tâm Phục vụ hành chính công Hà Nội");
    }

    private static String pdftotext(Path file) throws Exception {
        Process p = new ProcessBuilder("pdftotext", "-enc", "UTF-8", file.toString(), "-")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return java.text.Normalizer.normalize(out, java.text.Normalizer.Form.NFC)
                .replaceAll("\\s+", " ");
    }

    @Test
    void verify_everyFormat_printsTheReportAndExitsZero() throws Exception {
        Path signed = dir.resolve("to-verify.pdf");
        assertThat(cli("sign", "--profile", "department-seal", "--level", "B-LTA", input.toString(), signed.toString())
                        .code())
                .isZero();

        Run json = cli("verify", signed.toString());
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(json.out().replace(" ", ""))
                .contains("\"verdict\":\"TOTAL_PASSED\"")
                .contains("PAdES-BASELINE-LTA");

        Run etsi = cli("verify", "--format", "etsi", signed.toString());
        assertThat(etsi.code()).as(etsi.err()).isZero();
        assertThat(etsi.out()).contains("ValidationReport");

        Run html = cli("verify", "--format", "html", "--lang", "en", signed.toString());
        assertThat(html.code()).isZero();
        assertThat(html.out()).contains("<html").contains("Sở Tư pháp Thành phố Hà Nội");

        Run unsigned = cli("verify", input.toString());
        assertThat(unsigned.code()).isZero();
        assertThat(unsigned.out()).contains("NO_SIGNATURE");
    }

    @Test
    void verify_tamperedAfterSigning_isTotalFailedButExitZero() throws Exception {
        Path signed = dir.resolve("tamper.pdf");
        assertThat(cli("sign", "--profile", "department-seal", "--level", "B-B", input.toString(), signed.toString())
                        .code())
                .isZero();
        // an incremental update that replaces the page's content after the signature
        byte[] original = Files.readAllBytes(signed);
        try (PDDocument doc = org.apache.pdfbox.Loader.loadPDF(original);
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
            PDPage page = doc.getPage(0);
            try (org.apache.pdfbox.pdmodel.PDPageContentStream cs =
                    new org.apache.pdfbox.pdmodel.PDPageContentStream(doc, page)) {
                cs.addRect(10, 10, 100, 100);
                cs.fill();
            }
            page.getCOSObject().setNeedToBeUpdated(true);
            doc.getDocumentCatalog().getPages().getCOSObject().setNeedToBeUpdated(true);
            doc.saveIncremental(out);
            Files.write(signed, out.toByteArray());
        }

        Run run = cli("verify", signed.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().replace(" ", ""))
                .contains("\"verdict\":\"TOTAL_FAILED\"")
                .contains("\"changesAfterSigning\":\"OTHER\"");
    }

    /**
     * A document sealed under another PKI (its responder on loopback) has no chain under the demo
     * root; an ETSI trusted list granting that PKI's issuing CA, given to {@code --trust} with its
     * signer's certificate, makes it pass; the same list edited after signing is refused.
     */
    @Test
    void verify_trustedListGivenToTrust_anchorsAForeignPkiAndTamperingIsRefused() throws Exception {
        try (LoopbackPkiServer server = LoopbackPkiServer.start(0)) {
            DemoPki foreign = DemoPki.loadOrCreate(dir.resolve("foreign-pki"), server.baseUrl(), Clock.systemUTC());
            server.setResponder(foreign.responder());
            Path signed = dir.resolve("foreign-signed.pdf");
            Run sign = cli(
                    "sign",
                    "--p12",
                    foreign.p12File(DemoPki.DEPARTMENT_SEAL).orElseThrow().toString(),
                    "--password",
                    DemoPki.PASSWORD,
                    "--level",
                    "B-B",
                    input.toString(),
                    signed.toString());
            assertThat(sign.code()).as(sign.err()).isZero();
            TrustedListFixture.Operator operator = TrustedListFixture.operator("Demo TL scheme operator");
            Path tlSigner = Files.writeString(dir.resolve("tl-signer.pem"), pem(operator.certificate()));
            byte[] tlBytes = TrustedListFixture.aTrustedList()
                    .service(foreign.issuingCa(), TrustedListFixture.GRANTED)
                    .signedBy(operator);
            Path tl = Files.write(dir.resolve("foreign-tl.xml"), tlBytes);

            Run untrusted = cli("verify", signed.toString());
            Run withTl = cli("verify", "--trust", tl.toString(), "--tl-signer", tlSigner.toString(), signed.toString());
            Run withPem = cli(
                    "verify",
                    "--trust",
                    foreign.pemFile(DemoPki.ROOT_CA).orElseThrow().toString(),
                    signed.toString());

            assertThat(untrusted.code()).as(untrusted.err()).isZero();
            assertThat(untrusted.out().replace(" ", ""))
                    .contains("\"verdict\":\"INDETERMINATE\"")
                    .contains("NO_CERTIFICATE_CHAIN_FOUND");
            assertThat(withTl.code()).as(withTl.err()).isZero();
            assertThat(withTl.out().replace(" ", "")).contains("\"verdict\":\"TOTAL_PASSED\"");
            assertThat(withPem.code()).as(withPem.err()).isZero();
            assertThat(withPem.out().replace(" ", "")).contains("\"verdict\":\"TOTAL_PASSED\"");

            String edited = new String(tlBytes, StandardCharsets.UTF_8)
                    .replace("SignDesk demo certification authority", "Another certification authority");
            Path tampered = Files.writeString(dir.resolve("tampered-tl.xml"), edited);
            Run refused = cli(
                    "verify", "--trust", tampered.toString(), "--tl-signer", tlSigner.toString(), signed.toString());
            assertCleanError(refused, 1);
            assertThat(refused.err()).contains("is refused").contains("signature is not valid");

            assertCleanError(cli("verify", "--trust", tl.toString(), signed.toString()), 1);
            assertThat(cli("verify", "--trust", tl.toString(), signed.toString())
                            .err())
                    .contains("--tl-signer");
        }
    }

    /**
     * {@code --trust vn} adds Vietnam's PKI bundle: a document under a PKI it does not hold (one on
     * loopback) stays untrusted, one under the demo root names that root, not the bundle, as its
     * anchor; a PEM given beside the bundle still counts.
     */
    @Test
    void verify_trustVn_aPkiOutsideTheBundleIsNotTrustedByIt() throws Exception {
        Path demoSigned = dir.resolve("demo-signed-vn.pdf");
        assertThat(cli(
                                "sign",
                                "--profile",
                                "department-seal",
                                "--level",
                                "B-B",
                                input.toString(),
                                demoSigned.toString())
                        .code())
                .isZero();
        try (LoopbackPkiServer server = LoopbackPkiServer.start(0)) {
            DemoPki foreign = DemoPki.loadOrCreate(dir.resolve("pki-outside-vn"), server.baseUrl(), Clock.systemUTC());
            server.setResponder(foreign.responder());
            Path signed = dir.resolve("outside-vn.pdf");
            Run sign = cli(
                    "sign",
                    "--p12",
                    foreign.p12File(DemoPki.DEPARTMENT_SEAL).orElseThrow().toString(),
                    "--password",
                    DemoPki.PASSWORD,
                    "--level",
                    "B-B",
                    input.toString(),
                    signed.toString());
            assertThat(sign.code()).as(sign.err()).isZero();

            Run vn = cli("verify", "--trust", "vn", signed.toString());
            Run vnAndPem = cli(
                    "verify",
                    "--trust",
                    "vn",
                    "--trust",
                    foreign.pemFile(DemoPki.ROOT_CA).orElseThrow().toString(),
                    signed.toString());
            Run demo = cli("verify", "--trust", "vn", "--format", "html", "--lang", "en", demoSigned.toString());
            Run demoJson = cli("verify", "--trust", "vn", demoSigned.toString());

            assertThat(vn.code()).as(vn.err()).isZero();
            assertThat(vn.out().replace(" ", ""))
                    .contains("\"verdict\":\"INDETERMINATE\"")
                    .contains("NO_CERTIFICATE_CHAIN_FOUND")
                    .contains("\"trustAnchor\":null");
            assertThat(vnAndPem.code()).as(vnAndPem.err()).isZero();
            assertThat(vnAndPem.out().replace(" ", ""))
                    .contains("\"verdict\":\"TOTAL_PASSED\"")
                    .contains("\"bundle\":null");
            assertThat(demo.code()).as(demo.err()).isZero();
            assertThat(demo.out()).contains("Trust anchor").contains("SignDesk Demo Root CA");
            assertThat(demoJson.out().replace(" ", ""))
                    .contains("\"verdict\":\"TOTAL_PASSED\"")
                    .contains("\"commonName\":\"SignDeskDemoRootCA\"")
                    .contains("\"bundle\":null")
                    .doesNotContain("\"bundle\":\"vn\"");
        }
    }

    private static String pem(X509Certificate c) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(c.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    @Test
    void verify_badOptions_exitOne() {
        assertCleanError(cli("verify", "--format", "docx", input.toString()), 1);
        assertCleanError(cli("verify", "--format", "html", "--lang", "fr", input.toString()), 1);
        assertCleanError(cli("verify", "--trust", dir.resolve("no-such.pem").toString(), input.toString()), 1);
        assertCleanError(cli("verify", dir.resolve("missing.pdf").toString()), 1);
    }

    @Test
    void sign_p12File_thenExtendAndTimestamp() throws Exception {
        Path p12 = dir.resolve("data/pki/resident-ec.p12");
        cli("pki", "init");
        Path signed = dir.resolve("resident.pdf");
        Run run = cli(
                "sign",
                "--p12",
                p12.toString(),
                "--password",
                "demo",
                "--level",
                "B-B",
                input.toString(),
                signed.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(pdfsig(signed)).contains("Nguyễn Thị Lấp Lánh Ánh").contains("Signature is Valid.");

        Path extended = dir.resolve("resident-lta.pdf");
        assertThat(cli("extend", "--level", "B-LTA", signed.toString(), extended.toString())
                        .code())
                .isZero();
        assertThat(Files.size(extended)).isGreaterThan(Files.size(signed));

        Path stamped = dir.resolve("stamped.pdf");
        assertThat(cli("timestamp", input.toString(), stamped.toString()).code())
                .isZero();
        assertThat(new String(Files.readAllBytes(stamped), StandardCharsets.ISO_8859_1))
                .contains("ETSI.RFC3161");
    }

    @Test
    void sign_notAPdf_exitsOneWithPlainMessage() throws IOException {
        Path text = dir.resolve("note.txt");
        Files.writeString(text, "không phải PDF");
        Run run = cli(
                "sign",
                "--profile",
                "department-seal",
                "--level",
                "B-B",
                text.toString(),
                dir.resolve("x.pdf").toString());
        assertCleanError(run, 1);
        assertThat(run.err()).contains("not a PDF");
        assertThat(dir.resolve("x.pdf")).doesNotExist();
    }

    @Test
    void sign_wrongP12Password_exitsOneWithoutPassword() {
        cli("pki", "init");
        Run run = cli(
                "sign",
                "--p12",
                dir.resolve("data/pki/department-seal.p12").toString(),
                "--password",
                "bí-mật-sai",
                "--level",
                "B-B",
                input.toString(),
                dir.resolve("y.pdf").toString());
        assertCleanError(run, 1);
        assertThat(run.err())
                .contains("wrong password")
                .doesNotContain("bí-mật-sai")
                .doesNotContain(dir.toString());
    }

    @Test
    void sign_usageErrors_exitOne() {
        assertCleanError(cli("sign", "--profile", "department-seal", input.toString(), "out.pdf"), 1);
        assertCleanError(cli("sign", "--profile", "department-seal", "--level", "B-X", input.toString(), "out.pdf"), 1);
        assertCleanError(cli("sign", "--profile", "no-such-profile", "--level", "B-B", input.toString(), "out.pdf"), 1);
        assertCleanError(cli("sign", "--level", "B-B", input.toString(), "out.pdf"), 1);
        assertCleanError(
                cli("sign", "--profile", "department-seal", "--level", "B-B", "--bogus", input.toString(), "o.pdf"), 1);
        assertCleanError(cli("frobnicate"), 1);
    }

    @Test
    void sign_missingInput_exitsOne() {
        Run run = cli(
                "sign",
                "--profile",
                "department-seal",
                "--level",
                "B-B",
                dir.resolve("nope.pdf").toString(),
                "o.pdf");
        assertCleanError(run, 1);
        assertThat(run.err()).contains("no such file");
    }

    @Test
    void sign_productionMode_refusesDemoKeys() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env =
                Map.of("SIGNDESK_DATA_DIR", dir.resolve("prod").toString(), "SIGNDESK_MODE", "production");
        // production without its settings: refused before any demo PKI is written
        int code = new Cli(
                        env,
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Clock.systemUTC())
                .run(List.of("sign", "--profile", "department-seal", "--level", "B-B", input.toString(), "o.pdf"));
        assertCleanError(new Run(code, "", err.toString(StandardCharsets.UTF_8)), 1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("profiles: missing: production mode needs at least one signing profile");
        assertThat(dir.resolve("prod/pki")).doesNotExist();
    }

    @Test
    void sign_badModeSetting_namesTheVariable() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(
                        Map.of("SIGNDESK_MODE", "staging"),
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Clock.systemUTC())
                .run(List.of("pki", "init", "--dir", dir.resolve("never").toString()));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("SIGNDESK_MODE")
                .contains("staging");
    }

    @Test
    void extend_unsignedPdf_exitsOne() {
        assertCleanError(
                cli(
                        "extend",
                        "--level",
                        "B-T",
                        input.toString(),
                        dir.resolve("z.pdf").toString()),
                1);
    }
}
