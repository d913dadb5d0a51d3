package vn.signdesk.signing.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.pki.DemoPki;

/** {@link TrustAnchors} on the files the demo PKI writes: PEM files, a folder of them, PKCS#12. */
class TrustAnchorsIT {

    @TempDir
    static Path dir;

    private static DemoPki pki;

    @BeforeAll
    static void writePki() {
        pki = DemoPki.loadOrCreate(dir.resolve("pki"), URI.create("http://localhost:8080"), Clock.systemUTC());
    }

    @Test
    void fromPem_rootFile_isTheRoot() {
        List<X509Certificate> anchors =
                TrustAnchors.fromPem(pki.pemFile(DemoPki.ROOT_CA).orElseThrow());

        assertThat(anchors).containsExactly(pki.rootCa());
    }

    @Test
    void fromPem_folder_readsEveryCertificateFileSortedByName() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("anchors"));
        Files.copy(pki.pemFile(DemoPki.ROOT_CA).orElseThrow(), folder.resolve("a-root.pem"));
        Files.copy(pki.pemFile(DemoPki.ISSUING_CA).orElseThrow(), folder.resolve("b-issuing.crt"));
        Files.writeString(folder.resolve("notes.txt"), "not a certificate");

        assertThat(TrustAnchors.fromPem(folder)).containsExactly(pki.rootCa(), pki.issuingCa());
    }

    @Test
    void fromKeyStore_pkcs12_readsItsChain() {
        List<X509Certificate> certs = TrustAnchors.fromKeyStore(
                pki.p12File(DemoPki.DEPARTMENT_SEAL).orElseThrow(), DemoPki.PASSWORD.toCharArray());

        assertThat(certs).contains(pki.departmentSeal().chain().get(0), pki.issuingCa());
    }

    @Test
    void fromKeyStore_wrongPassword_failsWithoutThePassword() {
        assertThatThrownBy(() -> TrustAnchors.fromKeyStore(
                        pki.p12File(DemoPki.DEPARTMENT_SEAL).orElseThrow(), "wrong-pw".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot read the keystore")
                .hasMessageNotContaining("wrong-pw");
    }

    @Test
    void fromPem_fileWithoutCertificate_fails() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");

        assertThatThrownBy(() -> TrustAnchors.fromPem(empty)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void build_unreadablePolicyFile_failsAtBuildTime() throws IOException {
        Path bad = Files.writeString(dir.resolve("policy.xml"), "<ConstraintsParameters>");

        assertThatThrownBy(() -> PadesSignatureVerifier.builder()
                        .certificateChecks(CertificateCheckSources.offline())
                        .policy(bad)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("validation policy");
    }
}
