package vn.signdesk.signing;

import java.util.Objects;

/**
 * A signing profile's certificate may not sign now: it is expired or not yet valid, revoked, or its
 * status cannot be had. Vietnam's Decree 23/2025/ND-CP (Art. 15) asks the signer to check the status
 * of the signing certificate before signing; nothing is signed when this is thrown.
 */
public final class SigningCertificateException extends SignDeskException {

    /** Why the certificate may not sign. */
    public enum Reason {
        /** Past its notAfter, or before its notBefore. */
        OUTSIDE_VALIDITY("signing-certificate-expired"),
        /** Its issuer's OCSP responder or CRL says it is revoked. */
        REVOKED("signing-certificate-revoked"),
        /** Neither OCSP nor a CRL gave its status. */
        STATUS_UNAVAILABLE("signing-certificate-status-unavailable");

        private final String kind;

        Reason(String kind) {
            this.kind = kind;
        }
    }

    private final Reason reason;

    public SigningCertificateException(Reason reason, String message) {
        super(message, null);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the certificate may not sign. */
    public Reason reason() {
        return reason;
    }

    @Override
    public String kind() {
        return reason.kind;
    }
}
