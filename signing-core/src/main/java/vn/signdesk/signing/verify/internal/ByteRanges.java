package vn.signdesk.signing.verify.internal;

import java.util.Arrays;

/**
 * The byte-level checks of a signature's /ByteRange against the file (ISO 32000-1 §12.8.1, ETSI EN
 * 319 142-1 §5.4.2): where its signed revision ends and why the range is not standard, if it is not.
 *
 * <p>A standard range is {@code [0 b c d]} with the gap {@code [b, c)} exactly the /Contents hex
 * string of this signature, {@code c + d} within the file and right after an {@code %%EOF} marker
 * with its optional end-of-line. Everything here works on the raw bytes, never on a parser's repair.
 */
final class ByteRanges {

    private static final byte[] EOF = {'%', '%', 'E', 'O', 'F'};

    private ByteRanges() {}

    /**
     * The outcome of the check.
     *
     * @param signedRevisionEnd end (exclusive) of the bytes the signature covers, clipped to the file
     * @param anomalyOrNull one sentence on why the range is not standard, or null
     */
    record Check(long signedRevisionEnd, String anomalyOrNull) {}

    /**
     * Checks a byte range.
     *
     * @param pdf the whole file
     * @param range the /ByteRange numbers as written (null or empty if missing)
     * @param contentsOrNull the signature's /Contents bytes as the parser read them, or null
     */
    static Check check(byte[] pdf, long[] range, byte[] contentsOrNull) {
        long len = pdf.length;
        if (range == null || range.length == 0) {
            return new Check(0, "the signature has no byte range");
        }
        long end = 0;
        for (int i = 0; i + 1 < range.length; i += 2) {
            if (range[i] >= 0 && range[i + 1] >= 0) {
                end = Math.max(end, Math.min(len, range[i] + range[i + 1]));
            }
        }
        if (range.length % 2 != 0) {
            return new Check(end, "the byte range has an odd count of numbers (" + range.length + ")");
        }
        if (range.length != 4) {
            int n = range.length / 2;
            return new Check(end, "the byte range has " + n + (n == 1 ? " range" : " ranges") + " instead of 2");
        }
        long a = range[0];
        long b = range[1];
        long c = range[2];
        long d = range[3];
        if (a < 0 || b < 0 || c < 0 || d < 0) {
            return new Check(end, "the byte range has a negative offset or length");
        }
        if (a != 0) {
            return new Check(end, "the byte range does not start at the beginning of the file");
        }
        if (c < b) {
            return new Check(end, "the two parts of the byte range overlap");
        }
        if (b > len || c + d > len) {
            return new Check(end, "the byte range extends past the end of the file");
        }
        String gap = gapProblem(pdf, (int) b, (int) c, contentsOrNull);
        if (gap != null) {
            return new Check(end, gap);
        }
        if (!endsAtRevisionEnd(pdf, (int) (c + d))) {
            return new Check(end, "the byte range ends at offset " + (c + d) + ", not at an end-of-file marker");
        }
        return new Check(c + d, null);
    }

    /** Why bytes [from, to) are not exactly this signature's /Contents hex string, or null. */
    private static String gapProblem(byte[] pdf, int from, int to, byte[] contentsOrNull) {
        String outside = "bytes " + from + "-" + to + " are outside the byte range and not the signature value";
        if (to - from < 2 || pdf[from] != '<' || pdf[to - 1] != '>') {
            return outside;
        }
        byte[] decoded = new byte[(to - from) / 2];
        int n = 0;
        int half = -1;
        for (int i = from + 1; i < to - 1; i++) {
            int v = Character.digit(pdf[i], 16);
            if (v < 0) {
                if (isWhite(pdf[i])) {
                    continue;
                }
                return outside;
            }
            if (half < 0) {
                half = v;
            } else {
                decoded[n++] = (byte) (half << 4 | v);
                half = -1;
            }
        }
        if (half >= 0) {
            decoded[n++] = (byte) (half << 4);
        }
        if (contentsOrNull != null && !Arrays.equals(decoded, 0, n, contentsOrNull, 0, contentsOrNull.length)) {
            return "the gap in the byte range (bytes " + from + "-" + to + ") is not this signature's /Contents";
        }
        return null;
    }

    /** Whether offset {@code end} follows an %%EOF marker and at most one end-of-line. */
    static boolean endsAtRevisionEnd(byte[] pdf, int end) {
        int i = end;
        if (i > 0 && pdf[i - 1] == '\n') {
            i--;
        }
        if (i > 0 && pdf[i - 1] == '\r') {
            i--;
        }
        if (i < EOF.length) {
            return false;
        }
        return Arrays.equals(pdf, i - EOF.length, i, EOF, 0, EOF.length);
    }

    /** Whether only white space follows offset {@code from}. */
    static boolean onlyWhitespaceAfter(byte[] pdf, long from) {
        for (long i = Math.max(0, from); i < pdf.length; i++) {
            if (!isWhite(pdf[(int) i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether some %%EOF marker starts at or after {@code from}. */
    static boolean hasEofAfter(byte[] pdf, long from) {
        outer:
        for (int i = (int) Math.max(0, from); i + EOF.length <= pdf.length; i++) {
            for (int k = 0; k < EOF.length; k++) {
                if (pdf[i + k] != EOF[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    static boolean isWhite(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t' || b == '\f' || b == 0;
    }
}
