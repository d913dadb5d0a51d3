package vn.signdesk.api;

import eu.europa.esig.dss.spi.tsl.TrustedListsCertificateSource;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.signdesk.api.config.TrustSettings;
import vn.signdesk.signing.verify.TrustAnchors;
import vn.signdesk.signing.verify.TrustBundle;
import vn.signdesk.signing.verify.TrustBundles;

/**
 * Turns the {@code trust} settings into what the verifier trusts: anchors from PEM files, folders and
 * key stores, intermediates for chain building, validated trusted lists, and the named bundles.
 */
final class ConfiguredTrust {

    private ConfiguredTrust() {}

    /**
     * Loads the configured trust, adding it to the given anchors.
     *
     * @throws IllegalArgumentException naming the setting whose file cannot be used
     */
    static SigningRuntime.Trust load(
            TrustSettings settings, List<X509Certificate> baseAnchors, Map<String, String> env) {
        List<X509Certificate> anchors = new ArrayList<>(baseAnchors);
        for (Path p : settings.anchors()) {
            anchors.addAll(certificates("trust.anchors", p));
        }
        for (TrustSettings.KeyStoreFile store : settings.keyStores()) {
            char[] password = store.passwordOrNull() == null
                    ? null
                    : store.passwordOrNull().read(env);
            try {
                anchors.addAll(TrustAnchors.fromKeyStore(store.file(), password));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("trust.keyStores: " + store.file() + " cannot be read as a"
                        + " PKCS#12 or JKS key store with its password");
            } finally {
                if (password != null) {
                    java.util.Arrays.fill(password, '\0');
                }
            }
        }
        List<X509Certificate> intermediates = new ArrayList<>();
        for (Path p : settings.intermediates()) {
            intermediates.addAll(certificates("trust.intermediates", p));
        }
        List<TrustBundle> bundles = new ArrayList<>();
        for (String name : settings.bundles()) {
            bundles.add(TrustBundles.named(name, settings.vnUnconfirmedRoots()));
        }
        if (!intermediates.isEmpty()) {
            bundles.add(
                    TrustBundles.intermediatesOnly("trust.intermediates", "configured intermediates", intermediates));
        }
        List<TrustedListsCertificateSource> lists = new ArrayList<>();
        for (TrustSettings.TrustedList tl : settings.trustedLists()) {
            lists.add(trustedList(tl));
        }
        return new SigningRuntime.Trust(anchors, intermediates, lists, bundles, settings.policyFileOrNull());
    }

    private static List<X509Certificate> certificates(String setting, Path fileOrFolder) {
        try {
            List<X509Certificate> found = TrustAnchors.fromPem(fileOrFolder);
            if (found.isEmpty()) {
                throw new IllegalArgumentException(setting + ": " + fileOrFolder + " holds no PEM certificate");
            }
            return found;
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith(setting)
                    ? e
                    : new IllegalArgumentException(
                            setting + ": " + fileOrFolder + " cannot be read: " + e.getMessage());
        }
    }

    private static TrustedListsCertificateSource trustedList(TrustSettings.TrustedList tl) {
        List<X509Certificate> signers = certificates("trust.trustedLists.signer", tl.signer());
        try {
            return TrustAnchors.isListOfTrustedLists(tl.file())
                    ? TrustAnchors.fromListOfTrustedLists(tl.file(), tl.copies(), signers)
                    : TrustAnchors.fromTrustedList(tl.file(), signers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("trust.trustedLists: " + tl.file() + " is refused: " + e.getMessage());
        }
    }
}
