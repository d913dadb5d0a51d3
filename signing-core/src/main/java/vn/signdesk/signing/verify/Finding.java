package vn.signdesk.signing.verify;

import java.util.Objects;
import vn.signdesk.signing.verify.VerificationReport.Indication;

/**
 * One thing the verifier found about a signature or the document, as a value: the verdict it
 * reached, what changed after signing, why a check failed. The report package ({@code
 * vn.signdesk.signing.verify.report.ReportWords}) turns findings into sentences in Vietnamese and
 * English; the verifier never writes a sentence itself.
 *
 * <p>Implementation notes. Findings without data are the constants of {@link Note}; findings with
 * data are records. A new kind of finding is a new record here (listed in {@code permits}) and its
 * words in {@code ReportWords}; a test fails for a finding that has no words.
 */
public sealed interface Finding
        permits Finding.Verdict,
                Finding.Changes,
                Finding.ChangeDetail,
                Finding.Reason,
                Finding.ByteRangeNotStandard,
                Finding.TrustedListService,
                Finding.TrustAnchorReached,
                Finding.UnlistedSignatureDictionary,
                Finding.RawScanDisagrees,
                Finding.Note {

    /**
     * The signature's final indication.
     *
     * @param indication the indication after every check
     * @param documentTimestamp whether the finding is about a document timestamp
     */
    record Verdict(Indication indication, boolean documentTimestamp) implements Finding {
        public Verdict {
            Objects.requireNonNull(indication, "indication");
        }
    }

    /**
     * What changed after the signed revision, as a whole.
     *
     * @param kind the worst kind of change
     * @param coversWholeDocument whether no byte follows the signed revision
     */
    record Changes(ChangeKind kind, boolean coversWholeDocument) implements Finding {
        public Changes {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * One change the revision analysis found after the signed revision.
     *
     * @param detail one English sentence from the revision analysis (technical, with object numbers)
     */
    record ChangeDetail(String detail) implements Finding {
        public ChangeDetail {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * Why the signature got its ETSI EN 319 102-1 sub-indication.
     *
     * @param subIndication the sub-indication's name, e.g. {@code TRY_LATER}
     */
    record Reason(String subIndication) implements Finding {
        public Reason {
            Objects.requireNonNull(subIndication, "subIndication");
        }
    }

    /**
     * The signed byte range leaves part of the file unprotected.
     *
     * @param anomalyOrNull what is wrong with it, in an English sentence fragment, or null
     */
    record ByteRangeNotStandard(String anomalyOrNull) implements Finding {}

    /**
     * A trusted-list service in force at the validation time made the chain trusted (ETSI TS 119 612
     * §5.5).
     *
     * @param territory the list's territory, e.g. {@code VN}, or {@code ?}
     * @param provider the trust service provider's name, or {@code ?}
     * @param service the service's name, or {@code ?}
     * @param status the last segment of the service's status URI, e.g. {@code granted}
     */
    record TrustedListService(String territory, String provider, String service, String status) implements Finding {
        public TrustedListService {
            Objects.requireNonNull(territory, "territory");
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * Where the chain's trust comes from: the trusted certificate it ends at.
     *
     * @param commonNameOrNull the anchor's common name, or null when it has none
     * @param bundleOrNull the {@link TrustBundle} it came from, or null when it was configured another way
     */
    record TrustAnchorReached(String commonNameOrNull, String bundleOrNull) implements Finding {}

    /**
     * A signature dictionary of the final revision that is no signature field's value, so not listed
     * as a signature: a usage-rights signature, or a dictionary only some other object or nothing holds.
     *
     * @param object how the report names it, e.g. {@code object 57 0}
     * @param placement where the document holds it
     */
    record UnlistedSignatureDictionary(String object, SignatureCoverage.Placement placement) implements Finding {
        public UnlistedSignatureDictionary {
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(placement, "placement");
        }
    }

    /**
     * A scan of the file's raw bytes finds other signature byte ranges than the document's structure:
     * signature data written where a PDF reader does not look (an object no cross-reference lists), or
     * a signature dictionary the scan cannot see (inside a compressed object stream).
     *
     * @param inStructure the distinct byte ranges of the signature dictionaries of the final revision
     * @param inBytes the distinct byte ranges written in the file's bytes
     */
    record RawScanDisagrees(int inStructure, int inBytes) implements Finding {}

    /** A finding that needs no data. */
    enum Note implements Finding {
        /** The signer's certificate is revoked (beside a sub-indication that does not say so). */
        SIGNER_REVOKED,
        /** DSS could not compute the digest; Bouncy Castle checked the cryptography, which holds. */
        DIGEST_CHECKED_DIRECTLY,
        /** DSS processed the document but did not recognise this signature. */
        NOT_RECOGNISED_BY_VALIDATOR,
        /** DSS could not process the document; Bouncy Castle checked the signature alone. */
        CHECKED_WITHOUT_VALIDATOR,
        /** The CMS in /Contents cannot be decoded. */
        CMS_UNDECODABLE,
        /** A detached signature carries encapsulated content. */
        ENCAPSULATED_CONTENT,
        /** The signed bytes do not match the signature. */
        SIGNED_CONTENT_MISMATCH,
        /** The signature's data is damaged: it could not be checked at all. */
        DATA_DAMAGED,
        /** The signature's field is on a page but not in the form (/AcroForm /Fields). */
        SIGNATURE_OUTSIDE_FORM
    }
}
