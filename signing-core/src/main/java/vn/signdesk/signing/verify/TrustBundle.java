package vn.signdesk.signing.verify;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A named set of CA certificates a verifier can be given at once: anchors that a trusted chain may
 * end at, and intermediates used only to build chains up to them (documents that embed only the
 * signer's certificate are common). Loaded by {@link TrustBundles}, each file checked against the
 * bundle's manifest; give it to {@link PadesSignatureVerifier.Builder#trustBundle}.
 *
 * @param name the short name operators use, e.g. {@code vn}
 * @param displayName what the bundle holds, for people
 * @param anchors the trust anchors, in manifest order
 * @param intermediates certificates for chain building only, never trusted by themselves
 * @param unconfirmedRootsIncluded whether the bundle's unconfirmed roots were enabled
 */
public record TrustBundle(
        String name,
        String displayName,
        List<Entry> anchors,
        List<Entry> intermediates,
        boolean unconfirmedRootsIncluded) {

    public TrustBundle {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayName, "displayName");
        anchors = List.copyOf(anchors);
        intermediates = List.copyOf(intermediates);
    }

    /** The anchors' certificates. */
    public List<X509Certificate> anchorCertificates() {
        return anchors.stream().map(Entry::certificate).toList();
    }

    /** The intermediates' certificates. */
    public List<X509Certificate> intermediateCertificates() {
        return intermediates.stream().map(Entry::certificate).toList();
    }

    /**
     * One certificate of a bundle.
     *
     * @param path its file inside the bundle, e.g. {@code roots/x.pem}
     * @param certificate the certificate
     * @param sha256 lowercase hex SHA-256 of its DER encoding (its fingerprint, not the file's digest)
     * @param displayName the common name of its subject, or the whole subject when it has none
     */
    public record Entry(String path, X509Certificate certificate, String sha256, String displayName) {}
}
