package vn.signdesk.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.signdesk.signing.TestPdfs.aPdf;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.simplereport.SimpleReport;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.pki.Identity;

/** Two-step signing with a key the service never sees; no state between the steps. */
class TwoStepSigningIT {

    private static final SigningFixture F = new SigningFixture();

    @TempDir
    Path tmp;

    private static byte[] signElsewhere(Identity id, PreparedSignature prepared) throws Exception {
        Signature s = Signature.getInstance(prepared.signatureAlgorithm());
        s.initSign(id.privateKey());
        s.update(prepared.dataToSign());
        return s.sign();
    }

    @Test
    void complete_onAnotherNode_givesValidSignature() throws Exception {
        Identity resident = F.pki.residentEc();
        byte[] pdf = aPdf().build();
        PreparedSignature prepared =
                F.signer.prepare(PdfInput.of(pdf), resident.chain(), SignOptions.invisible(SignatureLevel.B_T));

        assertThat(prepared.digest())
                .isEqualTo(MessageDigest.getInstance(prepared.digestAlgorithm()).digest(prepared.dataToSign()));
        PadesDocumentSigner otherNode = F.signerBuilder().build();
        byte[] signed = otherNode.complete(
                PdfInput.of(pdf), prepared.token(), signElsewhere(resident, prepared), resident.chain());

        assertThat(SigningFixture.pdfsig(signed, tmp))
                .contains("Signature is Valid.")
                .contains("Nguyễn Thị Lấp Lánh Ánh");
        SimpleReport simple = F.validate(signed).getSimpleReport();
        assertThat(simple.getIndication(simple.getFirstSignatureId())).isEqualTo(Indication.TOTAL_PASSED);
        assertThat(simple.getSignatureFormat(simple.getFirstSignatureId()).toString())
                .isEqualTo("PAdES-BASELINE-T");
    }

    @Test
    void complete_rsaResidentAtBLta_isValid() throws Exception {
        Identity resident = F.pki.residentRsa();
        byte[] pdf = aPdf().pages(2).build();
        PreparedSignature prepared =
                F.signer.prepare(PdfInput.of(pdf), resident.chain(), SignOptions.invisible(SignatureLevel.B_LTA));
        byte[] signed = F.signer.complete(
                PdfInput.of(pdf), prepared.token(), signElsewhere(resident, prepared), resident.chain());

        SimpleReport simple = F.validate(signed).getSimpleReport();
        assertThat(simple.getIndication(simple.getFirstSignatureId())).isEqualTo(Indication.TOTAL_PASSED);
        assertThat(simple.getSignatureFormat(simple.getFirstSignatureId()).toString())
                .isEqualTo("PAdES-BASELINE-LTA");
    }

    @Test
    void complete_tamperedToken_isRejected() throws Exception {
        Identity resident = F.pki.residentEc();
        byte[] pdf = aPdf().build();
        PreparedSignature prepared =
                F.signer.prepare(PdfInput.of(pdf), resident.chain(), SignOptions.invisible(SignatureLevel.B_B));
        String token = prepared.token();
        char flipped = token.charAt(5) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, 5) + flipped + token.substring(6);
        byte[] value = signElsewhere(resident, prepared);

        assertThatThrownBy(() -> F.signer.complete(PdfInput.of(pdf), tampered, value, resident.chain()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("altered");
    }

    @Test
    void complete_tokenFromAnotherInstallation_isRejected() throws Exception {
        Identity resident = F.pki.residentEc();
        byte[] pdf = aPdf().build();
        PreparedSignature prepared =
                F.signer.prepare(PdfInput.of(pdf), resident.chain(), SignOptions.invisible(SignatureLevel.B_B));
        PadesDocumentSigner stranger = F.signerBuilder().tokenKey(new byte[32]).build();

        assertThatThrownBy(() -> stranger.complete(
                        PdfInput.of(pdf), prepared.token(), signElsewhere(resident, prepared), resident.chain()))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void complete_otherDocument_isRejected() throws Exception {
        Identity resident = F.pki.residentEc();
        PreparedSignature prepared = F.signer.prepare(
                PdfInput.of(aPdf().build()), resident.chain(), SignOptions.invisible(SignatureLevel.B_B));

        assertThatThrownBy(() -> F.signer.complete(
                        PdfInput.of(aPdf().pages(2).build()),
                        prepared.token(),
                        signElsewhere(resident, prepared),
                        resident.chain()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("document differs");
    }

    @Test
    void complete_wrongSignatureValue_isRejected() throws Exception {
        Identity resident = F.pki.residentRsa();
        byte[] pdf = aPdf().build();
        PreparedSignature prepared =
                F.signer.prepare(PdfInput.of(pdf), resident.chain(), SignOptions.invisible(SignatureLevel.B_B));
        byte[] value = signElsewhere(resident, prepared);
        value[value.length / 2] ^= 1;

        assertThatThrownBy(() -> F.signer.complete(PdfInput.of(pdf), prepared.token(), value, resident.chain()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("does not verify");
    }

    @Test
    void complete_otherCertificate_isRejected() throws Exception {
        Identity resident = F.pki.residentRsa();
        byte[] pdf = aPdf().build();
        PreparedSignature prepared =
                F.signer.prepare(PdfInput.of(pdf), resident.chain(), SignOptions.invisible(SignatureLevel.B_B));

        assertThatThrownBy(() -> F.signer.complete(
                        PdfInput.of(pdf),
                        prepared.token(),
                        signElsewhere(resident, prepared),
                        F.pki.departmentSeal().chain()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("certificate differs");
    }

    @Test
    void complete_afterTokenLifetime_isRejected() throws Exception {
        Identity resident = F.pki.residentEc();
        byte[] pdf = aPdf().build();
        PreparedSignature prepared =
                F.signer.prepare(PdfInput.of(pdf), resident.chain(), SignOptions.invisible(SignatureLevel.B_B));
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofHours(1)), ZoneOffset.UTC);
        PadesDocumentSigner lateNode = F.signerBuilder().clock(later).build();

        assertThatThrownBy(() -> lateNode.complete(
                        PdfInput.of(pdf), prepared.token(), signElsewhere(resident, prepared), resident.chain()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("expired");
    }
}
