package vn.signdesk.signing.verify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of verifying one PDF, with the fields of CONTRACT.md's verification report: what
 * scripts read. Renderers (JSON, HTML, PDF) work from this record alone.
 *
 * @param documentSha256 lowercase hex SHA-256 of the bytes verified
 * @param verdict the worst signature indication, or NO_SIGNATURE
 * @param validationTime the time the validation was made for
 * @param signatures every signature and document timestamp, in document order
 * @param raw the raw DSS reports the request asked to keep
 * @param findings what was found about the document as a whole rather than one signature (signature
 *     dictionaries that are no signature, a raw scan that disagrees with the structure)
 */
public record VerificationReport(
        String documentSha256,
        Verdict verdict,
        Instant validationTime,
        List<SignatureReport> signatures,
        RawReports raw,
        List<Finding> findings) {

    public VerificationReport {
        Objects.requireNonNull(documentSha256, "documentSha256");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(validationTime, "validationTime");
        signatures = List.copyOf(signatures);
        raw = raw == null ? RawReports.NONE : raw;
        findings = List.copyOf(findings);
    }

    /** A report without document findings. */
    public VerificationReport(
            String documentSha256,
            Verdict verdict,
            Instant validationTime,
            List<SignatureReport> signatures,
            RawReports raw) {
        this(documentSha256, verdict, validationTime, signatures, raw, List.of());
    }

    /** A report without raw DSS reports or document findings. */
    public VerificationReport(
            String documentSha256, Verdict verdict, Instant validationTime, List<SignatureReport> signatures) {
        this(documentSha256, verdict, validationTime, signatures, RawReports.NONE, List.of());
    }

    /**
     * DSS's own reports as XML, kept when asked for (null otherwise, or when DSS could not process
     * the document).
     *
     * @param etsiValidationReportOrNull the ETSI TS 119 102-2 validation report
     * @param detailedReportOrNull DSS's detailed report
     * @param diagnosticDataOrNull DSS's diagnostic data
     */
    public record RawReports(
            String etsiValidationReportOrNull, String detailedReportOrNull, String diagnosticDataOrNull) {

        /** No raw report. */
        public static final RawReports NONE = new RawReports(null, null, null);
    }

    /** The document's verdict (CONTRACT.md: the worst signature indication). */
    public enum Verdict {
        TOTAL_PASSED,
        TOTAL_FAILED,
        INDETERMINATE,
        NO_SIGNATURE
    }

    /** An ETSI EN 319 102-1 main indication. */
    public enum Indication {
        TOTAL_PASSED,
        TOTAL_FAILED,
        INDETERMINATE
    }

    /** Revocation status of the signer's certificate as the report shows it. */
    public enum RevocationStatus {
        GOOD,
        REVOKED,
        UNKNOWN,
        UNAVAILABLE
    }

    /**
     * One signature or document timestamp.
     *
     * @param id a stable identifier (DSS's signature id when DSS found it)
     * @param documentTimestamp whether this is an RFC 3161 document timestamp rather than a signature
     * @param indication the final indication, after the checks beyond DSS
     * @param subIndicationOrNull the ETSI sub-indication (e.g. HASH_FAILURE, TRY_LATER), or null
     * @param levelOrNull the format reached, e.g. {@code PAdES-BASELINE-LTA}, or null when unknown
     * @param signer who signed
     * @param claimedSigningTimeOrNull the signing time the signer claims (/M or signing-time), or null
     * @param provenSigningTimeOrNull the earliest time proved by a timestamp, or null
     * @param timestampedByOrNull common name of the TSA of that timestamp, or null
     * @param intact the signature value and the digest over its byte range hold
     * @param coversWholeDocument no byte follows its signed revision
     * @param changesAfterSigning what changed after it
     * @param revocation the signer certificate's revocation status
     * @param chain the signer's certificate chain, signer first
     * @param findings why, as values in the order a report tells them (the verdict first); the report
     *     package words them ({@code ReportWords})
     * @param trustAnchorOrNull the trusted certificate its chain ends at, or null when it reaches none
     */
    public record SignatureReport(
            String id,
            boolean documentTimestamp,
            Indication indication,
            String subIndicationOrNull,
            String levelOrNull,
            Signer signer,
            Instant claimedSigningTimeOrNull,
            Instant provenSigningTimeOrNull,
            String timestampedByOrNull,
            boolean intact,
            boolean coversWholeDocument,
            ChangeKind changesAfterSigning,
            Revocation revocation,
            List<CertificateInfo> chain,
            List<Finding> findings,
            TrustAnchor trustAnchorOrNull) {

        public SignatureReport {
            chain = List.copyOf(chain);
            findings = List.copyOf(findings);
        }
    }

    /**
     * The trusted certificate at which a chain ends: where the trust in a signature comes from.
     *
     * @param commonNameOrNull the common name of its subject, or null when it has none
     * @param sha256OrNull lowercase hex SHA-256 of its DER encoding, or null when unknown
     * @param bundleOrNull the name of the {@link TrustBundle} it belongs to (e.g. {@code vn}), or null
     *     when it was configured another way (a PEM file, a keystore, a trusted list)
     */
    public record TrustAnchor(String commonNameOrNull, String sha256OrNull, String bundleOrNull) {}

    /** The signer as people know it: names from the certificate subject, and its serial number (hex). */
    public record Signer(String commonNameOrNull, String organizationOrNull, String serialOrNull) {}

    /**
     * @param status the status
     * @param sourceOrNull {@code OCSP}, {@code CRL} or {@code EMBEDDED}, null when none was found
     * @param cached whether it came from SignDesk's certificate-check cache without a network call
     */
    public record Revocation(RevocationStatus status, String sourceOrNull, boolean cached) {}

    /** One certificate of a chain, as a report shows it. */
    public record CertificateInfo(
            String subject,
            String issuer,
            String serialHex,
            Instant notBefore,
            Instant notAfter,
            String sha256,
            boolean trusted) {}
}
