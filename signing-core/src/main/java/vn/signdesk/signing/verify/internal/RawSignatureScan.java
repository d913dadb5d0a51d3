package vn.signdesk.signing.verify.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The signature byte ranges a scan of a PDF's raw bytes finds, as a second count beside the parsed
 * structure's: every {@code /ByteRange [n n ...]} written in the file, whichever revision, object or
 * comment holds it, and whether or not any cross-reference section lists it.
 *
 * <p>Implementation notes. One pass over the bytes for the name {@code /ByteRange}, then an array of
 * integers (PDF white space between tokens). Compressed object streams are not decoded: a signature
 * dictionary inside one is not seen here, and the counts then disagree, which is itself worth
 * reporting (signature dictionaries are written uncompressed so that their /Contents can be filled in
 * place). Cheap enough for every verification: no parse, no copy.
 */
public final class RawSignatureScan {

    private static final String NAME = "/ByteRange";
    private static final int MAX_NUMBERS = 16;

    private RawSignatureScan() {}

    /** The distinct byte ranges written in {@code pdf}, in file order. */
    public static Set<List<Long>> byteRanges(byte[] pdf) {
        Set<List<Long>> out = new LinkedHashSet<>();
        for (int i = Bytes.indexOf(pdf, NAME, 0); i >= 0; i = Bytes.indexOf(pdf, NAME, i + NAME.length())) {
            List<Long> range = arrayAt(pdf, i + NAME.length());
            if (range != null) {
                out.add(range);
            }
        }
        return out;
    }

    /** The integers of an array starting after white space at {@code from}, or null if there is none. */
    private static List<Long> arrayAt(byte[] pdf, int from) {
        int i = skipWhite(pdf, from);
        if (i >= pdf.length || pdf[i] != '[') {
            return null;
        }
        List<Long> numbers = new ArrayList<>(4);
        i++;
        while (numbers.size() <= MAX_NUMBERS) {
            i = skipWhite(pdf, i);
            if (i >= pdf.length) {
                return null;
            }
            if (pdf[i] == ']') {
                return numbers.isEmpty() ? null : List.copyOf(numbers);
            }
            int start = i;
            if (pdf[i] == '-' || pdf[i] == '+') {
                i++;
            }
            long value = 0;
            int digits = 0;
            while (i < pdf.length && pdf[i] >= '0' && pdf[i] <= '9' && digits < 18) {
                value = value * 10 + (pdf[i] - '0');
                i++;
                digits++;
            }
            if (digits == 0 || i < pdf.length && !ByteRanges.isWhite(pdf[i]) && pdf[i] != ']') {
                return null;
            }
            numbers.add(pdf[start] == '-' ? -value : value);
        }
        return null;
    }

    private static int skipWhite(byte[] pdf, int i) {
        while (i < pdf.length && ByteRanges.isWhite(pdf[i])) {
            i++;
        }
        return i;
    }
}
