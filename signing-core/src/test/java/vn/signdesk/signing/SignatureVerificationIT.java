package vn.signdesk.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.signdesk.signing.TestPdfs.aPdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.pki.LoopbackPkiServer;
import vn.signdesk.signing.revocation.CertificateCheckConfig;
import vn.signdesk.signing.revocation.CertificateChecks;
import vn.signdesk.signing.verify.CertificateCheckSources;
import vn.signdesk.signing.verify.ChangeKind;
import vn.signdesk.signing.verify.Finding;
import vn.signdesk.signing.verify.PadesSignatureVerifier;
import vn.signdesk.signing.verify.SignatureVerifier;
import vn.signdesk.signing.verify.VerificationReport;
import vn.signdesk.signing.verify.VerificationReport.Indication;
import vn.signdesk.signing.verify.VerificationReport.RevocationStatus;
import vn.signdesk.signing.verify.VerificationReport.SignatureReport;
import vn.signdesk.signing.verify.VerificationReport.Verdict;
import vn.signdesk.signing.verify.VerifyOptions;
import vn.signdesk.signing.verify.report.ReportLanguage;
import vn.signdesk.signing.verify.report.ReportWords;

/**
 * {@link PadesSignatureVerifier} on documents signed with the demo PKI, its certificate checks
 * answered in-process by the demo responder, as the command line does in demo mode.
 */
class SignatureVerificationIT {

    private static final SigningFixture F = new SigningFixture();
    private static SignatureVerifier verifier;
    private static byte[] signedBySeal;

    @BeforeAll
    static void signOnce() {
        verifier = F.verifier();
        signedBySeal = F.signer.sign(
                PdfInput.of(aPdf().build()),
                SigningFixture.key(F.pki.departmentSeal()),
                SignOptions.invisible(SignatureLevel.B_T));
    }

    @Test
    void verify_secondTimeUnderSameChain_revocationIsFromTheCache() {
        try (LoopbackPkiServer server = LoopbackPkiServer.start(0)) {
            DemoPki pki = DemoPki.createInMemory(server.baseUrl(), java.time.Clock.systemUTC());
            server.setResponder(pki.responder());
            byte[] signed = new SigningFixture(pki)
                    .signer.sign(
                            PdfInput.of(aPdf().build()),
                            SigningFixture.key(pki.departmentSeal()),
                            SignOptions.invisible(SignatureLevel.B_B));
            try (CertificateChecks checks = CertificateChecks.create(CertificateCheckConfig.defaults())) {
                SignatureVerifier cachedVerifier = PadesSignatureVerifier.builder()
                        .trustAnchors(List.of(pki.rootCa()))
                        .certificateChecks(CertificateCheckSources.cached(checks))
                        .build();

                SignatureReport first =
                        cachedVerifier.verify(PdfInput.of(signed)).signatures().get(0);
                server.resetCounts();
                SignatureReport second =
                        cachedVerifier.verify(PdfInput.of(signed)).signatures().get(0);

                assertThat(first.revocation().status()).isEqualTo(RevocationStatus.GOOD);
                assertThat(first.revocation().cached()).isFalse();
                assertThat(second.revocation().status()).isEqualTo(RevocationStatus.GOOD);
                assertThat(second.revocation().cached()).isTrue();
                assertThat(server.requestCount()).isZero();
            }
        }
    }

    @Test
    void verify_responderDownWithColdCache_isIndeterminateTryLater() {
        try (LoopbackPkiServer server = LoopbackPkiServer.start(0)) {
            DemoPki pki = DemoPki.createInMemory(server.baseUrl(), java.time.Clock.systemUTC());
            server.setResponder(pki.responder());
            byte[] signed = new SigningFixture(pki)
                    .signer.sign(
                            PdfInput.of(aPdf().build()),
                            SigningFixture.key(pki.residentRsa()),
                            SignOptions.invisible(SignatureLevel.B_B));
            server.setUnavailable(true);
            try (CertificateChecks cold = CertificateChecks.create(CertificateCheckConfig.defaults())) {
                SignatureVerifier offline = PadesSignatureVerifier.builder()
                        .trustAnchors(List.of(pki.rootCa()))
                        .certificateChecks(CertificateCheckSources.cached(cold))
                        .build();

                VerificationReport report = offline.verify(PdfInput.of(signed));

                assertThat(report.verdict()).isEqualTo(Verdict.INDETERMINATE);
                SignatureReport s = report.signatures().get(0);
                assertThat(s.subIndicationOrNull()).isEqualTo("TRY_LATER");
                assertThat(s.intact()).isTrue();
                assertThat(s.revocation().status()).isEqualTo(RevocationStatus.UNAVAILABLE);
                assertThat(s.findings()).contains(new Finding.Reason("TRY_LATER"));
                assertThat(ReportWords.sentences(s.findings(), ReportLanguage.EN))
                        .contains("The certificate's revocation status could not be obtained yet; try again later.")
                        .filteredOn(m -> m.contains("could not be obtained"))
                        .hasSize(1);
                assertThat(server.requestCount()).isPositive();
            }
        }
    }

    @Test
    void verify_demoSealSignedAtBT_isTotalPassedWithGoodRevocation() {
        VerificationReport report = verifier.verify(PdfInput.of(signedBySeal));

        assertThat(report.verdict()).isEqualTo(Verdict.TOTAL_PASSED);
        assertThat(report.signatures()).hasSize(1);
        SignatureReport s = report.signatures().get(0);
        assertThat(s.indication()).isEqualTo(Indication.TOTAL_PASSED);
        assertThat(s.levelOrNull()).isEqualTo("PAdES-BASELINE-T");
        assertThat(s.signer().commonNameOrNull()).isEqualTo("Sở Tư pháp Thành phố Hà Nội");
        assertThat(s.intact()).isTrue();
        assertThat(s.coversWholeDocument()).isTrue();
        assertThat(s.changesAfterSigning()).isEqualTo(ChangeKind.NONE);
        assertThat(s.revocation().status()).isEqualTo(RevocationStatus.GOOD);
        assertThat(s.revocation().sourceOrNull()).isIn("OCSP", "CRL");
        assertThat(s.provenSigningTimeOrNull()).isNotNull();
        assertThat(s.chain()).isNotEmpty();
        assertThat(s.findings()).startsWith(new Finding.Verdict(Indication.TOTAL_PASSED, false));
        assertThat(ReportWords.sentences(s.findings(), ReportLanguage.VI)).contains("Chữ ký hợp lệ.");
        assertThat(ReportWords.sentences(s.findings(), ReportLanguage.EN)).contains("The signature is valid.");
        assertThat(report.documentSha256()).hasSize(64);
    }

    @Test
    void verify_bLta_reportsTheSignatureAndItsDocumentTimestamp() {
        byte[] signed = F.signer.sign(
                PdfInput.of(aPdf().build()),
                SigningFixture.key(F.pki.residentRsa()),
                SignOptions.invisible(SignatureLevel.B_LTA));

        VerificationReport report = verifier.verify(PdfInput.of(signed));

        assertThat(report.verdict()).isEqualTo(Verdict.TOTAL_PASSED);
        SignatureReport signature = report.signatures().get(0);
        assertThat(signature.documentTimestamp()).isFalse();
        assertThat(signature.levelOrNull()).isEqualTo("PAdES-BASELINE-LTA");
        assertThat(signature.coversWholeDocument()).isFalse();
        assertThat(signature.changesAfterSigning()).isEqualTo(ChangeKind.LTA_UPDATES);
        assertThat(signature.revocation().status()).isEqualTo(RevocationStatus.GOOD);
        assertThat(report.signatures())
                .filteredOn(SignatureReport::documentTimestamp)
                .singleElement()
                .satisfies(ts -> {
                    assertThat(ts.indication()).isEqualTo(Indication.TOTAL_PASSED);
                    assertThat(ts.intact()).isTrue();
                    assertThat(ts.coversWholeDocument()).isTrue();
                    assertThat(ts.provenSigningTimeOrNull()).isNotNull();
                });
    }

    @Test
    void verify_revokedSigner_isNotPassedAndSaysRevoked() {
        byte[] signed = F.signer.sign(
                PdfInput.of(aPdf().build()),
                SigningFixture.key(F.pki.revoked()),
                SignOptions.invisible(SignatureLevel.B_T));

        VerificationReport report = verifier.verify(PdfInput.of(signed));

        assertThat(report.verdict()).isNotEqualTo(Verdict.TOTAL_PASSED);
        SignatureReport s = report.signatures().get(0);
        assertThat(s.revocation().status()).isEqualTo(RevocationStatus.REVOKED);
        assertThat(s.intact()).isTrue();
        assertThat(String.join(" ", ReportWords.sentences(s.findings(), ReportLanguage.EN)))
                .contains("revoked");
    }

    @Test
    void verify_pageContentChangedAfterSigning_isTotalFailed() throws IOException {
        byte[] tampered = appendPageContent(signedBySeal, "Amount due: 0 VND");

        VerificationReport report = verifier.verify(PdfInput.of(tampered));

        assertThat(report.verdict()).isEqualTo(Verdict.TOTAL_FAILED);
        SignatureReport s = report.signatures().get(0);
        assertThat(s.intact()).as("its own revision is untouched").isTrue();
        assertThat(s.coversWholeDocument()).isFalse();
        assertThat(s.changesAfterSigning()).isEqualTo(ChangeKind.OTHER);
        assertThat(s.findings()).contains(new Finding.Changes(ChangeKind.OTHER, false));
        assertThat(ReportWords.sentences(s.findings(), ReportLanguage.VI))
                .contains("Tài liệu đã bị thay đổi sau khi ký.");
        assertThat(ReportWords.sentences(s.findings(), ReportLanguage.EN))
                .contains("The document was changed after signing.");
    }

    @Test
    void verify_twoThreadsOnGoodAndTamperedDocuments_eachGetsItsOwnVerdict() throws Exception {
        byte[] tampered = appendPageContent(signedBySeal, "Approved");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Verdict>> good = new ArrayList<>();
            List<Future<Verdict>> bad = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                good.add(pool.submit(
                        () -> verifier.verify(PdfInput.of(signedBySeal)).verdict()));
                bad.add(pool.submit(() -> verifier.verify(PdfInput.of(tampered)).verdict()));
            }
            for (Future<Verdict> f : good) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(Verdict.TOTAL_PASSED);
            }
            for (Future<Verdict> f : bad) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(Verdict.TOTAL_FAILED);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void verify_unsignedPdf_isNoSignature() {
        VerificationReport report = verifier.verify(PdfInput.of(aPdf().build()));

        assertThat(report.verdict()).isEqualTo(Verdict.NO_SIGNATURE);
        assertThat(report.signatures()).isEmpty();
    }

    @Test
    void verify_notAPdf_isInvalidDocument() {
        byte[] text = "name,amount\nNguyễn Văn A,100\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> verifier.verify(PdfInput.of(text)))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("not a PDF");
    }

    @Test
    void verify_encryptedSignedPdf_opensWithItsPasswordAndIsRefusedWithout() {
        byte[] signed = F.signer.sign(
                PdfInput.withPassword(aPdf().encrypted("s3cret").build(), "s3cret"),
                SigningFixture.key(F.pki.branchCopy()),
                SignOptions.invisible(SignatureLevel.B_T));

        VerificationReport report = verifier.verify(PdfInput.withPassword(signed, "s3cret"));

        assertThat(report.verdict()).isEqualTo(Verdict.TOTAL_PASSED);
        assertThatThrownBy(() -> verifier.verify(PdfInput.of(signed)))
                .isInstanceOf(UnsupportedDocumentException.class)
                .hasMessageContaining("password");
    }

    @Test
    void verify_rawReportsAsked_keepsEtsiDetailedAndDiagnosticXml() {
        VerificationReport report =
                verifier.verify(PdfInput.of(signedBySeal), VerifyOptions.DEFAULT.withAllRawReports());

        assertThat(report.raw().etsiValidationReportOrNull()).contains("ValidationReport");
        assertThat(report.raw().detailedReportOrNull()).contains("DetailedReport");
        assertThat(report.raw().diagnosticDataOrNull()).contains("DiagnosticData");
        assertThat(verifier.verify(PdfInput.of(signedBySeal)).raw().etsiValidationReportOrNull())
                .isNull();
    }

    @Test
    void verify_atTimeBeforeTheCertificates_isNotPassed() {
        VerificationReport report = verifier.verify(
                PdfInput.of(signedBySeal),
                VerifyOptions.DEFAULT.at(F.pki.createdAt().minusSeconds(86_400L * 365)));

        assertThat(report.validationTime()).isBefore(F.pki.createdAt());
        assertThat(report.verdict()).isNotEqualTo(Verdict.TOTAL_PASSED);
    }

    @Test
    void verify_customPolicyFile_isApplied(@TempDir Path dir) throws IOException {
        String defaults;
        try (InputStream in = PadesSignatureVerifier.class.getResourceAsStream("/policy/constraint.xml")) {
            defaults = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // DSS's default policy, except that only PAdES-BASELINE-LTA signatures are acceptable: this one is B-T
        String strict = defaults.replaceFirst(
                "(<SignatureConstraints>[\\s\\S]*?<AcceptableFormats Level=\"FAIL\">\\s*)<Id>\\*</Id>",
                "$1<Id>PAdES-BASELINE-LTA</Id>");
        assertThat(strict).isNotEqualTo(defaults);
        Path policy = Files.writeString(dir.resolve("constraint.xml"), strict);
        SignatureVerifier withPolicy = PadesSignatureVerifier.builder()
                .trustAnchors(List.of(F.pki.rootCa()))
                .localResponder(F.pki.publicUrl().toString(), SigningFixture.responder(F.pki))
                .policy(policy)
                .build();

        VerificationReport report = withPolicy.verify(PdfInput.of(signedBySeal));

        assertThat(report.verdict()).isNotEqualTo(Verdict.TOTAL_PASSED);
        assertThat(report.signatures().get(0).intact()).isTrue();
    }

    /** An incremental update that adds a content stream to page 1, as a forger editing a figure would. */
    private static byte[] appendPageContent(byte[] signed, String text) throws IOException {
        try (PDDocument doc = Loader.loadPDF(signed);
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = doc.getPage(0);
            try (PDPageContentStream cs =
                    new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.APPEND, true)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD), 14);
                cs.newLineAtOffset(72, 80);
                cs.showText(text);
                cs.endText();
            }
            page.getCOSObject().setNeedToBeUpdated(true);
            doc.getDocumentCatalog().getPages().getCOSObject().setNeedToBeUpdated(true);
            doc.saveIncremental(out);
            return out.toByteArray();
        }
    }
}
