package vn.signdesk.signing.verify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link ByteRanges} on a small file laid out like a signed revision: prefix, hex gap, suffix, %%EOF. */
class ByteRangesTest {

    private static final String PREFIX = "%PDF-1.7\n1 0 obj <</Contents ";
    private static final String GAP = "<0A0B0C00>";
    private static final String SUFFIX = ">> endobj\ntrailer <<>>\nstartxref\n0\n%%EOF\n";
    private static final byte[] FILE = (PREFIX + GAP + SUFFIX).getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENTS = {0x0a, 0x0b, 0x0c, 0x00};

    private static long[] standard() {
        long gapStart = PREFIX.length();
        long gapEnd = gapStart + GAP.length();
        return new long[] {0, gapStart, gapEnd, FILE.length - gapEnd};
    }

    @Test
    void check_standardRange_hasNoAnomalyAndEndsAtTheFileEnd() {
        ByteRanges.Check check = ByteRanges.check(FILE, standard(), CONTENTS);

        assertThat(check.anomalyOrNull()).isNull();
        assertThat(check.signedRevisionEnd()).isEqualTo(FILE.length);
    }

    @Test
    void check_oneRange_saysSo() {
        ByteRanges.Check check = ByteRanges.check(FILE, new long[] {0, 20}, CONTENTS);

        assertThat(check.anomalyOrNull()).isEqualTo("the byte range has 1 range instead of 2");
        assertThat(check.signedRevisionEnd()).isEqualTo(20);
    }

    @Test
    void check_gapLargerThanTheContents_namesTheUncoveredBytes() {
        long[] r = standard();
        long[] wider = {0, r[1] - 4, r[2], r[3]};

        assertThat(ByteRanges.check(FILE, wider, CONTENTS).anomalyOrNull())
                .isEqualTo(
                        "bytes " + (r[1] - 4) + "-" + r[2] + " are outside the byte range and not the signature value");
    }

    @Test
    void check_gapHoldingAnotherValue_isNotThisSignaturesContents() {
        assertThat(ByteRanges.check(FILE, standard(), new byte[] {1, 2, 3, 4}).anomalyOrNull())
                .startsWith("the gap in the byte range");
    }

    @Test
    void check_rangePastTheEnd_saysSo() {
        long[] r = standard();

        assertThat(ByteRanges.check(FILE, new long[] {0, r[1], r[2], r[3] + 10}, CONTENTS)
                        .anomalyOrNull())
                .isEqualTo("the byte range extends past the end of the file");
    }

    @Test
    void check_rangeEndingBeforeTheEofMarker_isNotAtARevisionEnd() {
        long[] r = standard();

        assertThat(ByteRanges.check(FILE, new long[] {0, r[1], r[2], r[3] - 8}, CONTENTS)
                        .anomalyOrNull())
                .endsWith("not at an end-of-file marker");
    }

    @Test
    void check_overlappingRanges_sayTheyOverlap() {
        long[] r = standard();

        assertThat(ByteRanges.check(FILE, new long[] {0, r[2], r[1], FILE.length - r[1]}, CONTENTS)
                        .anomalyOrNull())
                .isEqualTo("the two parts of the byte range overlap");
    }

    @Test
    void onlyWhitespaceAfter_lineBreaksAfterTheEnd_isTrueButTextIsNot() {
        byte[] tail = "abc\r\n \n".getBytes(StandardCharsets.US_ASCII);

        assertThat(ByteRanges.onlyWhitespaceAfter(tail, 3)).isTrue();
        assertThat(ByteRanges.onlyWhitespaceAfter(tail, 2)).isFalse();
    }
}
