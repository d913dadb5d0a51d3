package vn.signdesk.signing.verify;

import java.util.List;

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
        List<String> changeDetails) {

    public SignatureCoverage {
        byteRange = byteRange.clone();
        changeDetails = List.copyOf(changeDetails);
    }

    @Override
    public long[] byteRange() {
        return byteRange.clone();
    }
}
