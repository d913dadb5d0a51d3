package vn.signdesk.signing.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.Certificate;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.pki.Identity;
import vn.signdesk.signing.KeyAccessException;
import vn.signdesk.signing.SigningKey;

/** Opens PKCS#12 files written by the demo PKI, and ones broken on purpose. */
class Pkcs12KeysIT {

    @TempDir
    static Path pkiDir;

    static DemoPki pki;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeDemoPki() {
        pki = DemoPki.loadOrCreate(pkiDir, URI.create("http://127.0.0.1:1"), Clock.systemUTC());
    }

    private static Path departmentSealFile() {
        return pkiDir.resolve("department-seal.p12");
    }

    @Test
    void open_demoDepartmentSealWithoutAlias_returnsSoftwareKeyAndFullChain() throws Exception {
        SigningKey key = Pkcs12Keys.open(departmentSealFile(), "demo".toCharArray(), null, "department-seal");

        assertThat(key.label()).isEqualTo("department-seal");
        assertThat(key.providerOrNull()).isNull();
        assertThat(key.chain()).hasSize(3).isEqualTo(pki.departmentSeal().chain());
        assertThat(key.certificate().getSubjectX500Principal().getName()).contains("Sở Tư pháp Thành phố Hà Nội");

        byte[] data = "Quyết định".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withRSA");
        signer.initSign(key.privateKey());
        signer.update(data);
        byte[] value = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(key.certificate().getPublicKey());
        verifier.update(data);
        assertThat(verifier.verify(value)).isTrue();
    }

    @Test
    void open_withItsAlias_returnsSameKey() {
        SigningKey key = Pkcs12Keys.open(departmentSealFile(), "demo".toCharArray(), "department-seal", "seal");

        assertThat(key.certificate()).isEqualTo(pki.departmentSeal().certificate());
    }

    @Test
    void open_wrongPassword_throwsNamingOnlyTheLabel() {
        assertThatThrownBy(
                        () -> Pkcs12Keys.open(departmentSealFile(), "not-demo".toCharArray(), null, "department-seal"))
                .isInstanceOf(KeyAccessException.class)
                .hasMessage("cannot open key 'department-seal': wrong password");
    }

    @Test
    void open_missingFile_throwsWithPathOnlyInCause() {
        Path missing = dir.resolve("archive-seal.p12");

        assertThatThrownBy(() -> Pkcs12Keys.open(missing, "demo".toCharArray(), null, "archive"))
                .isInstanceOf(KeyAccessException.class)
                .hasMessage("cannot open key 'archive': key file not found")
                .hasMessageNotContaining(dir.toString())
                .cause()
                .hasMessageContaining("archive-seal.p12");
    }

    @Test
    void open_notPkcs12_throwsCannotBeRead() throws Exception {
        Path garbage =
                Files.write(dir.resolve("seal.p12"), "-----BEGIN NOTHING-----".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> Pkcs12Keys.open(garbage, "demo".toCharArray(), null, "seal"))
                .isInstanceOf(KeyAccessException.class)
                .hasMessageStartingWith("cannot open key 'seal': ")
                .hasMessageNotContaining(dir.toString());
    }

    @Test
    void open_twoKeysWithoutAlias_asksForOne_andOpensEachByAlias() throws Exception {
        Path file = twoKeyFile(pki.departmentSeal(), pki.branchCopy());

        assertThatThrownBy(() -> Pkcs12Keys.open(file, "demo".toCharArray(), null, "shared"))
                .isInstanceOf(KeyAccessException.class)
                .hasMessage("cannot open key 'shared': the key file holds 2 keys; name the one to use");
        assertThat(Pkcs12Keys.open(file, "demo".toCharArray(), "branch-copy", "branch")
                        .certificate())
                .isEqualTo(pki.branchCopy().certificate());
    }

    @Test
    void open_unknownAlias_throwsWithoutAlias() {
        assertThatThrownBy(
                        () -> Pkcs12Keys.open(departmentSealFile(), "demo".toCharArray(), "no-such-alias-5d1", "seal"))
                .isInstanceOf(KeyAccessException.class)
                .hasMessage("cannot open key 'seal': no such key in the key file")
                .hasMessageNotContaining("no-such-alias-5d1");
    }

    @Test
    void open_fileWithCertificatesOnly_saysNoPrivateKey() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("root", pki.rootCa());
        Path file = save(store, "roots.p12");

        assertThatThrownBy(() -> Pkcs12Keys.open(file, "demo".toCharArray(), null, "roots"))
                .isInstanceOf(KeyAccessException.class)
                .hasMessage("cannot open key 'roots': the key file holds no private key");
    }

    private Path twoKeyFile(Identity first, Identity second) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (Identity identity : new Identity[] {first, second}) {
            store.setKeyEntry(
                    identity.name(),
                    identity.privateKey(),
                    "demo".toCharArray(),
                    identity.chain().toArray(new Certificate[0]));
        }
        return save(store, "two-keys.p12");
    }

    private Path save(KeyStore store, String name) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, "demo".toCharArray());
        return Files.write(dir.resolve(name), out.toByteArray());
    }
}
