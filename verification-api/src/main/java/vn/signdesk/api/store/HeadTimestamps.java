package vn.signdesk.api.store;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * Checks of the RFC 3161 tokens over the audit chain's head, shared by every {@link AuditLog}.
 *
 * <p>A token holds when its message imprint is the SHA-256 of the head it is stored for (the
 * record hash, hex-decoded), its signature verifies with the signer certificate it carries
 * (RFC 3161 §2.4.2, with the ESSCertID binding and the timeStamping key usage that Bouncy Castle's
 * {@link TimeStampToken#validate} checks), and, when trusted certificates are given, that
 * certificate is one of them.
 */
final class HeadTimestamps {

    /** The OID of SHA-256, the imprint algorithm of head timestamps. */
    static final String SHA256_OID = NISTObjectIdentifiers.id_sha256.getId();

    private HeadTimestamps() {}

    /** Null when the token holds for {@code headHash}, else why it does not. */
    static String problemOrNull(byte[] token, String headHash, Collection<X509Certificate> trusted) {
        TimeStampToken tst;
        try {
            tst = new TimeStampToken(new CMSSignedData(token));
        } catch (Exception e) {
            return "its timestamp token cannot be read";
        }
        byte[] expected = HexFormat.of().parseHex(headHash);
        if (!SHA256_OID.equals(tst.getTimeStampInfo().getMessageImprintAlgOID().getId())
                || !Arrays.equals(expected, tst.getTimeStampInfo().getMessageImprintDigest())) {
            return "its timestamp token was issued for another hash";
        }
        Collection<X509CertificateHolder> signers = tst.getCertificates().getMatches(tst.getSID());
        if (signers.isEmpty()) {
            return "its timestamp token does not carry the TSA certificate";
        }
        X509CertificateHolder signer = signers.iterator().next();
        try {
            tst.validate(new JcaSimpleSignerInfoVerifierBuilder().build(signer));
        } catch (Exception e) {
            return "its timestamp token's signature does not verify";
        }
        if (!trusted.isEmpty() && !isTrusted(signer, tst.getCertificates().getMatches(null), trusted)) {
            return "its timestamp token is signed by a TSA that is not trusted";
        }
        return null;
    }

    /**
     * Whether the signer is one of the trusted certificates or is issued, directly or through the
     * certificates the token carries, by one of them (in production the trusted certificates are
     * the timestamping anchors; in demo mode the demo TSA's own certificate).
     */
    private static boolean isTrusted(
            X509CertificateHolder signer,
            Collection<X509CertificateHolder> carried,
            Collection<X509Certificate> trusted) {
        try {
            org.bouncycastle.cert.jcajce.JcaX509CertificateConverter converter =
                    new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter();
            X509Certificate current = converter.getCertificate(signer);
            for (int hop = 0; hop < 8; hop++) {
                if (trusted.contains(current)) {
                    return true;
                }
                X509Certificate issuer = issuerOf(current, trusted);
                if (issuer != null) {
                    return true;
                }
                List<X509Certificate> candidates = new java.util.ArrayList<>();
                for (X509CertificateHolder h : carried) {
                    candidates.add(converter.getCertificate(h));
                }
                X509Certificate next = issuerOf(current, candidates);
                if (next == null || next.equals(current)) {
                    return false;
                }
                current = next;
            }
            return false;
        } catch (java.security.cert.CertificateException e) {
            return false;
        }
    }

    /** The certificate among the candidates whose subject issued {@code c} and whose key verifies it. */
    private static X509Certificate issuerOf(X509Certificate c, Collection<X509Certificate> candidates) {
        for (X509Certificate candidate : candidates) {
            if (candidate.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                try {
                    c.verify(candidate.getPublicKey());
                    return candidate;
                } catch (java.security.GeneralSecurityException e) {
                    // another CA with the same name: keep looking
                }
            }
        }
        return null;
    }
}
