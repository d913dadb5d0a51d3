package vn.signdesk.signing.revocation;

import eu.europa.esig.dss.enumerations.CertificateStatus;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.x509.revocation.RevocationToken;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import vn.signdesk.signing.SigningCertificateException;
import vn.signdesk.signing.SigningKey;

/**
 * The check of a signing certificate before it signs (Decree 23/2025/ND-CP, Art. 15): within its
 * validity, and not revoked according to its issuer's OCSP responder or, failing that, its CRL,
 * both through the shared {@link CertificateChecks} cache.
 *
 * <p>Implementation notes. A signature at any level first asks this check, so it must be cheap: the
 * answer for a key is memoised for {@link #RECHECK} (a cache hit is already cheap, but computing the
 * cache key hashes the issuer's public key). A revoked or unavailable status is never memoised past
 * that interval either, so a certificate revoked at the responder stops signing within the
 * freshness of the cached OCSP answer plus {@link #RECHECK}. Without an issuer certificate in the
 * key's chain the status cannot be asked, which is refused like an unavailable status.
 */
public final class SigningCertificateCheck {

    /** How long a check's answer is reused for the same certificate. */
    public static final Duration RECHECK = Duration.ofSeconds(10);

    private final CertificateChecks checks;
    private final Clock clock;
    private final java.util.concurrent.ConcurrentHashMap<X509Certificate, Memo> memo =
            new java.util.concurrent.ConcurrentHashMap<>();

    private record Memo(Status status, Instant until) {}

    /**
     * The status of a signing certificate.
     *
     * @param state good, revoked, outside its validity, or unavailable
     * @param sourceOrNull {@code OCSP} or {@code CRL}, null when no status was had
     * @param daysToExpiry whole days until notAfter (negative once expired)
     * @param detail one sentence for operators and channels, naming no secret
     */
    public record Status(State state, String sourceOrNull, long daysToExpiry, String detail) {

        /** Whether the certificate may sign. */
        public boolean usable() {
            return state == State.GOOD;
        }
    }

    /** The states of a signing certificate. */
    public enum State {
        GOOD,
        REVOKED,
        OUTSIDE_VALIDITY,
        UNAVAILABLE
    }

    public SigningCertificateCheck(CertificateChecks checks, Clock clock) {
        this.checks = Objects.requireNonNull(checks, "checks");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Throws unless the key's certificate may sign now.
     *
     * @throws SigningCertificateException naming the key's label and the reason
     */
    public void requireUsable(SigningKey key) {
        Status s = status(key);
        if (s.usable()) {
            return;
        }
        SigningCertificateException.Reason reason =
                switch (s.state()) {
                    case REVOKED -> SigningCertificateException.Reason.REVOKED;
                    case OUTSIDE_VALIDITY -> SigningCertificateException.Reason.OUTSIDE_VALIDITY;
                    default -> SigningCertificateException.Reason.STATUS_UNAVAILABLE;
                };
        throw new SigningCertificateException(
                reason, "the signing certificate of '" + key.label() + "' may not sign: " + s.detail());
    }

    /** The status of the key's certificate now, memoised for {@link #RECHECK}. */
    public Status status(SigningKey key) {
        X509Certificate certificate = key.certificate();
        Instant now = clock.instant();
        Memo m = memo.get(certificate);
        if (m != null && now.isBefore(m.until())) {
            return m.status();
        }
        Status s = fresh(key.chain(), now);
        memo.put(certificate, new Memo(s, now.plus(RECHECK)));
        return s;
    }

    private Status fresh(List<X509Certificate> chain, Instant now) {
        X509Certificate certificate = chain.get(0);
        long days = Duration.between(now, certificate.getNotAfter().toInstant()).toDays();
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            return new Status(
                    State.OUTSIDE_VALIDITY,
                    null,
                    days,
                    "its certificate expired on " + certificate.getNotAfter().toInstant());
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            return new Status(
                    State.OUTSIDE_VALIDITY,
                    null,
                    days,
                    "its certificate is valid only from "
                            + certificate.getNotBefore().toInstant());
        }
        if (chain.size() < 2) {
            return new Status(
                    State.UNAVAILABLE,
                    null,
                    days,
                    "its chain holds no issuer certificate, so its status cannot be asked");
        }
        CertificateToken subject = new CertificateToken(certificate);
        CertificateToken issuer = new CertificateToken(chain.get(1));
        RevocationToken<?> token = checks.ocspSource().getRevocationToken(subject, issuer);
        String source = "OCSP";
        if (token == null || token.getStatus() == null || !token.getStatus().isKnown()) {
            RevocationToken<?> crl = checks.crlSource().getRevocationToken(subject, issuer);
            if (crl != null && crl.getStatus() != null && crl.getStatus().isKnown()) {
                token = crl;
                source = "CRL";
            }
        }
        if (token == null || token.getStatus() == null || token.getStatus() == CertificateStatus.UNKNOWN) {
            return new Status(
                    State.UNAVAILABLE, null, days, "its revocation status could not be obtained from OCSP or a CRL");
        }
        if (token.getStatus().isRevoked()) {
            Instant when = token.getRevocationDate() == null
                    ? null
                    : token.getRevocationDate().toInstant();
            return new Status(
                    State.REVOKED,
                    source,
                    days,
                    "its certificate is revoked" + (when == null ? "" : " since " + when) + " (" + source + ")");
        }
        return new Status(State.GOOD, source, days, "its certificate is valid and not revoked (" + source + ")");
    }
}
