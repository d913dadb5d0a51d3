package vn.signdesk.signing.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.signdesk.signing.verify.TrustedListFixture.GRANTED;
import static vn.signdesk.signing.verify.TrustedListFixture.WITHDRAWN;
import static vn.signdesk.signing.verify.TrustedListFixture.aListOfTrustedLists;
import static vn.signdesk.signing.verify.TrustedListFixture.aTrustedList;

import eu.europa.esig.dss.spi.tsl.TrustedListsCertificateSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.pki.Identity;
import vn.signdesk.pki.LoopbackPkiServer;
import vn.signdesk.signing.PadesDocumentSigner;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.SignOptions;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.SigningKey;
import vn.signdesk.signing.revocation.CertificateCheckConfig;
import vn.signdesk.signing.revocation.CertificateChecks;
import vn.signdesk.signing.verify.TrustedListFixture.Operator;
import vn.signdesk.signing.verify.VerificationReport.CertificateInfo;
import vn.signdesk.signing.verify.VerificationReport.Indication;
import vn.signdesk.signing.verify.VerificationReport.SignatureReport;
import vn.signdesk.signing.verify.VerificationReport.Verdict;
import vn.signdesk.signing.verify.report.ReportLanguage;
import vn.signdesk.signing.verify.report.ReportWords;

/**
 * Trust anchors from ETSI TS 119 612 trusted lists built and signed here: a document sealed under the
 * demo PKI verifies with a TL (or a LOTL pointing to it) as the only trust source, exactly as with the
 * PEM root; a list whose signature does not hold, or whose service is withdrawn, gives no trust.
 * Certificate checks go to the demo responder on loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrustedListIT {

    @TempDir
    Path dir;

    private LoopbackPkiServer server;
    private DemoPki pki;
    private CertificateChecks checks;
    private Operator operator;
    private byte[] sealed;

    @BeforeAll
    void signADocument() throws IOException {
        server = LoopbackPkiServer.start(0);
        pki = DemoPki.createInMemory(server.baseUrl(), Clock.systemUTC());
        server.setResponder(pki.responder());
        checks = CertificateChecks.create(
                CertificateCheckConfig.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        operator = TrustedListFixture.operator("Demo TL scheme operator");
        PadesDocumentSigner signer = PadesDocumentSigner.builder()
                .trustAnchors(List.of(pki.rootCa()))
                .build();
        sealed = signer.sign(
                PdfInput.of(onePagePdf()), key(pki.departmentSeal()), SignOptions.invisible(SignatureLevel.B_B));
    }

    @AfterAll
    void stop() {
        checks.close();
        server.close();
    }

    @Test
    void verify_trustedListGrantingTheIssuingCa_isTotalPassedAsWithThePemRoot() throws IOException {
        Path tl =
                write("tl.xml", aTrustedList().service(pki.issuingCa(), GRANTED).signedBy(operator));

        TrustedListsCertificateSource source = TrustAnchors.fromTrustedList(tl, List.of(operator.certificate()));
        VerificationReport withTl = verifier(source).verify(PdfInput.of(sealed));
        VerificationReport withPem = PadesSignatureVerifier.builder()
                .trustAnchors(List.of(pki.rootCa()))
                .certificateChecks(CertificateCheckSources.cached(checks))
                .build()
                .verify(PdfInput.of(sealed));

        assertThat(source.getNumberOfTrustedEntityKeys()).isEqualTo(1);
        assertThat(withTl.verdict()).isEqualTo(Verdict.TOTAL_PASSED).isEqualTo(withPem.verdict());
        SignatureReport s = withTl.signatures().get(0);
        assertThat(s.indication()).isEqualTo(Indication.TOTAL_PASSED);
        assertThat(s.chain())
                .filteredOn(CertificateInfo::trusted)
                .extracting(CertificateInfo::subject)
                .containsExactly(pki.issuingCa().getSubjectX500Principal().getName());
        assertThat(s.findings())
                .contains(new Finding.TrustedListService(
                        "VN", "SignDesk demo certification authority", "Demo issuing service", "granted"));
        assertThat(ReportWords.sentences(s.findings(), ReportLanguage.EN))
                .contains("Trust anchor from the trusted list of VN: service \"Demo issuing service\" of"
                        + " \"SignDesk demo certification authority\", status granted.");
        assertThat(withPem.signatures().get(0).findings()).noneMatch(Finding.TrustedListService.class::isInstance);
    }

    @Test
    void verify_noTrustSourceAtAll_hasNoChain() {
        VerificationReport report = PadesSignatureVerifier.builder()
                .certificateChecks(CertificateCheckSources.cached(checks))
                .build()
                .verify(PdfInput.of(sealed));

        SignatureReport s = report.signatures().get(0);
        assertThat(s.indication()).isEqualTo(Indication.INDETERMINATE);
        assertThat(s.subIndicationOrNull()).isEqualTo("NO_CERTIFICATE_CHAIN_FOUND");
    }

    @Test
    void verify_serviceWithdrawn_isNotATrustAnchor() throws IOException {
        Path tl = write(
                "withdrawn.xml",
                aTrustedList().service(pki.issuingCa(), WITHDRAWN).signedBy(operator));

        VerificationReport report = verifier(TrustAnchors.fromTrustedList(tl, List.of(operator.certificate())))
                .verify(PdfInput.of(sealed));

        SignatureReport s = report.signatures().get(0);
        assertThat(s.indication()).isEqualTo(Indication.INDETERMINATE);
        assertThat(s.subIndicationOrNull()).isEqualTo("NO_CERTIFICATE_CHAIN_FOUND");
        assertThat(s.chain()).noneMatch(CertificateInfo::trusted);
    }

    @Test
    void fromTrustedList_tamperedAfterSigning_isRefused() throws IOException {
        String signed = new String(
                aTrustedList().service(pki.issuingCa(), WITHDRAWN).signedBy(operator), StandardCharsets.UTF_8);
        // a withdrawn CA "re-granted" by editing the signed list
        Path tl = write("tampered.xml", signed.replace(WITHDRAWN, GRANTED).getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> TrustAnchors.fromTrustedList(tl, List.of(operator.certificate())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tampered.xml is refused")
                .hasMessageContaining("signature is not valid")
                .hasMessageContaining("TOTAL_FAILED");
    }

    @Test
    void fromTrustedList_signedByAnotherOperator_isRefused() throws IOException {
        Operator impostor = TrustedListFixture.operator("Someone else");
        Path tl = write(
                "impostor.xml", aTrustedList().service(pki.issuingCa(), GRANTED).signedBy(impostor));

        assertThatThrownBy(() -> TrustAnchors.fromTrustedList(tl, List.of(operator.certificate())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("signature is not valid for the given signing certificate")
                .hasMessageContaining("INDETERMINATE");
    }

    @Test
    void fromTrustedList_pastItsNextUpdate_isRefused() throws IOException {
        Path tl = write(
                "expired.xml",
                aTrustedList()
                        .issuedAt(Instant.now().minus(200, ChronoUnit.DAYS), Duration.ofDays(180))
                        .service(pki.issuingCa(), GRANTED)
                        .signedBy(operator));

        assertThatThrownBy(() -> TrustAnchors.fromTrustedList(tl, List.of(operator.certificate())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void fromTrustedList_notAList_isRefused() throws IOException {
        Path notXml = Files.writeString(dir.resolve("notes.xml"), "<notes>nothing</notes>");

        assertThat(TrustAnchors.isTrustedList(notXml)).isFalse();
        assertThatThrownBy(() -> TrustAnchors.fromTrustedList(notXml, List.of(operator.certificate())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("notes.xml is refused");
    }

    @Test
    void verify_listOfTrustedListsPointingToTheTl_isTotalPassed() throws IOException {
        Operator tlOperator = TrustedListFixture.operator("Demo national TL operator");
        String location = "https://tl.example.vn/VN-TL.xml";
        Path tl = write(
                "vn-tl.xml", aTrustedList().service(pki.issuingCa(), GRANTED).signedBy(tlOperator));
        Path lotl = write(
                "lotl.xml",
                aListOfTrustedLists()
                        .pointer(location, tlOperator.certificate())
                        .signedBy(operator));

        assertThat(TrustAnchors.isTrustedList(lotl)).isTrue();
        assertThat(TrustAnchors.isListOfTrustedLists(lotl)).isTrue();
        assertThat(TrustAnchors.isListOfTrustedLists(tl)).isFalse();
        TrustedListsCertificateSource source =
                TrustAnchors.fromListOfTrustedLists(lotl, Map.of(location, tl), List.of(operator.certificate()));
        VerificationReport report = verifier(source).verify(PdfInput.of(sealed));

        assertThat(report.verdict()).isEqualTo(Verdict.TOTAL_PASSED);
        assertThat(source.getSummary().getLOTLInfos().get(0).getTLInfos()).hasSize(1);
    }

    @Test
    void fromListOfTrustedLists_tlSignedBySomeoneTheLotlDoesNotName_isRefused() throws IOException {
        Operator tlOperator = TrustedListFixture.operator("Demo national TL operator");
        String location = "https://tl.example.vn/VN-TL.xml";
        // the TL is signed by the LOTL operator, but the LOTL says the national operator signs it
        Path tl = write(
                "vn-tl-wrong.xml",
                aTrustedList().service(pki.issuingCa(), GRANTED).signedBy(operator));
        Path lotl = write(
                "lotl-wrong.xml",
                aListOfTrustedLists()
                        .pointer(location, tlOperator.certificate())
                        .signedBy(operator));

        assertThatThrownBy(() -> TrustAnchors.fromListOfTrustedLists(
                        lotl, Map.of(location, tl), List.of(operator.certificate())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no trusted list of");
    }

    @Test
    void fromListOfTrustedLists_tamperedLotl_isRefused() throws IOException {
        String location = "https://tl.example.vn/VN-TL.xml";
        Path tl = write(
                "vn-tl-2.xml", aTrustedList().service(pki.issuingCa(), GRANTED).signedBy(operator));
        String signed = new String(
                aListOfTrustedLists().pointer(location, operator.certificate()).signedBy(operator),
                StandardCharsets.UTF_8);
        Path lotl = write(
                "lotl-tampered.xml",
                signed.replace("Demo scheme operator", "Another operator").getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> TrustAnchors.fromListOfTrustedLists(
                        lotl, Map.of(location, tl), List.of(operator.certificate())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("list of trusted lists")
                .hasMessageContaining("signature is not valid");
    }

    private PadesSignatureVerifier verifier(TrustedListsCertificateSource source) {
        return PadesSignatureVerifier.builder()
                .trustedList(source)
                .certificateChecks(CertificateCheckSources.cached(checks))
                .build();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
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
