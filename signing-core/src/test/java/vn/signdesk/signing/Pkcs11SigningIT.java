package vn.signdesk.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.signdesk.signing.TestPdfs.aPdf;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.simplereport.SimpleReport;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.signing.keys.Pkcs11Token;
import vn.signdesk.signing.keys.SoftHsmTestToken;

/**
 * The department seal in a real SoftHSM2 token signs PDFs end to end through the PAdES signer:
 * the key never leaves the token, and the result is valid for pdfsig and DSS.
 */
class Pkcs11SigningIT {

    private static DemoPki pki;
    private static Pkcs11Token token;
    private static SigningFixture fixture;
    private static PadesDocumentSigner signer;

    @TempDir
    Path tmp;

    @BeforeAll
    static void openToken() {
        pki = SoftHsmTestToken.ensureInitialised();
        token = Pkcs11Token.open(SoftHsmTestToken.config("hsm-signing-test"));
        fixture = new SigningFixture(pki);
        signer = fixture.signer;
    }

    @AfterAll
    static void closeToken() {
        if (token != null) {
            token.close();
        }
    }

    @Test
    void sign_tokenKeyAtBLta_validForPdfsigAndDss() throws Exception {
        SigningKey seal = token.key(SoftHsmTestToken.DEPARTMENT_SEAL_ALIAS, "department-seal");
        assertThat(seal.providerOrNull()).isNotNull();

        byte[] signed =
                signer.sign(PdfInput.of(aPdf().pages(3).build()), seal, SignOptions.invisible(SignatureLevel.B_LTA));

        assertThat(SigningFixture.pdfsig(signed, tmp))
                .contains("Signature is Valid.")
                .contains("Sở Tư pháp Thành phố Hà Nội");
        SimpleReport simple = fixture.validate(signed).getSimpleReport();
        assertThat(simple.getIndication(simple.getFirstSignatureId())).isEqualTo(Indication.TOTAL_PASSED);
        assertThat(simple.getSignatureFormat(simple.getFirstSignatureId()).toString())
                .isEqualTo("PAdES-BASELINE-LTA");
    }

    @Test
    void sign_tokenEcKeyAtBB_valid() throws Exception {
        SigningKey resident = token.key(SoftHsmTestToken.RESIDENT_EC_ALIAS, "resident-ec");
        byte[] signed = signer.sign(PdfInput.of(aPdf().build()), resident, SignOptions.invisible(SignatureLevel.B_B));

        assertThat(SigningFixture.pdfsig(signed, tmp))
                .contains("Signature is Valid.")
                .contains("Nguyễn Thị Lấp Lánh Ánh");
    }
}
