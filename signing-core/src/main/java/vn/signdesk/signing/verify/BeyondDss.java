package vn.signdesk.signing.verify;

import eu.europa.esig.dss.enumerations.SubIndication;
import java.util.ArrayList;
import java.util.List;
import vn.signdesk.signing.verify.Finding.Note;

/**
 * The checks CONTRACT.md adds to DSS's validation of one signature, strongest reason first: a byte
 * range that is not standard, a CMS that does not decode, encapsulated content in a detached
 * signature, a broken signature value or digest, and changes after signing classified OTHER. Any of
 * them makes the signature TOTAL_FAILED.
 *
 * @param failureOrNull the sub-indication of the failure these checks find, or null when they find none
 * @param findings what the checks add to the report, in order
 */
record BeyondDss(String failureOrNull, List<Finding> findings) {

    BeyondDss {
        findings = List.copyOf(findings);
    }

    /** Runs the checks on one signature's coverage, CMS and cryptographic assessment. */
    static BeyondDss check(SignatureCoverage c, CmsEvidence cms, Assessment a) {
        List<Finding> findings = new ArrayList<>();
        String failure = null;
        if (!c.standardByteRange()) {
            failure = SubIndication.FORMAT_FAILURE.name();
            findings.add(new Finding.ByteRangeNotStandard(c.anomalyOrNull()));
        } else if (!cms.decodable()) {
            failure = SubIndication.FORMAT_FAILURE.name();
            findings.add(Note.CMS_UNDECODABLE);
        } else if (cms.encapsulated()) {
            failure = SubIndication.FORMAT_FAILURE.name();
            findings.add(Note.ENCAPSULATED_CONTENT);
        }
        boolean valueChecked = a.signerKnown() || a.digestMismatch();
        if (failure == null && !a.intact() && valueChecked) {
            failure = a.digestMismatch() ? SubIndication.HASH_FAILURE.name() : SubIndication.SIG_CRYPTO_FAILURE.name();
        }
        if (failure == null && c.changesAfterSigning() == ChangeKind.OTHER) {
            failure = SubIndication.FORMAT_FAILURE.name();
        }
        if (!a.intact() && c.standardByteRange() && cms.decodable() && valueChecked) {
            findings.add(Note.SIGNED_CONTENT_MISMATCH);
        }
        return new BeyondDss(failure, findings);
    }
}
