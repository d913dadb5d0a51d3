package vn.signdesk.signing.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import vn.signdesk.signing.verify.internal.TrustBundleLoader;

/**
 * The shipped {@code vn} bundle: its roots are the vetted ones, each intermediate chains to a root
 * (its signature under the root's key, and a PKIX path validation at a time inside its validity),
 * the unconfirmed roots are off by default, and the look-alike certificates kept as test data chain
 * to nothing in it.
 */
class TrustBundlesTest {

    /** The SHA-256 fingerprints (DER) of the roots, as vetted from independent public sources. */
    private static final Map<String, String> VETTED_ROOTS = Map.of(
            "ca918d635bb130bec97639e6aabf7edbc4eb1310f8058b9419f467ae0230ad8c", "MIC National Root CA",
            "bac8bf609ab420a8ee1780d74f4de5c7f7184959d2a7375b0a75e4c29f0908e7", "Vietnam National Root CA",
            "7b3269e7d79aebbfae5095f45bbb7074771e690cb7df02b441062b12f7690ece", "Vietnam National Root CA G3",
            "f04ba4b459a7c9a1b971ad9b1cb833e695a80c79aea63b174b66a70edfe2fdb8", "RootCA chuyên dùng Chính phủ G2",
            "f7bc89054cec7f12730d7b8cd3eb7955b163835087e5eb873edfb584763b3f90",
                    "Co quan chung thuc so chuyen dung Chinh phu (RootCA)");

    private static final List<String> NEGATIVES =
            List.of("NEGATIVE-lookalike-mic-national-root-ca-2019.pem", "NEGATIVE-lookalike-fpt-ca-under-fake-mic.pem");

    @Test
    void vn_default_anchorsAreExactlyTheVettedRootsWithTheirNames() {
        TrustBundle vn = TrustBundles.vn(false);

        assertThat(vn.name()).isEqualTo("vn");
        assertThat(vn.unconfirmedRootsIncluded()).isFalse();
        assertThat(vn.anchors().stream()
                        .collect(Collectors.toMap(TrustBundle.Entry::sha256, TrustBundle.Entry::displayName)))
                .isEqualTo(VETTED_ROOTS);
        assertThat(vn.anchors()).allMatch(a -> a.path().startsWith("roots/"));
        assertThat(vn.intermediates()).hasSize(9).allMatch(i -> i.path().startsWith("intermediates/"));
    }

    @Test
    void vn_eachIntermediate_isSignedByARootOfTheBundle() {
        TrustBundle vn = TrustBundles.vn(false);

        for (TrustBundle.Entry i : vn.intermediates()) {
            assertThat(TrustBundleLoader.signedBy(i.certificate(), vn.anchorCertificates()))
                    .as(i.path())
                    .isTrue();
            assertThat(TrustBundleLoader.selfSigned(i.certificate()))
                    .as(i.path())
                    .isFalse();
        }
    }

    @Test
    void vn_eachIntermediate_passesPkixPathValidationUnderTheRoots() throws Exception {
        TrustBundle vn = TrustBundles.vn(false);
        Set<TrustAnchor> anchors = vn.anchorCertificates().stream()
                .map(a -> new TrustAnchor(a, null))
                .collect(Collectors.toSet());
        CertificateFactory cf = CertificateFactory.getInstance("X.509");

        for (X509Certificate i : vn.intermediateCertificates()) {
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            // a time inside the intermediate's validity, so an expired CA (EASYCA, MISA-CA) still counts
            params.setDate(new Date(i.getNotBefore().getTime() + 86_400_000L));
            CertPathValidator.getInstance("PKIX").validate(cf.generateCertPath(List.of(i)), params);
        }
    }

    @Test
    void vn_default_leavesTheUnconfirmedRootsOut() {
        TrustBundle vn = TrustBundles.vn(false);

        assertThat(vn.anchors()).noneMatch(a -> a.path().startsWith("unconfirmed-roots/"));
        assertThat(vn.intermediates()).noneMatch(a -> a.path().startsWith("unconfirmed-roots/"));
        assertThat(vn.anchors()).noneMatch(a -> a.displayName().startsWith("VIETNAM NATIONAL"));
    }

    @Test
    void vn_unconfirmedRootsEnabled_addsTheSelfSignedAsAnchorsAndTheCasUnderEmaForChains() {
        TrustBundle vn = TrustBundles.vn(true);

        assertThat(vn.unconfirmedRootsIncluded()).isTrue();
        assertThat(vn.anchors()).hasSize(10);
        assertThat(vn.anchors().stream().map(TrustBundle.Entry::displayName))
                .contains(
                        "VIETNAM NATIONAL ROOT CA - RS",
                        "VIETNAM NATIONAL ROOT CA - TSA",
                        "VIETNAM NATIONAL ROOT CA - USBTOKEN",
                        "VIETNAM NATIONAL ROOT CA - MOBILEPKI",
                        "VIETNAM NATIONAL ROOT CA - EMA");
        List<TrustBundle.Entry> underEma = vn.intermediates().stream()
                .filter(i -> i.path().startsWith("unconfirmed-roots/"))
                .toList();
        assertThat(underEma)
                .extracting(TrustBundle.Entry::displayName)
                .containsExactlyInAnyOrder("VIETNAM NATIONAL CA - ERD", "VIETNAM NATIONAL CA - LTA");
        for (TrustBundle.Entry i : underEma) {
            assertThat(TrustBundleLoader.signedBy(i.certificate(), vn.anchorCertificates()))
                    .as(i.path())
                    .isTrue();
        }
    }

    @Test
    void vn_lookAlikes_chainToNothingInTheBundle() throws Exception {
        TrustBundle vn = TrustBundles.vn(true);
        List<X509Certificate> everything = new ArrayList<>(vn.anchorCertificates());
        everything.addAll(vn.intermediateCertificates());
        // the path search finds real chains: it is what tells the look-alikes apart
        for (X509Certificate i : vn.intermediateCertificates()) {
            assertThat(pkixPathExists(i, vn))
                    .as(i.getSubjectX500Principal().getName())
                    .isTrue();
        }

        for (String name : NEGATIVES) {
            X509Certificate lookAlike = negative(name);
            assertThat(everything).as(name).doesNotContain(lookAlike);
            assertThat(TrustBundleLoader.signedBy(lookAlike, everything))
                    .as(name)
                    .isFalse();
            assertThat(pkixPathExists(lookAlike, vn)).as(name).isFalse();
        }
    }

    @Test
    void vn_lookAlikeRoot_sharesAVettedRootsNameButNotItsKey() throws Exception {
        // the test data is what it claims: a certificate that would pass a check by name alone
        X509Certificate fakeMic = negative(NEGATIVES.get(0));
        TrustBundle vn = TrustBundles.vn(false);

        assertThat(vn.anchorCertificates())
                .anyMatch(a -> a.getSubjectX500Principal().getName().contains("CN=MIC National Root CA"))
                .noneMatch(a -> a.getPublicKey().equals(fakeMic.getPublicKey()));
        assertThat(fakeMic.getSubjectX500Principal().getName()).contains("CN=MIC National Root CA");
    }

    @Test
    void named_unknownName_failsListingTheKnownOnes() {
        assertThatThrownBy(() -> TrustBundles.named("eu", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown trust bundle 'eu': known are vn");
        assertThat(TrustBundles.names()).containsExactly("vn");
        assertThat(TrustBundles.isName("vn")).isTrue();
        assertThat(TrustBundles.isName("roots.pem")).isFalse();
    }

    @Test
    void vnResources_everyPemFileIsInTheManifest() throws IOException, URISyntaxException {
        URL manifest = TrustBundles.class.getResource("bundles/vn/" + TrustBundleLoader.MANIFEST);
        assertThat(manifest).as("the vn manifest on the class path").isNotNull();
        Path folder = Path.of(manifest.toURI()).getParent();
        List<String> listed = Files.readAllLines(Path.of(manifest.toURI())).stream()
                .filter(l -> !l.isBlank())
                .map(l -> l.substring(66))
                .sorted()
                .toList();

        try (Stream<Path> files = Files.walk(folder)) {
            List<String> pems = files.filter(p -> p.toString().endsWith(".pem"))
                    .map(p -> folder.relativize(p).toString())
                    .sorted()
                    .toList();
            assertThat(pems).hasSize(21).isEqualTo(listed);
        }
    }

    private static boolean pkixPathExists(X509Certificate target, TrustBundle bundle) throws Exception {
        Set<TrustAnchor> anchors = bundle.anchorCertificates().stream()
                .map(a -> new TrustAnchor(a, null))
                .collect(Collectors.toSet());
        X509CertSelector selector = new X509CertSelector();
        selector.setCertificate(target);
        PKIXBuilderParameters params = new PKIXBuilderParameters(anchors, selector);
        params.setRevocationEnabled(false);
        params.setDate(new Date(target.getNotBefore().getTime() + 86_400_000L));
        List<X509Certificate> pool = new ArrayList<>(bundle.intermediateCertificates());
        pool.add(target);
        params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
        try {
            CertPathBuilder.getInstance("PKIX").build(params);
            return true;
        } catch (CertPathBuilderException e) {
            return false;
        }
    }

    /** A look-alike kept as test data; its absence fails the test rather than skipping it. */
    static X509Certificate negative(String name) throws Exception {
        try (InputStream in = TrustBundlesTest.class.getResourceAsStream("bundles/negative/" + name)) {
            assertThat(in).as("test resource bundles/negative/" + name).isNotNull();
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
