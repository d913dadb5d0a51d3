package vn.signdesk.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.signdesk.signing.TestPdfs.aPdf;

import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.TimestampType;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.validation.reports.Reports;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.signing.appearance.CopyStamp;
import vn.signdesk.signing.appearance.Placement;
import vn.signdesk.signing.appearance.SignatureAppearance;

/**
 * Signs with the demo department seal at every level and checks the result three ways: poppler's
 * pdfsig (independent verifier), the PDF structure (timestamps, /DSS, document timestamp) read with
 * PDFBox, and DSS validation with the demo root as the only trust anchor.
 */
class PadesDocumentSignerIT {

    private static final SigningFixture F = new SigningFixture();

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(SignatureLevel.class)
    void sign_departmentSeal_isValidForPdfsigAndDssAtRequestedLevel(SignatureLevel level) throws Exception {
        byte[] signed = F.signer.sign(
                PdfInput.of(aPdf().pages(2).build()),
                SigningFixture.key(F.pki.departmentSeal()),
                SignOptions.invisible(level));

        int expectedSignatures = level == SignatureLevel.B_LTA ? 2 : 1;
        assertThat(SigningFixture.signatureCount(signed)).isEqualTo(expectedSignatures);
        assertThat(F.independentlyVerified(signed, tmp)).isEqualTo(expectedSignatures);
        assertThat(SigningFixture.pdfsig(signed, tmp))
                .contains("Signature is Valid.")
                .contains("Sở Tư pháp Thành phố Hà Nội");

        Reports reports = F.validate(signed);
        SimpleReport simple = reports.getSimpleReport();
        assertThat(simple.getSignatureIdList()).hasSize(1);
        String id = simple.getFirstSignatureId();
        assertThat(simple.getIndication(id)).as(simple.toString()).isEqualTo(Indication.TOTAL_PASSED);
        assertThat(simple.getSignatureFormat(id)).isEqualTo(PadesDocumentSigner.dssLevel(level));

        SignatureWrapper sig = reports.getDiagnosticData().getSignatureById(id);
        long signatureTimestamps = sig.getTimestampList().stream()
                .filter(t -> t.getType() == TimestampType.SIGNATURE_TIMESTAMP)
                .count();
        assertThat(signatureTimestamps).isEqualTo(level.needsTimestamp() ? 1 : 0);

        try (PDDocument pdf = Loader.loadPDF(signed)) {
            COSDictionary dss = pdf.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.getPDFName("DSS"));
            if (level == SignatureLevel.B_LT || level == SignatureLevel.B_LTA) {
                assertThat(dss).as("/DSS dictionary").isNotNull();
                int ocsps = size(dss, "OCSPs");
                int crls = size(dss, "CRLs");
                assertThat(ocsps + crls).as("revocation entries in /DSS").isGreaterThanOrEqualTo(2);
                assertThat(size(dss, "Certs")).isGreaterThanOrEqualTo(2);
            } else {
                assertThat(dss).isNull();
            }
            List<PDSignature> signatures = pdf.getSignatureDictionaries();
            PDSignature last = signatures.get(signatures.size() - 1);
            if (level == SignatureLevel.B_LTA) {
                assertThat(last.getSubFilter()).isEqualTo("ETSI.RFC3161");
                assertThat(last.getCOSObject().getCOSName(COSName.TYPE)).isEqualTo(COSName.DOC_TIME_STAMP);
            } else {
                assertThat(last.getSubFilter()).isEqualTo("ETSI.CAdES.detached");
            }
        }
    }

    @Test
    void sign_residentThenBranch_bothSignaturesStayValid() throws Exception {
        byte[] byResident = F.signer.sign(
                PdfInput.of(aPdf().build()),
                SigningFixture.key(F.pki.residentEc()),
                SignOptions.invisible(SignatureLevel.B_T));
        byte[] byBranch = F.signer.sign(
                PdfInput.of(byResident),
                SigningFixture.key(F.pki.branchCopy()),
                SignOptions.invisible(SignatureLevel.B_LTA));

        assertThat(SigningFixture.signatureCount(byBranch)).isEqualTo(3);
        assertThat(F.independentlyVerified(byBranch, tmp)).isEqualTo(3);
        assertThat(SigningFixture.pdfsig(byBranch, tmp))
                .contains("Nguyễn Thị Lấp Lánh Ánh")
                .contains("Chi nhánh số 1 - Trung tâm Phục vụ hành chính công Hà Nội");

        SimpleReport simple = F.validate(byBranch).getSimpleReport();
        assertThat(simple.getSignatureIdList()).hasSize(2);
        for (String id : simple.getSignatureIdList()) {
            assertThat(simple.getIndication(id)).as(simple.getSignedBy(id)).isEqualTo(Indication.TOTAL_PASSED);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = SignatureLevel.class,
            names = {"B_T", "B_LT", "B_LTA"})
    void extend_fromBB_reachesRequestedLevel(SignatureLevel level) throws Exception {
        byte[] bb = F.signer.sign(
                PdfInput.of(aPdf().build()),
                SigningFixture.key(F.pki.departmentSeal()),
                SignOptions.invisible(SignatureLevel.B_B));
        byte[] extended = F.signer.extend(PdfInput.of(bb), level);

        assertThat(extended).startsWith(java.util.Arrays.copyOf(bb, bb.length));
        SimpleReport simple = F.validate(extended).getSimpleReport();
        String id = simple.getFirstSignatureId();
        assertThat(simple.getIndication(id)).isEqualTo(Indication.TOTAL_PASSED);
        assertThat(simple.getSignatureFormat(id)).isEqualTo(PadesDocumentSigner.dssLevel(level));
        assertThat(F.independentlyVerified(extended, tmp)).isEqualTo(SigningFixture.signatureCount(extended));
    }

    @Test
    void sign_visibleSealAtBLta_validAndNameExtractable() throws Exception {
        SignatureAppearance appearance = SignatureAppearance.withImages(
                Placement.onPageMm(1, 95, 220, 100, 50),
                "Sở Tư pháp Thành phố Hà Nội",
                "Ủy ban nhân dân Thành phố Hà Nội",
                F.pki.signatureImagePng(),
                F.pki.sealImagePng(),
                DemoPki.SEAL_DIAMETER_MM);
        byte[] signed = F.signer.sign(
                PdfInput.of(aPdf().build()),
                SigningFixture.key(F.pki.departmentSeal()),
                SignOptions.visible(SignatureLevel.B_LTA, appearance));

        assertThat(F.independentlyVerified(signed, tmp)).isEqualTo(2);
        String text = SigningFixture.pdftotext(signed, tmp);
        assertThat(text)
                .contains("Ký bởi: Sở Tư pháp Thành phố Hà Nội")
                .contains("Ủy ban nhân dân Thành phố Hà Nội")
                .containsPattern("Thời gian ký: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+07:00");
        SimpleReport simple = F.validate(signed).getSimpleReport();
        assertThat(simple.getIndication(simple.getFirstSignatureId())).isEqualTo(Indication.TOTAL_PASSED);
    }

    @Test
    void sign_copyStamp_validAndStampTextExtractable() throws Exception {
        byte[] signed = F.signer.sign(
                PdfInput.of(aPdf().build()),
                SigningFixture.key(F.pki.branchCopy()),
                SignOptions.copyStamp(
                        SignatureLevel.B_T,
                        CopyStamp.electronicCopy("Chi nhánh số 1 - Trung tâm Phục vụ hành chính công Hà Nội")));

        assertThat(F.independentlyVerified(signed, tmp)).isEqualTo(1);
        assertThat(SigningFixture.pdftotext(signed, tmp))
                .contains("BẢN SAO ĐIỆN TỬ")
                .contains("Chi nhánh số 1 - Trung tâm Phục vụ hành chính công Hà Nội");
    }

    @Test
    void sign_visibleOnMissingPage_isClearError() {
        SignatureAppearance appearance =
                SignatureAppearance.textOnly(Placement.onPageMm(7, 10, 10, 80, 30), "Nguyễn Thị Lấp Lánh Ánh", null);
        assertThatThrownBy(() -> F.signer.sign(
                        PdfInput.of(aPdf().build()),
                        SigningFixture.key(F.pki.residentRsa()),
                        SignOptions.visible(SignatureLevel.B_B, appearance)))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("7");
    }

    @Test
    void extend_toBB_isRefused() {
        assertThatThrownBy(() -> F.signer.extend(PdfInput.of(aPdf().build()), SignatureLevel.B_B))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void extend_unsignedPdf_isUnsupported() {
        assertThatThrownBy(() -> F.signer.extend(PdfInput.of(aPdf().build()), SignatureLevel.B_T))
                .isInstanceOf(UnsupportedDocumentException.class)
                .hasMessageContaining("no signature");
    }

    @Test
    void timestamp_unsignedPdf_addsValidDocumentTimestamp() throws Exception {
        byte[] stamped = F.signer.timestamp(PdfInput.of(aPdf().build()));

        try (PDDocument pdf = Loader.loadPDF(stamped)) {
            List<PDSignature> sigs = pdf.getSignatureDictionaries();
            assertThat(sigs).hasSize(1);
            assertThat(sigs.get(0).getSubFilter()).isEqualTo("ETSI.RFC3161");
        }
        assertThat(F.independentlyVerified(stamped, tmp)).isEqualTo(1);
        Reports reports = F.validate(stamped);
        assertThat(reports.getDiagnosticData().getTimestampList()).hasSize(1);
        assertThat(reports.getDiagnosticData().getTimestampList().get(0).isSignatureValid())
                .isTrue();
        assertThat(reports.getDiagnosticData().getTimestampList().get(0).isMessageImprintDataIntact())
                .isTrue();
    }

    @Test
    void sign_timestampAuthorityDown_failsInsteadOfDowngrading() {
        PadesDocumentSigner noTsa = F.signerBuilder()
                .timestamper((oid, digest) -> {
                    throw new TimestampUnavailableException(
                            "timestamp unavailable: no timestamp authority answered (1 tried)", null);
                })
                .build();

        assertThatThrownBy(() -> noTsa.sign(
                        PdfInput.of(aPdf().build()),
                        SigningFixture.key(F.pki.departmentSeal()),
                        SignOptions.invisible(SignatureLevel.B_T)))
                .isInstanceOf(TimestampUnavailableException.class)
                .hasMessageContaining("timestamp unavailable");
    }

    @Test
    void sign_expiredSigner_isKeyAccessError() {
        assertThatThrownBy(() -> F.signer.sign(
                        PdfInput.of(aPdf().build()),
                        SigningFixture.key(F.pki.expired()),
                        SignOptions.invisible(SignatureLevel.B_B)))
                .isInstanceOf(KeyAccessException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void sign_revokedSignerAtBLt_isRefused() {
        assertThatThrownBy(() -> F.signer.sign(
                        PdfInput.of(aPdf().build()),
                        SigningFixture.key(F.pki.revoked()),
                        SignOptions.invisible(SignatureLevel.B_LT)))
                .isInstanceOf(KeyAccessException.class)
                .hasMessageContaining("revoked");
    }

    private static int size(COSDictionary dict, String key) {
        return dict.getDictionaryObject(COSName.getPDFName(key)) instanceof COSArray a ? a.size() : 0;
    }
}
