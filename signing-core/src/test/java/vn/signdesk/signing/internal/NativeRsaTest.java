package vn.signdesk.signing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import vn.signdesk.pki.DemoPki;

/** The native RSA provider on this platform (linux-x86_64), checked against the JDK. */
class NativeRsaTest {

    private static final DemoPki PKI =
            DemoPki.createInMemory(URI.create("http://pki.signdesk.test"), Clock.systemUTC());

    @Test
    void provider_onLinuxX8664_loads() {
        assertThat(NativeRsa.provider())
                .as("Amazon Corretto Crypto Provider on " + System.getProperty("os.arch"))
                .isPresent();
    }

    @Test
    void translate_softwareRsaKey_signsWhatTheJdkVerifies() throws Exception {
        PrivateKey key = NativeRsa.translate(
                        PKI.departmentSeal().privateKey(), PKI.departmentSeal().certificate())
                .orElseThrow();
        byte[] data = "Quyết định số 42".getBytes(StandardCharsets.UTF_8);

        Signature signer =
                Signature.getInstance("SHA256withRSA", NativeRsa.provider().orElseThrow());
        signer.initSign(key);
        signer.update(data);
        byte[] value = signer.sign();

        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(PKI.departmentSeal().certificate().getPublicKey());
        verifier.update(data);
        assertThat(verifier.verify(value)).isTrue();
        assertThat(signer.getProvider().getName())
                .isNotEqualTo(verifier.getProvider().getName());
    }

    @Test
    void translate_sameKeyTwice_isTranslatedOnce() {
        PrivateKey first = NativeRsa.translate(
                        PKI.residentRsa().privateKey(), PKI.residentRsa().certificate())
                .orElseThrow();
        PrivateKey second = NativeRsa.translate(
                        PKI.residentRsa().privateKey(), PKI.residentRsa().certificate())
                .orElseThrow();

        assertThat(second).isSameAs(first);
    }

    @Test
    void translate_keyOfAnotherCertificate_staysOnJdk() {
        assertThat(NativeRsa.translate(
                        PKI.branchCopy().privateKey(), PKI.departmentSeal().certificate()))
                .isEmpty();
    }

    @Test
    void translate_ecKey_staysOnJdk() {
        assertThat(NativeRsa.translate(
                        PKI.residentEc().privateKey(), PKI.residentEc().certificate()))
                .isEmpty();
    }
}
