package vn.signdesk.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.signdesk.signing.TestPdfs.aPdf;

import eu.europa.esig.dss.enumerations.CertificationPermission;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import vn.signdesk.pki.Identity;

/** Hostile and unusual input gives a typed error with a message a person understands. */
class BadInputIT {

    private static final SigningFixture F = new SigningFixture();
    private static final SignOptions BB = SignOptions.invisible(vn.signdesk.signing.SignatureLevel.B_B);

    private static byte[] sign(byte[] pdf) {
        return F.signer.sign(PdfInput.of(pdf), SigningFixture.key(F.pki.departmentSeal()), BB);
    }

    @Test
    void sign_notAPdf_isInvalidDocument() {
        assertThatThrownBy(() -> sign("Xin chào, đây không phải PDF".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessage("not a PDF: the file does not start with a %PDF- header");
    }

    @Test
    void sign_emptyFile_isInvalidDocument() {
        assertThatThrownBy(() -> sign(new byte[0]))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void sign_truncatedPdf_isInvalidDocument() {
        byte[] pdf = aPdf().pages(3).build();
        assertThatThrownBy(() -> sign(Arrays.copyOf(pdf, pdf.length * 2 / 3)))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("truncated");
    }

    @Test
    void sign_garbageBetweenHeaderAndEof_isInvalidDocument() {
        byte[] garbage = "%PDF-1.7\n\u0000\u0001 this is not a body \n%%EOF\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> sign(garbage)).isInstanceOf(InvalidDocumentException.class);
    }

    @Test
    void sign_encryptedWithoutPassword_asksForPassword() {
        byte[] pdf = aPdf().encrypted("mật-khẩu").build();
        assertThatThrownBy(() -> sign(pdf))
                .isInstanceOf(UnsupportedDocumentException.class)
                .hasMessageContaining("encrypted")
                .hasMessageContaining("password");
    }

    @Test
    void sign_encryptedWithWrongPassword_saysPasswordWrong() {
        byte[] pdf = aPdf().encrypted("mật-khẩu").build();
        assertThatThrownBy(() -> F.signer.sign(
                        PdfInput.withPassword(pdf, "sai"), SigningFixture.key(F.pki.departmentSeal()), BB))
                .isInstanceOf(UnsupportedDocumentException.class)
                .hasMessage("the password given does not open this encrypted PDF")
                .message()
                .doesNotContain("sai");
    }

    @Test
    void sign_encryptedWithRightPassword_signs() throws Exception {
        byte[] pdf = aPdf().encrypted("mật-khẩu").build();
        byte[] signed =
                F.signer.sign(PdfInput.withPassword(pdf, "mật-khẩu"), SigningFixture.key(F.pki.departmentSeal()), BB);
        assertThat(signed.length).isGreaterThan(pdf.length);
        assertThat(new String(signed, StandardCharsets.ISO_8859_1)).contains("/ByteRange");
    }

    @Test
    void sign_certifiedNoChanges_isUnsupported() {
        byte[] certified = certify(aPdf().build(), F.pki.branchCopy());
        assertThatThrownBy(() -> sign(certified))
                .isInstanceOf(UnsupportedDocumentException.class)
                .hasMessageContaining("DocMDP P=1");
    }

    @Test
    void sign_tooManyPages_isUnsupported() {
        PadesDocumentSigner small =
                F.signerBuilder().limits(new DocumentLimits(10L << 20, 5)).build();
        assertThatThrownBy(() -> small.sign(
                        PdfInput.of(aPdf().pages(6).build()), SigningFixture.key(F.pki.departmentSeal()), BB))
                .isInstanceOf(UnsupportedDocumentException.class)
                .hasMessage("the PDF has 6 pages; at most 5 are accepted");
    }

    @Test
    void sign_pageCountBomb_isRefusedWithoutWalkingPages() {
        // A one-page file whose page tree claims two billion pages.
        String original = new String(aPdf().uncompressed().build(), StandardCharsets.ISO_8859_1);
        assertThat(original).contains("/Count 1");
        String pdf = original.replace("/Count 1", "/Count 2000000000");
        assertThatThrownBy(() -> sign(pdf.getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(UnsupportedDocumentException.class)
                .hasMessageContaining("2000000000 pages");
    }

    @Test
    void sign_tooLarge_isInvalidDocument() {
        PadesDocumentSigner tiny =
                F.signerBuilder().limits(new DocumentLimits(1024, 10)).build();
        assertThatThrownBy(() -> tiny.sign(PdfInput.of(aPdf().build()), SigningFixture.key(F.pki.departmentSeal()), BB))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("larger than");
    }

    /** A certification signature with DocMDP P=1, made with plain DSS. */
    private static byte[] certify(byte[] pdf, Identity id) {
        PAdESService service = new PAdESService(new CommonCertificateVerifier());
        PAdESSignatureParameters p = new PAdESSignatureParameters();
        p.setSignatureLevel(SignatureLevel.PAdES_BASELINE_B);
        p.setSigningCertificate(new CertificateToken(id.certificate()));
        p.setPermission(CertificationPermission.NO_CHANGE_PERMITTED);
        InMemoryDocument doc = new InMemoryDocument(pdf);
        ToBeSigned tbs = service.getDataToSign(doc, p);
        try {
            Signature s = Signature.getInstance(p.getSignatureAlgorithm().getJCEId());
            s.initSign(id.privateKey());
            s.update(tbs.getBytes());
            return DSSUtils.toByteArray(
                    service.signDocument(doc, p, new SignatureValue(p.getSignatureAlgorithm(), s.sign())));
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
