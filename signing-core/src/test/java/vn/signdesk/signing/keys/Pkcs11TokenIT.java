package vn.signdesk.signing.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.signing.KeyAccessException;
import vn.signdesk.signing.SigningKey;

/**
 * Opens the demo keys from a real SoftHSM2 token (see {@link SoftHsmTestToken}) and signs with them
 * through SunPKCS11. Every test opens and closes its own token, since a login is shared by the whole
 * process and the wrong-PIN test needs a token nobody is logged in to.
 */
class Pkcs11TokenIT {

    private static DemoPki pki;

    @BeforeAll
    static void makeToken() {
        pki = SoftHsmTestToken.ensureInitialised();
    }

    @Test
    void key_byTokenLabel_signsWithTokenProviderAndVerifiesWithCertificate() throws Exception {
        try (Pkcs11Token token = Pkcs11Token.open(SoftHsmTestToken.config("test-hsm"))) {
            SigningKey key = token.key(SoftHsmTestToken.DEPARTMENT_SEAL_ALIAS, "department-seal");

            assertThat(key.label()).isEqualTo("department-seal");
            assertThat(key.providerOrNull()).isSameAs(token.provider());
            assertThat(key.providerOrNull().getName()).isEqualTo("SunPKCS11-SignDesk-test-hsm");
            assertThat(key.chain()).isEqualTo(pki.departmentSeal().chain());

            byte[] data = "Quyết định số 1/QĐ-STP".getBytes(StandardCharsets.UTF_8);
            byte[] signature = sign(key, data);
            assertThat(verify(key, data, signature)).isTrue();
            assertThat(verify(key, "other".getBytes(StandardCharsets.UTF_8), signature))
                    .isFalse();
        }
    }

    @Test
    void key_ecKeyOnToken_signsAndVerifies() throws Exception {
        try (Pkcs11Token token = Pkcs11Token.open(SoftHsmTestToken.config("test-hsm"))) {
            SigningKey key = token.key(SoftHsmTestToken.RESIDENT_EC_ALIAS, "resident-ec");
            byte[] data = {1, 2, 3};

            assertThat(key.certificate()).isEqualTo(pki.residentEc().certificate());
            assertThat(key.privateKey().getAlgorithm()).isEqualTo("EC");
            assertThat(verify(key, data, sign(key, data))).isTrue();
        }
    }

    @Test
    void key_sameKey100Signatures_allVerifyWithOneLogin() throws Exception {
        try (Pkcs11Token token = Pkcs11Token.open(SoftHsmTestToken.config("test-hsm"))) {
            SigningKey key = token.key(SoftHsmTestToken.DEPARTMENT_SEAL_ALIAS, "department-seal");

            for (int i = 0; i < 100; i++) {
                byte[] data = ("document " + i).getBytes(StandardCharsets.UTF_8);
                assertThat(verify(key, data, sign(key, data)))
                        .as("signature %d", i)
                        .isTrue();
            }

            assertThat(token.logins()).isEqualTo(1);
            assertThat(token.key(SoftHsmTestToken.DEPARTMENT_SEAL_ALIAS, "again")
                            .privateKey())
                    .isSameAs(key.privateKey());
        }
    }

    @Test
    void key_fourThreadsAtOnce_allSignaturesVerify() throws Exception {
        try (Pkcs11Token token = Pkcs11Token.open(SoftHsmTestToken.config("test-hsm"))) {
            SigningKey key = token.key(SoftHsmTestToken.DEPARTMENT_SEAL_ALIAS, "department-seal");
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    byte[] data = ("page " + i).getBytes(StandardCharsets.UTF_8);
                    results.add(pool.submit(() -> verify(key, data, sign(key, data))));
                }
                for (Future<Boolean> result : results) {
                    assertThat(result.get()).isTrue();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(token.logins()).isEqualTo(1);
        }
    }

    @Test
    void open_bySlotIndex_opensSameToken() throws Exception {
        // the token directory holds only the test token, which SoftHSM lists first
        var config =
                new Pkcs11TokenConfig("test-hsm", SoftHsmTestToken.LIBRARY, TokenSlot.index(0), SoftHsmTestToken.pin());
        try (Pkcs11Token token = Pkcs11Token.open(config)) {
            SigningKey key = token.key(SoftHsmTestToken.DEPARTMENT_SEAL_ALIAS, "department-seal");
            assertThat(verify(key, new byte[] {7}, sign(key, new byte[] {7}))).isTrue();
        }
    }

    @Test
    void open_wrongPin_throwsWithoutPinInMessageOrCauses() {
        String wrongPin = "000000";
        var config = new Pkcs11TokenConfig(
                "test-hsm",
                SoftHsmTestToken.LIBRARY,
                TokenSlot.label(SoftHsmTestToken.TOKEN_LABEL),
                wrongPin.toCharArray());

        assertThatThrownBy(() -> Pkcs11Token.open(config))
                .isInstanceOf(KeyAccessException.class)
                .hasMessage("PIN rejected by token 'test-hsm'")
                .satisfies(e -> assertNoSecretInChain(e, wrongPin, new String(SoftHsmTestToken.pin())));

        // a rejected open leaves nothing behind: the right PIN opens the token afterwards
        try (Pkcs11Token token = Pkcs11Token.open(SoftHsmTestToken.config("test-hsm"))) {
            assertThat(token.logins()).isEqualTo(1);
        }
    }

    @Test
    void key_missingAlias_throwsWithoutAlias() {
        try (Pkcs11Token token = Pkcs11Token.open(SoftHsmTestToken.config("test-hsm"))) {
            assertThatThrownBy(() -> token.key("no-such-key-7f3a", "archive-seal"))
                    .isInstanceOf(KeyAccessException.class)
                    .hasMessage("no key for 'archive-seal' in token 'test-hsm'")
                    .hasMessageNotContaining("no-such-key-7f3a");
        }
    }

    @Test
    void open_missingLibrary_throwsWithoutPath() {
        Path library = Path.of("/opt/vendor-x/lib/libabsent-pkcs11.so");
        var config = new Pkcs11TokenConfig("test-hsm", library, TokenSlot.index(0), SoftHsmTestToken.pin());

        assertThatThrownBy(() -> Pkcs11Token.open(config))
                .isInstanceOf(KeyAccessException.class)
                .hasMessage("cannot open token 'test-hsm': PKCS#11 library not found")
                .hasMessageNotContaining("vendor-x");
    }

    @Test
    void open_unknownTokenLabel_throws() {
        var config = new Pkcs11TokenConfig(
                "test-hsm", SoftHsmTestToken.LIBRARY, TokenSlot.label("no-such-token"), SoftHsmTestToken.pin());

        assertThatThrownBy(() -> Pkcs11Token.open(config))
                .isInstanceOf(KeyAccessException.class)
                .hasMessage("cannot open token 'test-hsm': no token with its label is present");
    }

    @Test
    void open_tokenAlreadyOpen_isRefusedUntilClosed() {
        Pkcs11Token first = Pkcs11Token.open(SoftHsmTestToken.config("test-hsm"));
        try {
            assertThatThrownBy(() -> Pkcs11Token.open(SoftHsmTestToken.config("test-hsm")))
                    .isInstanceOf(KeyAccessException.class)
                    .hasMessage("cannot open token 'test-hsm': it is already open in this service");
        } finally {
            first.close();
        }
        try (Pkcs11Token again = Pkcs11Token.open(SoftHsmTestToken.config("test-hsm"))) {
            assertThat(again.key(SoftHsmTestToken.DEPARTMENT_SEAL_ALIAS, "department-seal")
                            .chain())
                    .isNotEmpty();
        }
    }

    @Test
    void key_afterClose_throws() {
        Pkcs11Token token = Pkcs11Token.open(SoftHsmTestToken.config("test-hsm"));
        token.close();
        token.close();

        assertThatThrownBy(() -> token.key(SoftHsmTestToken.DEPARTMENT_SEAL_ALIAS, "department-seal"))
                .isInstanceOf(KeyAccessException.class)
                .hasMessage("token 'test-hsm' is closed");
    }

    @Test
    void config_toString_redactsPin() {
        assertThat(SoftHsmTestToken.config("test-hsm").toString())
                .contains("test-hsm")
                .doesNotContain(new String(SoftHsmTestToken.pin()));
    }

    private static void assertNoSecretInChain(Throwable e, String... secrets) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (String secret : secrets) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            }
        }
    }

    private static byte[] sign(SigningKey key, byte[] data) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(algorithm(key), key.providerOrNull());
        signature.initSign(key.privateKey());
        signature.update(data);
        return signature.sign();
    }

    private static boolean verify(SigningKey key, byte[] data, byte[] value) throws GeneralSecurityException {
        // verified in software, independently of the token
        Signature signature = Signature.getInstance(algorithm(key));
        signature.initVerify(key.certificate().getPublicKey());
        signature.update(data);
        return signature.verify(value);
    }

    private static String algorithm(SigningKey key) {
        return switch (key.certificate().getPublicKey().getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> throw new IllegalStateException("unexpected key type in the demo PKI");
        };
    }
}
