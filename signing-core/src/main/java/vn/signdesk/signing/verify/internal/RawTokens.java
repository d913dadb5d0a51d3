package vn.signdesk.signing.verify.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader of PDF tokens and direct objects at a byte offset of the raw file (ISO 32000-1 §7.2, §7.3):
 * numbers, names, strings, arrays, dictionaries, references, keywords. What it reads is exactly what
 * the bytes say there, never a parser's repair, which is what the cross-reference check needs
 * ({@link RawXref}).
 *
 * <p>Implementation notes. Values are plain Java: {@link Long} or {@link Double}, {@link Name},
 * {@code byte[]} for strings, {@link List}, {@link Map} from name to value, {@link Ref}, {@link
 * Boolean}, {@link #NULL}. Nesting is bounded ({@link #MAX_DEPTH}) and so is every loop, by the end of
 * the array; malformed input ends in {@link Malformed}.
 */
final class RawTokens {

    /** PDF's null. */
    static final Object NULL = new Object();

    private static final int MAX_DEPTH = 32;

    /** A name, without its slash. */
    record Name(String value) {}

    /** An indirect reference {@code n g R}. */
    record Ref(long number, int generation) {}

    /** The bytes do not hold what was expected. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] pdf;
    private int pos;

    RawTokens(byte[] pdf, long offset) {
        this.pdf = pdf;
        if (offset < 0 || offset > pdf.length) {
            throw new Malformed("offset " + offset + " is outside the file");
        }
        this.pos = (int) offset;
    }

    int position() {
        return pos;
    }

    void moveTo(int position) {
        pos = position;
    }

    /** Skips white space and comments. */
    void skipWhite() {
        while (pos < pdf.length) {
            byte b = pdf[pos];
            if (ByteRanges.isWhite(b)) {
                pos++;
            } else if (b == '%') {
                while (pos < pdf.length && pdf[pos] != '\n' && pdf[pos] != '\r') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    /** Whether the next token is {@code keyword}; consumes it if so. */
    boolean keyword(String keyword) {
        skipWhite();
        byte[] k = keyword.getBytes(StandardCharsets.US_ASCII);
        if (pos + k.length > pdf.length) {
            return false;
        }
        for (int i = 0; i < k.length; i++) {
            if (pdf[pos + i] != k[i]) {
                return false;
            }
        }
        if (pos + k.length < pdf.length && isRegular(pdf[pos + k.length])) {
            return false;
        }
        pos += k.length;
        return true;
    }

    /** The next token as a non-negative integer, or null (position unchanged) if it is not one. */
    Long integer() {
        skipWhite();
        int start = pos;
        long value = 0;
        int digits = 0;
        while (pos < pdf.length && pdf[pos] >= '0' && pdf[pos] <= '9' && digits < 18) {
            value = value * 10 + (pdf[pos++] - '0');
            digits++;
        }
        if (digits == 0 || pos < pdf.length && isRegular(pdf[pos])) {
            pos = start;
            return null;
        }
        return value;
    }

    /** The header {@code n g obj} at the position: {number, generation}, or null if there is none. */
    long[] objectHeader() {
        int start = pos;
        Long number = integer();
        Long generation = number == null ? null : integer();
        if (generation == null || !keyword("obj")) {
            pos = start;
            return null;
        }
        return new long[] {number, generation};
    }

    /** The next direct object (a reference {@code n g R} included). */
    Object object() {
        return object(0);
    }

    private Object object(int depth) {
        if (depth > MAX_DEPTH) {
            throw new Malformed("objects nested too deep");
        }
        skipWhite();
        if (pos >= pdf.length) {
            throw new Malformed("the file ends inside an object");
        }
        byte b = pdf[pos];
        if (b == '<' && pos + 1 < pdf.length && pdf[pos + 1] == '<') {
            pos += 2;
            return dictionary(depth);
        }
        if (b == '<') {
            return hexString();
        }
        if (b == '(') {
            return literalString();
        }
        if (b == '[') {
            pos++;
            List<Object> array = new ArrayList<>();
            while (true) {
                skipWhite();
                if (pos < pdf.length && pdf[pos] == ']') {
                    pos++;
                    return array;
                }
                array.add(object(depth + 1));
            }
        }
        if (b == '/') {
            return name();
        }
        if (b == '+' || b == '-' || b == '.' || b >= '0' && b <= '9') {
            return numberOrReference();
        }
        if (keyword("true")) {
            return Boolean.TRUE;
        }
        if (keyword("false")) {
            return Boolean.FALSE;
        }
        if (keyword("null")) {
            return NULL;
        }
        throw new Malformed("unexpected byte at offset " + pos);
    }

    private Map<Name, Object> dictionary(int depth) {
        Map<Name, Object> dict = new HashMap<>();
        while (true) {
            skipWhite();
            if (pos + 1 < pdf.length && pdf[pos] == '>' && pdf[pos + 1] == '>') {
                pos += 2;
                return dict;
            }
            if (pos >= pdf.length || pdf[pos] != '/') {
                throw new Malformed("a dictionary key is not a name at offset " + pos);
            }
            Name key = name();
            dict.put(key, object(depth + 1));
        }
    }

    private Name name() {
        int start = ++pos;
        while (pos < pdf.length && isRegular(pdf[pos])) {
            pos++;
        }
        return new Name(new String(pdf, start, pos - start, StandardCharsets.ISO_8859_1));
    }

    private Object numberOrReference() {
        int start = pos;
        Long first = integer();
        if (first != null) {
            int afterFirst = pos;
            Long second = integer();
            if (second != null && keyword("R")) {
                return new Ref(first, (int) Math.min(second, Integer.MAX_VALUE));
            }
            pos = afterFirst;
            return first;
        }
        pos = start;
        while (pos < pdf.length && isRegular(pdf[pos])) {
            pos++;
        }
        String text = new String(pdf, start, pos - start, StandardCharsets.ISO_8859_1);
        try {
            return text.contains(".") ? (Object) Double.parseDouble(text) : (Object) Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new Malformed("not a number: " + text);
        }
    }

    private byte[] hexString() {
        int end = pos + 1;
        while (end < pdf.length && pdf[end] != '>') {
            end++;
        }
        if (end >= pdf.length) {
            throw new Malformed("a hex string is not closed");
        }
        byte[] out = hex(pdf, pos + 1, end);
        pos = end + 1;
        return out;
    }

    private byte[] literalString() {
        int depth = 0;
        int start = pos;
        while (pos < pdf.length) {
            byte b = pdf[pos++];
            if (b == '\\') {
                pos++;
            } else if (b == '(') {
                depth++;
            } else if (b == ')' && --depth == 0) {
                byte[] raw = new byte[pos - start - 2];
                System.arraycopy(pdf, start + 1, raw, 0, raw.length);
                return raw;
            }
        }
        throw new Malformed("a string is not closed");
    }

    /** Not white space and not a delimiter (ISO 32000-1 §7.2.2). */
    static boolean isRegular(byte b) {
        return !ByteRanges.isWhite(b)
                && b != '('
                && b != ')'
                && b != '<'
                && b != '>'
                && b != '['
                && b != ']'
                && b != '{'
                && b != '}'
                && b != '/'
                && b != '%';
    }

    /** Hex digits to bytes, white space skipped, an odd last digit followed by 0 (ISO 32000-1 §7.3.4.3). */
    private static byte[] hex(byte[] pdf, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((to - from) / 2 + 1);
        int hi = -1;
        for (int i = from; i < to; i++) {
            int v = Character.digit(pdf[i], 16);
            if (v < 0) {
                continue;
            }
            if (hi < 0) {
                hi = v;
            } else {
                out.write(hi << 4 | v);
                hi = -1;
            }
        }
        if (hi >= 0) {
            out.write(hi << 4);
        }
        return out.toByteArray();
    }
}
