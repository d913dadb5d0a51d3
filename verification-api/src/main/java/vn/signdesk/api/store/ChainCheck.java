package vn.signdesk.api.store;

/**
 * The result of checking the audit chain: whether every record's hash and link hold and every
 * head timestamp token is valid, and if not, the first record where it breaks and why.
 *
 * @param intact true when nothing is broken
 * @param records how many records were read
 * @param firstBrokenSeqOrNull the sequence number of the first broken link, null when intact
 * @param reasonOrNull why it is broken, for a person; null when intact
 * @param lastTimestampedSeqOrNull the highest record whose hash a valid head timestamp token
 *     covers, null when none does
 */
public record ChainCheck(
        boolean intact, long records, Long firstBrokenSeqOrNull, String reasonOrNull, Long lastTimestampedSeqOrNull) {

    static ChainCheck intact(long records, Long lastTimestampedSeqOrNull) {
        return new ChainCheck(true, records, null, null, lastTimestampedSeqOrNull);
    }

    static ChainCheck broken(long records, long seq, String reason, Long lastTimestampedSeqOrNull) {
        return new ChainCheck(false, records, seq, reason, lastTimestampedSeqOrNull);
    }
}
