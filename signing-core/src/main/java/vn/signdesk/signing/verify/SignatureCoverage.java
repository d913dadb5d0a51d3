package vn.signdesk.signing.verify;

import java.util.List;
import java.util.Objects;

/**
 * What one signature (or document timestamp) of a PDF covers, found from the file's bytes and
 * revisions, independently of the cryptographic check: its byte range, whether that range is
 * standard, whether it reaches the end of the file, and what changed after it.
 *
 * @param fieldName the fully qualified name of its signature field, or the dictionary's object
 *     reference when the field cannot be found
 * @param documentTimestamp whether it is an RFC 3161 document timestamp (SubFilter ETSI.RFC3161)
 * @param byteRange the /ByteRange as written: offset and length pairs
 * @param signedRevisionEnd the end offset (exclusive) of the revision the signature covers
 * @param standardByteRange two ranges, the first from offset 0, the gap exactly the /Contents hex
 *     string, the second ending at the end of a revision (an %%EOF line), nothing overlapping
 * @param anomalyOrNull why the byte range is not standard, in a sentence, or null
 * @param coversWholeDocument no byte follows the signed revision
 * @param changesAfterSigning the worst kind of change made after the signed revision
 * @param changeDetails one short English sentence per change found, for the report
 * @param placement where the document holds the signature dictionary
 * @param subFilterOrNull the dictionary's /SubFilter, e.g. {@code ETSI.CAdES.detached}, or null
 */
public record SignatureCoverage(
        String fieldName,
        boolean documentTimestamp,
        long[] byteRange,
        long signedRevisionEnd,
        boolean standardByteRange,
        String anomalyOrNull,
        boolean coversWholeDocument,
        ChangeKind changesAfterSigning,
        List<String> changeDetails,
        Placement placement,
        String subFilterOrNull) {

    public SignatureCoverage {
        byteRange = byteRange.clone();
        changeDetails = List.copyOf(changeDetails);
        Objects.requireNonNull(placement, "placement");
    }

    /**
     * Where the final revision holds a signature dictionary (ISO 32000-1 §12.7.4.5: a signature is the
     * value of a signature field of the interactive form).
     */
    public enum Placement {
        /** The value of a signature field in /AcroForm /Fields or its kids. */
        FORM_FIELD,
        /** The value of a signature widget on a page whose field is not in the form. */
        PAGE_WIDGET_OUTSIDE_FORM,
        /** A usage-rights signature in the catalog's /Perms (/UR, /UR3): it does not sign the content. */
        USAGE_RIGHTS,
        /** Held by some other object, not by a signature field. */
        OTHER_REFERENCE,
        /** Held by nothing: a dictionary in the final revision that no object refers to. */
        UNREFERENCED;

        /** Whether viewers show a signature placed so: a signature field, in the form or only on a page. */
        public boolean isField() {
            return this == FORM_FIELD || this == PAGE_WIDGET_OUTSIDE_FORM;
        }
    }

    @Override
    public long[] byteRange() {
        return byteRange.clone();
    }
}
