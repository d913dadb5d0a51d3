package vn.signdesk.signing.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.pki.Identity;
import vn.signdesk.pki.LoopbackPkiServer;
import vn.signdesk.signing.PadesDocumentSigner;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.SignOptions;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.SigningKey;
import vn.signdesk.signing.verify.CertificateCheckSources;
import vn.signdesk.signing.verify.PadesSignatureVerifier;
import vn.signdesk.signing.verify.VerificationReport;
import vn.signdesk.signing.verify.report.ReportLanguage;
import vn.signdesk.signing.verify.report.ReportWords;

/**
 * DSS validation of PDFs signed under the demo PKI, with revocation data from {@link CertificateChecks}
 * fetched from the demo responder on loopback: the verdicts DSS reaches and the requests they cost.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevocationValidationIT {

    private LoopbackPkiServer server;
    private DemoPki pki;
    private byte[] signedByResident;
    private byte[] signedByRevoked;

    @BeforeAll
    void signDocuments() throws IOException {
        server = LoopbackPkiServer.start(0);
        pki = DemoPki.createInMemory(server.baseUrl(), Clock.systemUTC());
        server.setResponder(pki.responder());
        PadesDocumentSigner signer = PadesDocumentSigner.builder()
                .trustAnchors(List.of(pki.rootCa()))
                .build();
        byte[] pdf = onePagePdf();
        signedByResident =
                signer.sign(PdfInput.of(pdf), key(pki.residentRsa()), SignOptions.invisible(SignatureLevel.B_B));
        signedByRevoked = signer.sign(PdfInput.of(pdf), key(pki.revoked()), SignOptions.invisible(SignatureLevel.B_B));
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @BeforeEach
    void serverUp() {
        server.setUnavailable(false);
        server.resetCounts();
    }

    @Test
    void validate_goodAndRevokedSigners_areJudgedAndSecondValidationAsksNobody() {
        try (CertificateChecks checks = CertificateChecks.create(config())) {
            SimpleReport good = validate(signedByResident, checks);
            SimpleReport revoked = validate(signedByRevoked, checks);

            assertThat(good.getIndication(good.getFirstSignatureId())).isEqualTo(Indication.TOTAL_PASSED);
            assertRevoked(revoked);
            assertThat(server.requestCount()).isPositive();

            server.resetCounts();
            SimpleReport goodAgain = validate(signedByResident, checks);
            SimpleReport revokedAgain = validate(signedByRevoked, checks);

            assertThat(goodAgain.getIndication(goodAgain.getFirstSignatureId())).isEqualTo(Indication.TOTAL_PASSED);
            assertRevoked(revokedAgain);
            assertThat(server.requestCount()).isZero();
        }
    }

    /**
     * DSS 6.4's default policy says INDETERMINATE / CERTIFICATE_CHAIN_GENERAL_FAILURE with "no
     * revocation data found" (BBB_XCV_IRDPFC_ANS) here; DSS keeps TRY_LATER for revocation data that is
     * present but not fresh, so the verifier maps this case to TRY_LATER itself.
     */
    @Test
    void validate_responderDownWithColdCache_isIndeterminateForLackOfRevocationData() {
        server.setUnavailable(true);
        try (CertificateChecks checks = CertificateChecks.create(config())) {
            SimpleReport report = validate(signedByResident, checks);

            String id = report.getFirstSignatureId();
            assertThat(report.getIndication(id)).isEqualTo(Indication.INDETERMINATE);
            assertThat(report.getSubIndication(id)).isEqualTo(SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE);
            assertThat(report.getAdESValidationErrors(id))
                    .extracting(m -> m.getKey())
                    .contains("BBB_XCV_IRDPFC_ANS");
            assertThat(server.requestCount(LoopbackPkiServer.OCSP)).isPositive();
            assertThat(checks.stats().ocsp().loadFailures()).isPositive();
        }
    }

    /** The report says once, not once per check that noticed, that revocation data could not be had. */
    @Test
    void verify_responderDownWithColdCache_saysOnceThatTheRevocationStatusCouldNotBeObtained() {
        server.setUnavailable(true);
        try (CertificateChecks checks = CertificateChecks.create(config())) {
            VerificationReport report = PadesSignatureVerifier.builder()
                    .trustAnchors(List.of(pki.rootCa()))
                    .certificateChecks(CertificateCheckSources.cached(checks))
                    .build()
                    .verify(PdfInput.of(signedByResident));

            VerificationReport.SignatureReport signature = report.signatures().get(0);
            assertThat(signature.subIndicationOrNull()).isEqualTo("TRY_LATER");
            assertThat(ReportWords.sentences(signature.findings(), ReportLanguage.EN))
                    .filteredOn(m -> m.contains("revocation status could not be obtained"))
                    .hasSize(1);
            assertThat(ReportWords.sentences(signature.findings(), ReportLanguage.VI))
                    .filteredOn(m -> m.contains("thông tin thu hồi"))
                    .hasSize(1);
            assertThat(ReportWords.sentences(signature.findings(), ReportLanguage.EN))
                    .doesNotHaveDuplicates();
        }
    }

    private static void assertRevoked(SimpleReport report) {
        String id = report.getFirstSignatureId();
        Indication indication = report.getIndication(id);
        SubIndication sub = report.getSubIndication(id);
        assertThat(indication + "/" + sub).isIn("TOTAL_FAILED/REVOKED", "INDETERMINATE/REVOKED_NO_POE");
    }

    private static CertificateCheckConfig config() {
        return CertificateCheckConfig.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    private SimpleReport validate(byte[] pdf, CertificateChecks checks) {
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(pki.rootCa()));
        verifier.setTrustedCertSources(trusted);
        verifier.setOcspSource(checks.ocspSource());
        verifier.setCrlSource(checks.crlSource());
        verifier.setAIASource(checks.aiaSource());
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(pdf));
        validator.setCertificateVerifier(verifier);
        return validator.validateDocument().getSimpleReport();
    }

    private static SigningKey key(Identity id) {
        return new SigningKey(id.name(), id.privateKey(), null, id.chain());
    }

    private static byte[] onePagePdf() throws IOException {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.addPage(new PDPage());
            doc.save(out);
            return out.toByteArray();
        }
    }
}
