package vn.signdesk.signing.verify;

import eu.europa.esig.dss.diagnostic.CertificateRevocationWrapper;
import eu.europa.esig.dss.diagnostic.CertificateWrapper;
import eu.europa.esig.dss.enumerations.CertificateStatus;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SubIndication;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import vn.signdesk.signing.verify.VerificationReport.CertificateInfo;
import vn.signdesk.signing.verify.VerificationReport.Indication;
import vn.signdesk.signing.verify.VerificationReport.Revocation;
import vn.signdesk.signing.verify.VerificationReport.RevocationStatus;
import vn.signdesk.signing.verify.VerificationReport.Signer;
import vn.signdesk.signing.verify.VerificationReport.TrustAnchor;

/**
 * The report's values read from DSS's diagnostic data (through its public wrappers) or from a
 * certificate: indications, signers, revocation status, certificate chains and their trust anchors.
 */
final class DssFacts {

    /** A signature whose revocation data could not be found. */
    static final Revocation NO_REVOCATION = new Revocation(RevocationStatus.UNAVAILABLE, null, false);

    /** A signer nothing is known of. */
    static final Signer UNKNOWN_SIGNER = new Signer(null, null, null);

    private DssFacts() {}

    static Indication indication(eu.europa.esig.dss.enumerations.Indication i) {
        if (i == null) {
            return Indication.INDETERMINATE;
        }
        return switch (i) {
            case TOTAL_PASSED, PASSED -> Indication.TOTAL_PASSED;
            case TOTAL_FAILED, FAILED -> Indication.TOTAL_FAILED;
            default -> Indication.INDETERMINATE;
        };
    }

    static String name(SubIndication s) {
        return s == null ? null : s.name();
    }

    static Signer signer(CertificateWrapper c) {
        if (c == null) {
            return UNKNOWN_SIGNER;
        }
        return new Signer(c.getCommonName(), c.getOrganizationName(), hexSerial(c.getSerialNumber()));
    }

    static Signer signer(X509Certificate c) {
        return new Signer(
                rdn(c.getSubjectX500Principal().getName(), "CN"),
                rdn(c.getSubjectX500Principal().getName(), "O"),
                c.getSerialNumber().toString(16));
    }

    /** The signer certificate's status from DSS's diagnostic data: a revocation wins over anything else. */
    static Revocation revocation(CertificateWrapper c, Set<String> servedFromCache) {
        if (c == null || c.getCertificateRevocationData().isEmpty()) {
            return NO_REVOCATION;
        }
        CertificateRevocationWrapper best = null;
        for (CertificateRevocationWrapper r : c.getCertificateRevocationData()) {
            if (best == null || rank(r) > rank(best)) {
                best = r;
            }
        }
        RevocationStatus status = best.isRevoked()
                ? RevocationStatus.REVOKED
                : best.getStatus() == CertificateStatus.GOOD ? RevocationStatus.GOOD : RevocationStatus.UNKNOWN;
        String source = best.isInternalRevocationOrigin()
                ? "EMBEDDED"
                : best.getRevocationType() == null
                        ? null
                        : best.getRevocationType().name();
        return new Revocation(status, source, servedFromCache.contains(best.getId()));
    }

    static List<CertificateInfo> chain(List<CertificateWrapper> certs) {
        List<CertificateInfo> out = new ArrayList<>();
        for (CertificateWrapper c : certs) {
            out.add(new CertificateInfo(
                    c.getCertificateDN(),
                    c.getCertificateIssuerDN(),
                    hexSerial(c.getSerialNumber()),
                    c.getNotBefore() == null ? null : c.getNotBefore().toInstant(),
                    c.getNotAfter() == null ? null : c.getNotAfter().toInstant(),
                    sha256OrNull(c),
                    c.isTrusted()));
        }
        return out;
    }

    /**
     * The first trusted certificate of a chain (signer first), where DSS found the chain's trust,
     * with the bundle it came from ({@code bundleByAnchorSha256}); null when no certificate of the
     * chain is trusted.
     */
    static TrustAnchor trustAnchor(List<CertificateWrapper> chain, Map<String, String> bundleByAnchorSha256) {
        for (CertificateWrapper c : chain) {
            if (c.isTrusted()) {
                String sha = sha256OrNull(c);
                return new TrustAnchor(c.getCommonName(), sha, sha == null ? null : bundleByAnchorSha256.get(sha));
            }
        }
        return null;
    }

    /** The certificate's SHA-256 from DSS's diagnostic data (DSS's default token digest), else null. */
    private static String sha256OrNull(CertificateWrapper c) {
        if (c.getDigestAlgoAndValue() != null
                && c.getDigestAlgoAndValue().getDigestMethod() == DigestAlgorithm.SHA256) {
            return HexFormat.of().formatHex(c.getDigestAlgoAndValue().getDigestValue());
        }
        return null;
    }

    /** A certificate as a report shows it, trusted when it is one of {@code anchors}. */
    static CertificateInfo info(X509Certificate c, Collection<X509Certificate> anchors) {
        String sha;
        try {
            sha = HexFormat.of().formatHex(CmsCheck.sha256().digest(c.getEncoded()));
        } catch (CertificateEncodingException e) {
            sha = null;
        }
        return new CertificateInfo(
                c.getSubjectX500Principal().getName(),
                c.getIssuerX500Principal().getName(),
                c.getSerialNumber().toString(16),
                c.getNotBefore().toInstant(),
                c.getNotAfter().toInstant(),
                sha,
                anchors.contains(c));
    }

    private static int rank(CertificateRevocationWrapper r) {
        return r.isRevoked() ? 2 : r.getStatus() == CertificateStatus.GOOD ? 1 : 0;
    }

    private static String rdn(String dn, String type) {
        try {
            for (Rdn r : new LdapName(dn).getRdns()) {
                if (r.getType().equalsIgnoreCase(type)) {
                    return String.valueOf(r.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    private static String hexSerial(String decimal) {
        if (decimal == null) {
            return null;
        }
        try {
            return new BigInteger(decimal).toString(16);
        } catch (NumberFormatException e) {
            return decimal;
        }
    }
}
