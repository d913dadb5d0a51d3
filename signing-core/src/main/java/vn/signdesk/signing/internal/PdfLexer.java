package vn.signdesk.signing.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The tokens of ISO 32000-1 §7.2 and §7.3 (names, numbers, keywords, strings, and the brackets of
 * arrays and dictionaries), read from a slice of a file or from a decoded object stream. Strings are
 * skipped unless the lexer is asked to keep them; a name's {@code #xx} escapes are decoded, as a
 * PDF reader decodes them.
 */
final class PdfLexer {

    static final int EOF = 0;
    static final int NAME = 1;
    static final int INTEGER = 2;
    static final int REAL = 3;
    static final int KEYWORD = 4;
    static final int STRING = 5;
    static final int DICT_OPEN = 6;
    static final int DICT_CLOSE = 7;
    static final int ARRAY_OPEN = 8;
    static final int ARRAY_CLOSE = 9;

    /** Longest name or keyword kept; longer ones are read to their end and cut. */
    private static final int MAX_TOKEN = 127;

    /** Longest string kept when strings are kept; the rest is read and dropped. */
    private static final int MAX_STRING = 4096;

    private final Source in;
    private final byte[] token = new byte[MAX_TOKEN];
    private final boolean keepStrings;
    private ByteArrayOutputStream string;

    /** The kind of the last token read. */
    int type;
    /** A name without its slash, or a keyword. */
    String text;
    /** The value of an {@link #INTEGER}. */
    long integer;

    /** The bytes of the last {@link #STRING}, when strings are kept; else null. */
    byte[] stringBytes;

    PdfLexer(Source in) {
        this(in, false);
    }

    /** A lexer that also decodes strings into {@link #stringBytes} (for the few dictionaries whose strings matter). */
    PdfLexer(Source in, boolean keepStrings) {
        this.in = in;
        this.keepStrings = keepStrings;
    }

    private static final byte REGULAR = 0;
    private static final byte WHITESPACE = 1;
    private static final byte DELIMITER = 2;

    /** The class of each byte value (ISO 32000-1 §7.2.2, tables 1 and 2). */
    private static final byte[] CLASSES = new byte[256];

    static {
        for (char c : " \n\r\t\f\0".toCharArray()) {
            CLASSES[c] = WHITESPACE;
        }
        for (char c : "()<>[]{}/%".toCharArray()) {
            CLASSES[c] = DELIMITER;
        }
    }

    /** Whether the byte (as a byte or as an unsigned value) is white space. */
    static boolean isWhitespace(int c) {
        return CLASSES[c & 0xff] == WHITESPACE;
    }

    /** Whether {@code c}, an unsigned byte or -1 for the end, is part of a name, number or keyword. */
    static boolean isRegular(int c) {
        return c >= 0 && CLASSES[c] == REGULAR;
    }

    /** Reads the next token and returns its kind. */
    int next() {
        text = null;
        while (true) {
            int c = in.read();
            switch (c) {
                case -1 -> {
                    return type = EOF;
                }
                case '%' -> skipComment();
                case '(' -> {
                    startString();
                    readLiteralString();
                    return string();
                }
                case '<' -> {
                    if (in.peek() == '<') {
                        in.read();
                        return type = DICT_OPEN;
                    }
                    startString();
                    readHexString();
                    return string();
                }
                case '>' -> {
                    if (in.peek() == '>') {
                        in.read();
                        return type = DICT_CLOSE;
                    }
                }
                case '[' -> {
                    return type = ARRAY_OPEN;
                }
                case ']' -> {
                    return type = ARRAY_CLOSE;
                }
                case '/' -> {
                    text = readName();
                    return type = NAME;
                }
                default -> {
                    if (isRegular(c)) {
                        return type = readRegular(c);
                    }
                    // white space, or a stray ')', '{', '}' or '>': nothing to read
                }
            }
        }
    }

    private void startString() {
        if (keepStrings) {
            string = new ByteArrayOutputStream();
        }
    }

    private int string() {
        stringBytes = keepStrings ? string.toByteArray() : null;
        return type = STRING;
    }

    private void keep(int b) {
        if (keepStrings && string.size() < MAX_STRING) {
            string.write(b);
        }
    }

    /** A literal string (ISO 32000-1 §7.3.4.2): balanced parentheses, escapes, end-of-line as LF. */
    private void readLiteralString() {
        int depth = 1;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return;
            }
            if (c == '\\') {
                escape();
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return;
            } else if (c == '\r') {
                if (in.peek() == '\n') {
                    in.read();
                }
                c = '\n';
            }
            keep(c);
        }
    }

    private void escape() {
        int c = in.read();
        switch (c) {
            case -1 -> {
                // the string ends with the file
            }
            case 'n' -> keep('\n');
            case 'r' -> keep('\r');
            case 't' -> keep('\t');
            case 'b' -> keep('\b');
            case 'f' -> keep('\f');
            case '\r' -> {
                if (in.peek() == '\n') {
                    in.read();
                }
            }
            case '\n' -> {
                // a line continuation
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    int value = c - '0';
                    for (int i = 0; i < 2 && in.peek() >= '0' && in.peek() <= '7'; i++) {
                        value = value * 8 + (in.read() - '0');
                    }
                    keep(value & 0xff);
                } else {
                    keep(c);
                }
            }
        }
    }

    /** A hexadecimal string: pairs of digits, white space ignored, a last odd digit followed by 0. */
    private void readHexString() {
        if (!keepStrings) {
            // a signature's /Contents is tens of kilobytes of hexadecimal digits
            in.skipPast('>');
            return;
        }
        int high = -1;
        while (true) {
            int c = in.read();
            if (c < 0 || c == '>') {
                break;
            }
            int digit = c < 128 ? Character.digit(c, 16) : -1;
            if (digit < 0) {
                continue;
            }
            if (high < 0) {
                high = digit;
            } else {
                keep((high << 4) | digit);
                high = -1;
            }
        }
        if (high >= 0) {
            keep(high << 4);
        }
    }

    private void skipComment() {
        int c;
        do {
            c = in.read();
        } while (c >= 0 && c != '\n' && c != '\r');
    }

    private String readName() {
        int n = 0;
        while (isRegular(in.peek())) {
            int c = in.read();
            if (c == '#' && isHex(in.peek())) {
                int high = Character.digit(in.read(), 16);
                int low = isHex(in.peek()) ? Character.digit(in.read(), 16) : -1;
                c = low < 0 ? high : (high << 4) | low;
            }
            if (n < MAX_TOKEN) {
                token[n++] = (byte) c;
            }
        }
        return new String(token, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static boolean isHex(int c) {
        return Character.digit(c, 16) >= 0 && c < 128;
    }

    /** A number or a keyword starting with {@code first}. */
    private int readRegular(int first) {
        int n = 0;
        token[n++] = (byte) first;
        boolean digit = first >= '0' && first <= '9';
        boolean digitsOnly = digit || first == '+' || first == '-';
        boolean number = digitsOnly || first == '.';
        int digits = digit ? 1 : 0;
        long value = digit ? first - '0' : 0;
        while (isRegular(in.peek())) {
            int c = in.read();
            if (n < MAX_TOKEN) {
                token[n++] = (byte) c;
            }
            if (c >= '0' && c <= '9') {
                digits++;
                value = value * 10 + (c - '0');
            } else {
                digitsOnly = false;
                number &= c == '.';
            }
        }
        if (digitsOnly && digits > 0 && digits <= 18) {
            integer = first == '-' ? -value : value;
            return INTEGER;
        }
        if (number && digits > 0) {
            return REAL;
        }
        text = new String(token, 0, n, StandardCharsets.ISO_8859_1);
        return KEYWORD;
    }

    /** Bytes the lexer reads. */
    abstract static class Source {
        /** The next byte, consumed; -1 at the end. */
        abstract int read();

        /** The next byte, not consumed; -1 at the end. */
        abstract int peek();

        /** Consumes bytes up to and including the next {@code c}, or to the end. */
        void skipPast(int c) {
            int b;
            do {
                b = read();
            } while (b >= 0 && b != c);
        }
    }

    /** A slice of an array, with a position that can be read and moved. */
    static final class ArraySource extends Source {
        private final byte[] bytes;
        private final int limit;
        int position;

        ArraySource(byte[] bytes, int from, int limit) {
            this.bytes = bytes;
            this.position = from;
            this.limit = limit;
        }

        @Override
        int read() {
            return position < limit ? bytes[position++] & 0xff : -1;
        }

        @Override
        int peek() {
            return position < limit ? bytes[position] & 0xff : -1;
        }

        @Override
        void skipPast(int c) {
            while (position < limit && bytes[position] != (byte) c) {
                position++;
            }
            position = Math.min(limit, position + 1);
        }
    }

    /** A stream, read through a buffer; counts what it read. */
    static final class StreamSource extends Source {
        private final InputStream in;
        private final byte[] buffer = new byte[2048];
        private int position;
        private int length;
        long consumed;

        StreamSource(InputStream in) {
            this.in = in;
        }

        @Override
        int read() {
            if (position == length && !fill()) {
                return -1;
            }
            consumed++;
            return buffer[position++] & 0xff;
        }

        @Override
        int peek() {
            if (position == length && !fill()) {
                return -1;
            }
            return buffer[position] & 0xff;
        }

        /** Reads and discards everything left. */
        void drain() {
            consumed += length - position;
            position = length;
            while (fill()) {
                consumed += length;
                position = length;
            }
        }

        private boolean fill() {
            try {
                int n = in.read(buffer);
                if (n <= 0) {
                    return false;
                }
                position = 0;
                length = n;
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
