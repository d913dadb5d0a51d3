package vn.signdesk.signing.verify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.signdesk.signing.verify.TrustBundle;
import vn.signdesk.signing.verify.TrustBundles;

/**
 * {@link TrustBundleLoader} on copies of the shipped {@code vn} bundle's files, edited the ways a
 * damaged or tampered installation would be: every such bundle is refused with a message naming the
 * file, never loaded with less, or more, than its manifest says.
 */
class TrustBundleLoaderTest {

    private static final String ROOT = "roots/neac-vietnam-national-root-ca-2014-sha256.pem";
    private static final String INTERMEDIATE = "intermediates/int-vnpt-ca-sha2-2024.pem";

    private final Map<String, byte[]> files = new HashMap<>();

    @BeforeEach
    void copyTheVnBundle() throws IOException {
        String manifest = new String(resource(TrustBundleLoader.MANIFEST), StandardCharsets.UTF_8);
        files.put(TrustBundleLoader.MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
        for (String line : manifest.split("\n")) {
            String path = line.substring(66);
            files.put(path, resource(path));
        }
    }

    private TrustBundle load() {
        return TrustBundleLoader.load("copy", "a copy", path -> Optional.ofNullable(files.get(path)), false);
    }

    @Test
    void load_unchangedCopy_isTheShippedBundle() {
        TrustBundle copy = load();
        TrustBundle shipped = TrustBundles.vn(false);

        assertThat(copy.anchors()).isEqualTo(shipped.anchors());
        assertThat(copy.intermediates()).isEqualTo(shipped.intermediates());
    }

    @Test
    void load_oneByteOfACertificateFileChanged_isRefusedNamingTheFile() {
        byte[] pem = files.get(INTERMEDIATE).clone();
        pem[100] ^= 1;
        files.put(INTERMEDIATE, pem);

        assertThatThrownBy(this::load)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("trust bundle 'copy' is refused: " + INTERMEDIATE
                        + " does not match its SHA-256 in SHA256SUMS");
    }

    @Test
    void load_rootReplacedByAnotherCertificate_isRefused() {
        files.put(ROOT, files.get("roots/neac-vietnam-national-root-ca-g3-2024.pem"));

        assertThatThrownBy(this::load).hasMessageContaining(ROOT + " does not match its SHA-256");
    }

    @Test
    void load_listedFileMissing_isRefused() {
        files.remove(ROOT);

        assertThatThrownBy(this::load).hasMessage("trust bundle 'copy' is refused: " + ROOT + " is missing");
    }

    @Test
    void load_manifestMissing_isRefused() {
        files.remove(TrustBundleLoader.MANIFEST);

        assertThatThrownBy(this::load).hasMessage("trust bundle 'copy' is refused: its manifest SHA256SUMS is missing");
    }

    @Test
    void load_manifestPathOutsideTheBundleFolders_isRefused() {
        manifest(line(files.get(ROOT), "roots/../../../etc/ca.pem"));

        assertThatThrownBy(this::load).hasMessageContaining("has a line that is not 'SHA-256  folder/file.pem'");
    }

    @Test
    void load_intermediateListedAsRoot_isRefusedAsNotSelfSigned() {
        String path = "roots/vnpt.pem";
        files.put(path, files.get(INTERMEDIATE));
        manifest(line(files.get(INTERMEDIATE), path));

        assertThatThrownBy(this::load)
                .hasMessageContaining(path + " is in roots/ but is not a self-signed certificate");
    }

    @Test
    void load_twoCertificatesInOneFile_isRefused() {
        String path = "intermediates/two.pem";
        byte[] two = (new String(files.get(INTERMEDIATE), StandardCharsets.US_ASCII)
                        + new String(files.get(ROOT), StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII);
        files.put(path, two);
        manifest(line(two, path));

        assertThatThrownBy(this::load).hasMessageContaining(path + " must hold exactly one X.509 certificate");
    }

    private void manifest(String extraLine) {
        String manifest = new String(files.get(TrustBundleLoader.MANIFEST), StandardCharsets.UTF_8) + extraLine;
        files.put(TrustBundleLoader.MANIFEST, manifest.getBytes(StandardCharsets.UTF_8));
    }

    private static String line(byte[] content, String path) {
        return TrustBundleLoader.sha256(content) + "  " + path + "\n";
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = TrustBundles.class.getResourceAsStream("bundles/vn/" + path)) {
            assertThat(in).as(path).isNotNull();
            return in.readAllBytes();
        }
    }
}
