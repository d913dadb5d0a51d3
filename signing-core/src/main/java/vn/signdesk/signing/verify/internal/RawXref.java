package vn.signdesk.signing.verify.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import vn.signdesk.signing.verify.internal.RawTokens.Malformed;
import vn.signdesk.signing.verify.internal.RawTokens.Name;

/**
 * The cross-reference sections of a PDF as its bytes write them (ISO 32000-1 §7.5.4, §7.5.8):
 * tables and streams, chained by /Prev and /XRefStm, each entry as written. PDFBox repairs what does
 * not fit (it searches the file for an object whose entry points at another object's bytes) and
 * ignores free entries; a viewer that follows the entries shows something else. Reading the entries
 * raw lets the revision analysis see an update that redirects an object number ({@link
 * CrossReferenceCheck}).
 *
 * <p>Implementation notes. Streams are decoded with FlateDecode and the PNG predictors, the only
 * encoding writers use for cross-reference and object streams; anything else is unreadable
 * ({@link Malformed}). Decoded bytes are capped by what the entries can need (/W and /Index), so a
 * deflate bomb costs no more than the table it claims to be. Chains are bounded by a visited set and
 * {@link #MAX_SECTIONS}.
 */
final class RawXref {

    private static final int MAX_SECTIONS = 4096;
    private static final Name W = new Name("W");
    private static final Name INDEX = new Name("Index");
    private static final Name SIZE = new Name("Size");
    private static final Name PREV = new Name("Prev");
    private static final Name XREF_STM = new Name("XRefStm");
    private static final Name LENGTH = new Name("Length");
    private static final Name FILTER = new Name("Filter");
    private static final Name DECODE_PARMS = new Name("DecodeParms");
    private static final Name N = new Name("N");
    private static final Name FIRST = new Name("First");

    private RawXref() {}

    /**
     * One entry: type 0 free, 1 in use at a byte offset, 2 in an object stream.
     *
     * @param type 0, 1 or 2
     * @param field2 the offset (type 1) or the object stream's number (type 2)
     * @param field3 the generation (type 0 and 1) or the index in the object stream (type 2)
     */
    record Entry(int type, long field2, long field3) {
        boolean free() {
            return type == 0;
        }
    }

    /**
     * The sections reached from a {@code startxref}, newest first, down to the first one that starts
     * before {@code floor}.
     *
     * @param sections the sections at or after {@code floor}
     * @param continuesAtOrNull the offset of the first section before {@code floor} the chain reaches,
     *     or null when it ends first
     */
    record Chain(List<Map<Long, Entry>> sections, Long continuesAtOrNull) {

        /** Each object number's newest entry. */
        Map<Long, Entry> effective() {
            Map<Long, Entry> out = new LinkedHashMap<>();
            for (Map<Long, Entry> s : sections) {
                s.forEach(out::putIfAbsent);
            }
            return out;
        }
    }

    /** The value of the last {@code startxref} keyword that starts before {@code end}, or -1. */
    static long lastStartxref(byte[] pdf, long end) {
        int at = Bytes.lastIndexOf(pdf, "startxref", (int) Math.min(end, pdf.length));
        if (at < 0) {
            return -1;
        }
        Long value = new RawTokens(pdf, at + "startxref".length()).integer();
        return value == null ? -1 : value;
    }

    /** The chain of sections from {@code startxref}, following /Prev while sections start at or after {@code floor}. */
    static Chain read(byte[] pdf, long startxref, long floor) {
        return new Sections(pdf).chain(startxref, floor);
    }

    /**
     * The sections of one file, each read once however many chains pass through it (the revisions
     * of a document with several signatures share their older sections). Not thread-safe.
     */
    static final class Sections {
        private final byte[] pdf;
        private final Map<Long, Section> read = new HashMap<>();

        Sections(byte[] pdf) {
            this.pdf = pdf;
        }

        byte[] pdf() {
            return pdf;
        }

        /** The chain from {@code startxref}, following /Prev while sections start at or after {@code floor}. */
        Chain chain(long startxref, long floor) {
            List<Map<Long, Entry>> sections = new ArrayList<>();
            Set<Long> seen = new HashSet<>();
            Long at = startxref;
            while (at != null && at >= floor) {
                if (!seen.add(at) || sections.size() >= MAX_SECTIONS) {
                    throw new Malformed("the cross-reference sections loop at offset " + at);
                }
                Section s = read.get(at);
                if (s == null) {
                    s = section(pdf, at);
                    read.put(at, s);
                }
                sections.add(s.entries());
                at = s.prevOrNull();
            }
            return new Chain(sections, at);
        }
    }

    /** One section: its entries (with its /XRefStm stream's, for a hybrid file) and its /Prev. */
    private record Section(Map<Long, Entry> entries, Long prevOrNull) {}

    private static Section section(byte[] pdf, long offset) {
        RawTokens t = new RawTokens(pdf, offset);
        if (t.keyword("xref")) {
            Map<Long, Entry> entries = table(t);
            if (!t.keyword("trailer")) {
                throw new Malformed("no trailer after the cross-reference table at offset " + offset);
            }
            Map<Name, Object> trailer = dictionary(t.object());
            if (trailer.get(XREF_STM) instanceof Long stm) {
                // a hybrid file: the stream's entries complete the table's, which marks them free
                stream(pdf, stm).entries().forEach((n, e) -> {
                    Entry own = entries.get(n);
                    if (own == null || own.free()) {
                        entries.put(n, e);
                    }
                });
            }
            return new Section(entries, trailer.get(PREV) instanceof Long p ? p : null);
        }
        return stream(pdf, offset);
    }

    private static Map<Long, Entry> table(RawTokens t) {
        Map<Long, Entry> entries = new LinkedHashMap<>();
        while (true) {
            int before = t.position();
            Long start = t.integer();
            Long count = start == null ? null : t.integer();
            if (count == null) {
                t.moveTo(before);
                return entries;
            }
            for (long i = 0; i < count; i++) {
                Long field2 = t.integer();
                Long field3 = field2 == null ? null : t.integer();
                boolean inUse = field3 != null && t.keyword("n");
                if (field3 == null || !inUse && !t.keyword("f")) {
                    throw new Malformed("a cross-reference table entry cannot be read at offset " + t.position());
                }
                entries.putIfAbsent(start + i, new Entry(inUse ? 1 : 0, field2, field3));
            }
        }
    }

    private static Section stream(byte[] pdf, long offset) {
        RawTokens t = new RawTokens(pdf, offset);
        if (t.objectHeader() == null) {
            throw new Malformed("no cross-reference section at offset " + offset);
        }
        Map<Name, Object> dict = dictionary(t.object());
        List<Long> w = longs(dict.get(W), 3);
        long size = dict.get(SIZE) instanceof Long s ? s : 0;
        List<Long> index = dict.containsKey(INDEX) ? longs(dict.get(INDEX), -1) : List.of(0L, size);
        int row = (int) (w.get(0) + w.get(1) + w.get(2));
        if (row <= 0 || row > 64 || w.stream().anyMatch(v -> v < 0 || v > 8) || index.size() % 2 != 0) {
            throw new Malformed("the cross-reference stream at offset " + offset + " has a bad /W or /Index");
        }
        long rows = 0;
        for (int i = 1; i < index.size(); i += 2) {
            rows += index.get(i);
        }
        byte[] data = streamData(pdf, t, dict, rows * row);
        Map<Long, Entry> entries = new LinkedHashMap<>();
        int p = 0;
        for (int i = 0; i + 1 < index.size(); i += 2) {
            for (long k = 0; k < index.get(i + 1); k++) {
                if (p + row > data.length) {
                    throw new Malformed("the cross-reference stream at offset " + offset + " is too short");
                }
                long type = w.get(0) == 0 ? 1 : field(data, p, w.get(0));
                long f2 = field(data, p + w.get(0).intValue(), w.get(1));
                long f3 = field(data, p + w.get(0).intValue() + w.get(1).intValue(), w.get(2));
                p += row;
                if (type <= 2) {
                    entries.putIfAbsent(index.get(i) + k, new Entry((int) type, f2, f3));
                }
            }
        }
        return new Section(entries, dict.get(PREV) instanceof Long prev ? prev : null);
    }

    /**
     * The object number that the {@code index}th pair of an object stream's header names, for the
     * object stream whose object starts at {@code offset}; null when it cannot be read.
     */
    static Long objectStreamMember(byte[] pdf, long offset, long index) {
        try {
            RawTokens t = new RawTokens(pdf, offset);
            if (t.objectHeader() == null) {
                return null;
            }
            Map<Name, Object> dict = dictionary(t.object());
            if (!(dict.get(N) instanceof Long n) || !(dict.get(FIRST) instanceof Long first) || index >= n) {
                return null;
            }
            byte[] header = streamData(pdf, t, dict, Math.min(first, 1 << 20));
            RawTokens h = new RawTokens(header, 0);
            for (long i = 0; i <= index; i++) {
                Long number = h.integer();
                Long at = number == null ? null : h.integer();
                if (at == null) {
                    return null;
                }
                if (i == index) {
                    return number;
                }
            }
            return null;
        } catch (Malformed e) {
            return null;
        }
    }

    /** The decoded data of the stream whose dictionary {@code t} has just read, at most {@code limit} bytes. */
    private static byte[] streamData(byte[] pdf, RawTokens t, Map<Name, Object> dict, long limit) {
        if (!t.keyword("stream")) {
            throw new Malformed("no stream data at offset " + t.position());
        }
        int start = t.position();
        if (start < pdf.length && pdf[start] == '\r') {
            start++;
        }
        if (start < pdf.length && pdf[start] == '\n') {
            start++;
        }
        int end = dict.get(LENGTH) instanceof Long length && start + length <= pdf.length
                ? (int) (start + length)
                : Bytes.indexOf(pdf, "endstream", start);
        if (end < start) {
            throw new Malformed("the stream at offset " + start + " has no end");
        }
        Object filter = dict.get(FILTER);
        if (filter instanceof List<?> filters && filters.size() == 1) {
            filter = filters.get(0);
        }
        Object parms = dict.get(DECODE_PARMS);
        if (parms instanceof List<?> list && list.size() == 1) {
            parms = list.get(0);
        }
        int predictor = 1;
        int columns = 1;
        if (parms instanceof Map<?, ?> p) {
            predictor = p.get(new Name("Predictor")) instanceof Long v ? v.intValue() : 1;
            columns = p.get(new Name("Columns")) instanceof Long v ? v.intValue() : 1;
        }
        if (filter == null) {
            byte[] raw = new byte[(int) Math.min(end - start, limit)];
            System.arraycopy(pdf, start, raw, 0, raw.length);
            return raw;
        }
        if (!new Name("FlateDecode").equals(filter) || predictor != 1 && predictor < 10 || columns < 1) {
            throw new Malformed("a stream is encoded as " + filter + " with predictor " + predictor);
        }
        long rowBytes = predictor >= 10 ? columns + 1L : 1L;
        long needed = predictor >= 10 ? (limit + columns - 1) / columns * rowBytes : limit;
        byte[] inflated = inflate(pdf, start, end, needed);
        return predictor >= 10 ? png(inflated, columns) : inflated;
    }

    private static byte[] inflate(byte[] pdf, int from, int to, long limit) {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(pdf, from, to - from);
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 1 << 16));
            byte[] buffer = new byte[8192];
            while (out.size() < limit && !inflater.finished()) {
                int n = inflater.inflate(buffer, 0, (int) Math.min(buffer.length, limit - out.size()));
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new Malformed("a stream cannot be inflated: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    /** Undoes the PNG predictors, one filter byte per row of {@code columns} bytes (one byte per pixel). */
    private static byte[] png(byte[] data, int columns) {
        int rows = data.length / (columns + 1);
        byte[] out = new byte[rows * columns];
        for (int r = 0; r < rows; r++) {
            int filter = data[r * (columns + 1)] & 0xff;
            for (int c = 0; c < columns; c++) {
                int x = data[r * (columns + 1) + 1 + c] & 0xff;
                int left = c > 0 ? out[r * columns + c - 1] & 0xff : 0;
                int up = r > 0 ? out[(r - 1) * columns + c] & 0xff : 0;
                int upLeft = r > 0 && c > 0 ? out[(r - 1) * columns + c - 1] & 0xff : 0;
                int value =
                        switch (filter) {
                            case 0 -> x;
                            case 1 -> x + left;
                            case 2 -> x + up;
                            case 3 -> x + (left + up) / 2;
                            case 4 -> x + paeth(left, up, upLeft);
                            default -> throw new Malformed("unknown PNG filter " + filter);
                        };
                out[r * columns + c] = (byte) value;
            }
        }
        return out;
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static long field(byte[] data, int at, long width) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = v << 8 | data[at + i] & 0xff;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private static Map<Name, Object> dictionary(Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new Malformed("a dictionary was expected");
        }
        return (Map<Name, Object>) m;
    }

    private static List<Long> longs(Object o, int size) {
        if (!(o instanceof List<?> list) || size >= 0 && list.size() != size || list.size() > 1 << 20) {
            throw new Malformed("an array of integers was expected");
        }
        List<Long> out = new ArrayList<>(list.size());
        for (Object v : list) {
            if (!(v instanceof Long l)) {
                throw new Malformed("an array of integers was expected");
            }
            out.add(l);
        }
        return out;
    }
}
