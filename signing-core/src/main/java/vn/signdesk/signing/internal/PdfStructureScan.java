package vn.signdesk.signing.internal;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import vn.signdesk.signing.DocumentTooComplexException;
import vn.signdesk.signing.PdfReadBudget;
import vn.signdesk.signing.internal.PdfLexer.ArraySource;
import vn.signdesk.signing.internal.PdfLexer.StreamSource;
import vn.signdesk.signing.internal.PdfObjectParser.Keyword;
import vn.signdesk.signing.internal.PdfObjectParser.Name;
import vn.signdesk.signing.internal.PdfObjectParser.Ref;

/**
 * The scan behind {@link PdfReadBudget#check}: reads a PDF's raw bytes, without a PDF library, and
 * refuses it with a {@link DocumentTooComplexException} when reading it would exceed the budget.
 *
 * <p>Implementation notes. The scan must see every object a lenient reader could reach, whatever
 * the cross-reference table says, since a reader repairs a broken table by searching the whole file
 * for objects. So it does the same: one pass over every byte finds each object header ({@code N G
 * obj}), including headers inside other objects' stream data, and each {@code endstream}, {@code
 * xref}, {@code trailer} and {@code startxref}. Then each object is parsed from its header up to the
 * next header ({@link PdfObjectParser}, which refuses excessive nesting and keeps only the entries
 * the scan reads), so a malformed object cannot hide the next one and every byte is parsed about
 * once. A stream's data ends at its {@code /Length} when {@code endstream} follows there, else at the
 * next {@code endstream}. What the scan holds grows with the number of objects, which is bounded
 * before anything else is done with them.
 *
 * <p>Decoded bytes are counted, never held: a decoder chain ({@link StreamFilters}) is drained
 * through a meter that stops it as soon as the total passes the budget; intermediate stages count
 * too, as a reader holds each stage. Object streams are always decoded, since their objects are
 * parsed (nesting, {@code /Kids}, references); other streams are first counted at the most their
 * filters can expand them to, and decoded, largest first, only while those upper bounds do not settle
 * the question. An ordinary document of tens of kilobytes is so settled without decoding anything but
 * its object streams. The streams of an encrypted document (other than cross-reference streams,
 * which are never encrypted) are decrypted first ({@link StandardDecryption}) when the password
 * given, or the empty one, opens it; when none does, no reader decodes them, and they do not count.
 *
 * <p>Loops a reader could follow forever are refused: cross-reference sections whose {@code /Prev}
 * lead back to themselves, a {@code /Kids} tree (pages, form fields) that contains itself or nests
 * too deep, an object that is only a reference to an object that leads back to it, an object stream
 * that contains itself or whose {@code /Extends} lead back to it.
 */
public final class PdfStructureScan {

    private static final String PREFIX = "the PDF is too complex to read safely: ";

    /** Cross-reference fields wider than this cannot be offsets or numbers of a real file. */
    private static final int MAX_XREF_FIELD = 8;

    /** What a cross-reference stream may decode to beyond the rows its entries need. */
    private static final long XREF_SLACK = 1 << 20;

    /** The dictionary entries the scan reads; the parser drops every other. */
    private static final Set<String> KEPT_KEYS = Set.of(
            "Type", "Filter", "Length", "N", "First", "Extends", "Prev", "Size", "Index", "W", "Kids", "Encrypt", "ID");

    /** The most elements of one array the scan keeps (a /Kids array of a flat page tree). */
    private static final int MAX_KEPT = 1 << 20;

    /** The most elements of one container kept when a dictionary is read whole (encryption, /ID). */
    private static final int MAX_KEPT_WHOLE = 256;

    private static final byte[] ENDSTREAM = "endstream".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] XREF = "xref".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRAILER = "trailer".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STARTXREF = "startxref".getBytes(StandardCharsets.US_ASCII);

    /**
     * The letters the pass over every byte stops at, one in each keyword it looks for and rare in
     * text and in dictionaries: the j of {@code obj}, the m of {@code endstream}, the x of {@code
     * xref} and {@code startxref}, the l of {@code trailer}.
     */
    private static final boolean[] KEYWORD_ANCHOR = new boolean[256];

    static {
        for (char c : "jmxl".toCharArray()) {
            KEYWORD_ANCHOR[c] = true;
        }
    }

    private final byte[] pdf;
    private final char[] passwordOrNull;
    private final int maxNesting;
    private final long objectLimit;
    private final Meter meter;

    // found by the pass over every byte
    private final Positions headerStarts = new Positions();
    private final Positions headerBodies = new Positions();
    private long[] headerNumbers = new long[64];
    private long[] headerGenerations = new long[64];
    private int[] headersByNumber;
    private final Positions endstreams = new Positions();
    private final Positions xrefKeywords = new Positions();
    private final Positions trailerKeywords = new Positions();
    private final List<Long> startxrefs = new ArrayList<>();

    // found by parsing the objects
    private long objects;
    private boolean encrypted;
    private StandardDecryption decryptionOrNull;
    /** Where the newest trailer (or cross-reference stream) dictionaries with /Encrypt and /ID start and end. */
    private int[] encryptSource;

    private int[] idSource;
    private final Map<Integer, Long> sectionPrev = new HashMap<>();
    private final Map<Long, long[]> kids = new HashMap<>();
    private final Map<Long, Long> aliases = new HashMap<>();
    private final Map<Long, Long> objectStreamExtends = new HashMap<>();
    private final List<Stream> objectStreams = new ArrayList<>();
    private final List<Stream> otherStreams = new ArrayList<>();

    private PdfStructureScan(byte[] pdf, char[] passwordOrNull, PdfReadBudget budget) {
        this.pdf = pdf;
        this.passwordOrNull = passwordOrNull;
        this.maxNesting = budget.maxNesting();
        this.objectLimit = budget.objects().forInput(pdf.length);
        this.meter = new Meter(budget.decodedBytes().forInput(pdf.length));
    }

    /**
     * Scans the PDF; returns quietly when reading it stays within the budget.
     *
     * @param passwordOrNull the password the document will be opened with, if it is encrypted
     * @throws DocumentTooComplexException naming the bound crossed
     */
    public static void check(byte[] pdf, char[] passwordOrNull, PdfReadBudget budget) {
        measure(pdf, passwordOrNull, budget, false);
    }

    /** What a scan found: decoded bytes (exact, or partly upper bounds), objects, whether it decrypted. */
    record Measurement(long decodedBytes, long objects, boolean decrypted) {}

    /**
     * The scan of {@link #check}, returning what it measured; with {@code exact} it decodes every
     * stream instead of settling for upper bounds (for tests that compare it with a PDF library).
     */
    static Measurement measure(byte[] pdf, char[] passwordOrNull, PdfReadBudget budget, boolean exact) {
        PdfStructureScan scan = new PdfStructureScan(pdf, passwordOrNull, budget);
        try {
            double bounds = scan.run(exact);
            return new Measurement(scan.meter.used + (long) bounds, scan.objects, scan.decryptionOrNull != null);
        } catch (PdfObjectParser.TooDeep e) {
            throw tooComplex("its objects are nested more than " + budget.maxNesting() + " levels deep");
        } catch (Meter.Exceeded e) {
            throw tooComplex("its compressed streams expand to more than " + size(scan.meter.limit));
        }
    }

    /** Runs every check; returns the upper bounds counted for streams that were not decoded. */
    private double run(boolean exact) {
        findKeywords();
        for (int i = 0; i < headerStarts.size; i++) {
            object(i);
        }
        trailers();
        decryptionOrNull = encrypted ? decryption() : null;
        checkPrevChains();
        checkKids();
        checkChains(aliases, n -> "object " + n + " refers to itself through a chain of references");
        checkChains(objectStreamExtends, n -> "its object streams extend one another in a loop");
        for (Stream s : objectStreams) {
            if (readable(s)) {
                objectStream(s);
            }
        }
        return measureOtherStreams(exact);
    }

    // ---- the pass over every byte ----

    private void findKeywords() {
        for (int i = 0; i < pdf.length; i++) {
            if (KEYWORD_ANCHOR[pdf[i] & 0xff]) {
                keywordAt(i);
            }
        }
    }

    /** Looks for a keyword whose anchor letter is at {@code i}. */
    private void keywordAt(int i) {
        byte[] b = pdf;
        switch (b[i]) {
            case 'j' -> {
                if (i >= 2
                        && b[i - 2] == 'o'
                        && b[i - 1] == 'b'
                        && (i + 1 == b.length || !PdfLexer.isRegular(b[i + 1] & 0xff))) {
                    header(i - 2);
                }
            }
            case 'm' -> {
                if (i >= 8 && matches(i - 8, ENDSTREAM)) {
                    endstreams.add(i - 8);
                    checkObjectCount(endstreams.size);
                }
            }
            case 'x' -> {
                if (matches(i, XREF) && (i == 0 || !PdfLexer.isRegular(b[i - 1] & 0xff))) {
                    xrefKeywords.add(i);
                    checkSections(xrefKeywords.size);
                } else if (i >= 5 && matches(i - 5, STARTXREF)) {
                    startxrefs.add(integerAt(i - 5 + STARTXREF.length));
                    checkSections(startxrefs.size());
                }
            }
            default -> {
                if (i >= 4 && matches(i - 4, TRAILER)) {
                    trailerKeywords.add(i - 4);
                    checkSections(trailerKeywords.size);
                }
            }
        }
    }

    private boolean matches(int at, byte[] keyword) {
        if (at + keyword.length > pdf.length) {
            return false;
        }
        for (int k = 0; k < keyword.length; k++) {
            if (pdf[at + k] != keyword[k]) {
                return false;
            }
        }
        return true;
    }

    /** Records the header {@code N G obj} whose keyword starts at {@code obj}, if there is one. */
    private void header(int obj) {
        int j = obj - 1;
        while (j >= 0 && PdfLexer.isWhitespace(pdf[j])) {
            j--;
        }
        int generationEnd = j;
        while (j >= 0 && isDigit(pdf[j])) {
            j--;
        }
        if (j == generationEnd || j < 0 || !PdfLexer.isWhitespace(pdf[j])) {
            return;
        }
        long generation = digits(j + 1, generationEnd);
        while (j >= 0 && PdfLexer.isWhitespace(pdf[j])) {
            j--;
        }
        int numberEnd = j;
        while (j >= 0 && isDigit(pdf[j]) && numberEnd - j < 11) {
            j--;
        }
        if (j == numberEnd || (j >= 0 && PdfLexer.isRegular(pdf[j] & 0xff))) {
            return;
        }
        int index = headerStarts.size;
        if (index == headerNumbers.length) {
            headerNumbers = Arrays.copyOf(headerNumbers, index * 2);
            headerGenerations = Arrays.copyOf(headerGenerations, index * 2);
        }
        headerStarts.add(j + 1);
        headerBodies.add(obj + 3);
        headerNumbers[index] = digits(j + 1, numberEnd);
        headerGenerations[index] = generation;
        objects++;
        checkObjectCount(objects);
    }

    /** The decimal number in {@code pdf[from..to]}, its last digits only when it is too long. */
    private long digits(int from, int to) {
        long value = 0;
        for (int k = Math.max(from, to - 17); k <= to; k++) {
            value = value * 10 + (pdf[k] - '0');
        }
        return value;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }

    /** The unsigned integer after white space at {@code at}, or -1. */
    private long integerAt(int at) {
        int i = at;
        while (i < pdf.length && PdfLexer.isWhitespace(pdf[i]) && i - at < 64) {
            i++;
        }
        int from = i;
        while (i < pdf.length && isDigit(pdf[i]) && i - from < 18) {
            i++;
        }
        return i == from ? -1 : digits(from, i - 1);
    }

    // ---- objects ----

    private int limitOf(int header) {
        return header + 1 < headerStarts.size ? headerStarts.get(header + 1) : pdf.length;
    }

    private void object(int index) {
        ArraySource source = new ArraySource(pdf, headerBodies.get(index), limitOf(index));
        PdfObjectParser parser = new PdfObjectParser(new PdfLexer(source), maxNesting, KEPT_KEYS, MAX_KEPT);
        Object value = parser.next();
        record(headerNumbers[index], value);
        if (value instanceof Map<?, ?> dictionary
                && parser.next() instanceof Keyword k
                && k.text().equals("stream")) {
            stream(index, dictionary, source.position);
        }
    }

    /** What an object (in the file or in an object stream) adds to the graphs the loops are looked for in. */
    private void record(long number, Object value) {
        if (value instanceof Ref ref) {
            aliases.put(number, ref.number());
        } else if (value instanceof Map<?, ?> dictionary && dictionary.get("Kids") instanceof List<?> list) {
            kids.put(
                    number,
                    list.stream()
                            .filter(Ref.class::isInstance)
                            .mapToLong(o -> ((Ref) o).number())
                            .toArray());
        }
    }

    private void stream(int index, Map<?, ?> dictionary, int afterKeyword) {
        int start = afterKeyword;
        if (start < pdf.length && pdf[start] == '\r') {
            start++;
        }
        if (start < pdf.length && pdf[start] == '\n') {
            start++;
        }
        Stream s = new Stream(
                headerNumbers[index], headerGenerations[index], dictionary, start, streamEnd(dictionary, start));
        switch (String.valueOf(nameOrNull(dictionary.get("Type")))) {
            case "XRef" -> otherStreams.add(s.crossReference(crossReferenceStream(index, dictionary)));
            case "ObjStm" -> {
                objects += s.declaredObjects();
                checkObjectCount(objects);
                if (dictionary.get("Extends") instanceof Ref ref) {
                    objectStreamExtends.put(s.number(), ref.number());
                }
                objectStreams.add(s);
            }
            default -> otherStreams.add(s);
        }
    }

    /** Where a stream's data ends: at its /Length if {@code endstream} follows there, else at the next one. */
    private int streamEnd(Map<?, ?> dictionary, int start) {
        long length = lengthOrMinus1(dictionary.get("Length"));
        if (length >= 0 && start + length <= pdf.length) {
            int at = (int) (start + length);
            int i = at;
            while (i < pdf.length && PdfLexer.isWhitespace(pdf[i])) {
                i++;
            }
            if (matches(i, ENDSTREAM)) {
                return at;
            }
        }
        int next = endstreams.firstAtOrAfter(start);
        if (next < 0) {
            return pdf.length;
        }
        int end = next;
        if (end > start && pdf[end - 1] == '\n') {
            end--;
        }
        if (end > start && pdf[end - 1] == '\r') {
            end--;
        }
        return end;
    }

    /** A direct /Length, or an indirect one that is a plain integer object; -1 when neither. */
    private long lengthOrMinus1(Object length) {
        if (length instanceof Long l) {
            return l;
        }
        int index = length instanceof Ref ref ? lastHeaderOf(ref.number()) : -1;
        return index >= 0 && parse(headerBodies.get(index), limitOf(index), false) instanceof Long l ? l : -1;
    }

    /** The index of the last header of the object number, or -1; the index by number is built on first use. */
    private int lastHeaderOf(long number) {
        if (headersByNumber == null) {
            Integer[] order = new Integer[headerStarts.size];
            Arrays.setAll(order, i -> i);
            Arrays.sort(
                    order,
                    Comparator.<Integer>comparingLong(i -> headerNumbers[i]).thenComparingInt(i -> i));
            headersByNumber = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
        }
        int low = 0;
        int high = headersByNumber.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            long n = headerNumbers[headersByNumber[mid]];
            if (n <= number) {
                if (n == number) {
                    found = headersByNumber[mid];
                }
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found;
    }

    /**
     * Checks a cross-reference stream's dictionary; returns the most its data may decode to: the
     * rows its entries need and some slack, or -1 when its dictionary does not say.
     */
    private long crossReferenceStream(int index, Map<?, ?> dictionary) {
        sectionPrev.put(headerStarts.get(index), dictionary.get("Prev") instanceof Long prev ? prev : -1L);
        trailerDictionary(dictionary, headerBodies.get(index), limitOf(index));
        long row = 0;
        if (dictionary.get("W") instanceof List<?> widths) {
            for (Object w : widths) {
                if (w instanceof Long width && (width < 0 || width > MAX_XREF_FIELD)) {
                    throw tooComplex("its cross-reference stream has fields wider than " + MAX_XREF_FIELD + " bytes");
                }
                row += w instanceof Long width ? width : 0;
            }
        }
        long entries = 0;
        if (dictionary.get("Index") instanceof List<?> ranges) {
            for (int i = 1; i < ranges.size(); i += 2) {
                if (ranges.get(i) instanceof Long count && count > 0) {
                    entries = Math.min(Long.MAX_VALUE / 2, entries + count);
                }
            }
        } else if (dictionary.get("Size") instanceof Long size && size > 0) {
            entries = size;
        }
        checkObjectCount(entries);
        return row > 0 && entries > 0 ? entries * row + XREF_SLACK : -1;
    }

    private void trailers() {
        for (int k = 0; k < trailerKeywords.size; k++) {
            int t = trailerKeywords.get(k);
            int limit = Math.min(firstAfter(headerStarts, t), firstAfter(xrefKeywords, t));
            limit = Math.min(limit, firstAfter(trailerKeywords, t));
            int from = t + "trailer".length();
            if (parse(from, limit, false) instanceof Map<?, ?> dictionary) {
                trailerDictionary(dictionary, from, limit);
                int section = xrefKeywords.lastBefore(t);
                if (section >= 0) {
                    sectionPrev.put(section, dictionary.get("Prev") instanceof Long prev ? prev : -1L);
                }
            }
        }
    }

    private int firstAfter(Positions positions, int at) {
        int next = positions.firstAtOrAfter(at + 1);
        return next < 0 ? pdf.length : next;
    }

    /** Notes where the newest dictionaries with /Encrypt and /ID are, to read their strings later. */
    private void trailerDictionary(Map<?, ?> dictionary, int from, int limit) {
        if (dictionary.containsKey("Encrypt") && (encryptSource == null || encryptSource[0] < from)) {
            encrypted = true;
            encryptSource = new int[] {from, limit};
        }
        if (dictionary.containsKey("ID") && (idSource == null || idSource[0] < from)) {
            idSource = new int[] {from, limit};
        }
    }

    /** The decryption of the streams, or null when neither the password given nor the empty one opens the document. */
    private StandardDecryption decryption() {
        Object encrypt = parse(encryptSource[0], encryptSource[1], true) instanceof Map<?, ?> trailer
                ? trailer.get("Encrypt")
                : null;
        if (encrypt instanceof Ref ref) {
            int index = lastHeaderOf(ref.number());
            encrypt = index < 0 ? null : parse(headerBodies.get(index), limitOf(index), true);
        }
        byte[] firstId = idSource != null
                        && parse(idSource[0], idSource[1], true) instanceof Map<?, ?> trailer
                        && trailer.get("ID") instanceof List<?> id
                        && !id.isEmpty()
                        && id.get(0) instanceof byte[] bytes
                ? bytes
                : new byte[0];
        return encrypt instanceof Map<?, ?> dictionary
                ? StandardDecryption.openOrNull(dictionary, firstId, passwordOrNull)
                : null;
    }

    /**
     * The first object in {@code pdf[from..limit)}: with the scan's entries only, or read whole with
     * its strings (the few small dictionaries whose strings matter).
     */
    private Object parse(int from, int limit, boolean whole) {
        PdfLexer lexer = new PdfLexer(new ArraySource(pdf, from, limit), whole);
        return whole
                ? new PdfObjectParser(lexer, maxNesting, null, MAX_KEPT_WHOLE).next()
                : new PdfObjectParser(lexer, maxNesting, KEPT_KEYS, MAX_KEPT).next();
    }

    /** Whether a reader would decode the stream: it is not encrypted, or the document can be decrypted. */
    private boolean readable(Stream s) {
        return !encrypted || s.plainText() || decryptionOrNull != null;
    }

    private static String nameOrNull(Object o) {
        return o instanceof Name n ? n.value() : null;
    }

    // ---- the bounds ----

    private void checkObjectCount(long count) {
        if (count > objectLimit) {
            throw tooComplex("it declares more than " + objectLimit + " objects");
        }
    }

    private void checkSections(long count) {
        if (count > objectLimit) {
            throw tooComplex("it has more than " + objectLimit + " cross-reference sections");
        }
    }

    /** Follows each {@code startxref} through the /Prev of the sections; refuses a section met twice. */
    private void checkPrevChains() {
        for (long start : startxrefs) {
            Set<Integer> seen = new HashSet<>();
            long at = start;
            Integer section;
            while ((section = sectionAt(at)) != null) {
                if (!seen.add(section)) {
                    throw tooComplex("its cross-reference sections lead back to one another in a loop (/Prev)");
                }
                at = sectionPrev.get(section);
            }
        }
    }

    /** The section that starts at the offset, allowing white space before it, or null. */
    private Integer sectionAt(long offset) {
        if (offset < 0 || offset >= pdf.length) {
            return null;
        }
        int i = (int) offset;
        while (i < pdf.length && PdfLexer.isWhitespace(pdf[i]) && i - offset < 64) {
            i++;
        }
        return sectionPrev.containsKey(i) ? i : null;
    }

    /** Refuses a /Kids graph with a cycle or deeper than the nesting bound (depth-first, no recursion). */
    private void checkKids() {
        Map<Long, Integer> height = new HashMap<>();
        Set<Long> onPath = new HashSet<>();
        for (Long root : kids.keySet()) {
            if (height.containsKey(root)) {
                continue;
            }
            List<long[]> stack = new ArrayList<>();
            stack.add(new long[] {root, 0});
            onPath.add(root);
            while (!stack.isEmpty()) {
                long[] top = stack.get(stack.size() - 1);
                long[] children = kids.getOrDefault(top[0], new long[0]);
                if (top[1] < children.length) {
                    long child = children[(int) top[1]++];
                    if (onPath.contains(child)) {
                        throw tooComplex("its page or form-field tree contains a loop (/Kids)");
                    }
                    if (!height.containsKey(child)) {
                        onPath.add(child);
                        stack.add(new long[] {child, 0});
                    }
                    continue;
                }
                int h = 0;
                for (long child : children) {
                    h = Math.max(h, height.getOrDefault(child, 0) + 1);
                }
                if (h > maxNesting) {
                    throw tooComplex("its page or form-field tree is more than " + maxNesting + " levels deep");
                }
                height.put(top[0], h);
                onPath.remove(top[0]);
                stack.remove(stack.size() - 1);
            }
        }
    }

    /** Refuses a chain of single links (each object leads to at most one other) that comes back to itself. */
    private static void checkChains(Map<Long, Long> links, LongFunction<String> problem) {
        Set<Long> cleared = new HashSet<>();
        for (Long start : links.keySet()) {
            Set<Long> path = new HashSet<>();
            Long at = start;
            while (at != null && !cleared.contains(at)) {
                if (!path.add(at)) {
                    throw tooComplex(problem.apply(at));
                }
                at = links.get(at);
            }
            cleared.addAll(path);
        }
    }

    /** Decodes an object stream, parsing its objects for nesting and for the graphs. */
    private void objectStream(Stream s) {
        StreamSource source = new StreamSource(decoder(s));
        PdfObjectParser parser = new PdfObjectParser(new PdfLexer(source), maxNesting, KEPT_KEYS, MAX_KEPT);
        long count = s.declaredObjects();
        long first = s.dictionary().get("First") instanceof Long f ? f : 0;
        long[] numbers = new long[(int) Math.min(count, MAX_KEPT)];
        int listed = 0;
        while (listed < count && source.consumed < first) {
            Long number = parser.nextInteger();
            Long offset = parser.nextInteger();
            if (number == null || offset == null) {
                break;
            }
            if (number == s.number()) {
                throw tooComplex("object stream " + s.number() + " contains itself");
            }
            if (listed < numbers.length) {
                numbers[listed] = number;
            }
            listed++;
        }
        listed = Math.min(listed, numbers.length);
        while (source.consumed < first && source.read() >= 0) {
            // the objects begin at /First
        }
        for (int i = 0; i < listed; i++) {
            Object value = parser.next();
            if (value == PdfObjectParser.END) {
                break;
            }
            record(numbers[i], value);
        }
        source.drain();
    }

    /**
     * Counts every other stream: at the most its filters can expand it to while those bounds leave
     * the total within the budget, else decoded, largest bound first, until they do.
     */
    private double measureOtherStreams(boolean exact) {
        List<Stream> largestFirst = new ArrayList<>();
        double bounds = 0;
        for (Stream s : otherStreams) {
            if (readable(s)) {
                largestFirst.add(s);
                bounds += s.bound();
            }
        }
        largestFirst.sort(Comparator.comparingDouble(Stream::bound).reversed());
        for (Stream s : largestFirst) {
            if (meter.used + bounds <= meter.limit && !exact) {
                return bounds;
            }
            drain(decoder(s));
            bounds -= s.bound();
        }
        return 0;
    }

    /** The stream's data, decrypted, through its decoders, every stage counted by the meter. */
    private InputStream decoder(Stream s) {
        InputStream in = new ByteArrayInputStream(pdf, s.start(), s.end() - s.start());
        if (decryptionOrNull != null && !s.plainText() && decryptionOrNull.encrypts(s.typeOrNull())) {
            in = decryptionOrNull.decrypt(s.number(), s.generation(), in);
        }
        boolean decoding = false;
        for (String filter : s.filters()) {
            InputStream next = StreamFilters.decoderOrNull(filter, in);
            if (next == null) {
                break;
            }
            in = meter.counting(next);
            decoding = true;
        }
        in = decoding ? in : meter.counting(in);
        return s.maxDecodedOrMinus1() < 0 ? in : capped(in, s.maxDecodedOrMinus1());
    }

    /** Refuses a cross-reference stream as soon as it decodes to more than its rows need. */
    private static InputStream capped(InputStream in, long max) {
        return new FilterInputStream(in) {
            private long read;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                read += Math.max(0, n);
                if (read > max) {
                    throw tooComplex("its cross-reference stream expands to more than its entries need (over "
                            + size(max) + ")");
                }
                return n;
            }
        };
    }

    private static void drain(InputStream in) {
        byte[] scratch = new byte[65536];
        try {
            while (in.read(scratch) >= 0) {
                // counted by the meter
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DocumentTooComplexException tooComplex(String why) {
        return new DocumentTooComplexException(PREFIX + why);
    }

    private static String size(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
    }

    /**
     * A stream found in the file: its object number and generation, dictionary, data; whether it is
     * never encrypted and the most it may decode to (cross-reference streams).
     */
    private record Stream(
            long number,
            long generation,
            Map<?, ?> dictionary,
            int start,
            int end,
            boolean plainText,
            long maxDecodedOrMinus1) {

        Stream(long number, long generation, Map<?, ?> dictionary, int start, int end) {
            this(number, generation, dictionary, start, Math.max(start, end), false, -1);
        }

        /** The same stream as a cross-reference stream: never encrypted, decoding to at most {@code max}. */
        Stream crossReference(long maxDecodedOrMinus1) {
            return new Stream(number, generation, dictionary, start, end, true, maxDecodedOrMinus1);
        }

        String typeOrNull() {
            return nameOrNull(dictionary.get("Type"));
        }

        /** The /N of an object stream, 0 when absent or not a positive integer. */
        long declaredObjects() {
            return dictionary.get("N") instanceof Long n && n > 0 ? n : 0;
        }

        List<String> filters() {
            Object f = dictionary.get("Filter");
            if (f instanceof Name n) {
                return List.of(n.value());
            }
            List<String> out = new ArrayList<>();
            if (f instanceof List<?> list) {
                for (Object o : list) {
                    if (o instanceof Name n) {
                        out.add(n.value());
                    }
                }
            }
            return out;
        }

        /** The most its filters can decode it to, every stage counted; its length when nothing decodes it. */
        double bound() {
            double stage = end - start;
            double total = 0;
            for (String filter : filters()) {
                if (!StreamFilters.decodes(filter)) {
                    break;
                }
                stage *= StreamFilters.maxRatio(filter);
                total += stage;
            }
            return total == 0 ? end - start : total;
        }
    }

    /** Increasing positions in the file, held as plain integers. */
    private static final class Positions {
        private int[] at = new int[16];
        int size;

        void add(int position) {
            if (size == at.length) {
                at = Arrays.copyOf(at, size * 2);
            }
            at[size++] = position;
        }

        int get(int index) {
            return at[index];
        }

        /** The first position at or after {@code from}, or -1. */
        int firstAtOrAfter(int from) {
            int k = Arrays.binarySearch(at, 0, size, from);
            int next = k >= 0 ? k : -k - 1;
            return next < size ? at[next] : -1;
        }

        /** The last position before {@code before}, or -1. */
        int lastBefore(int before) {
            int k = Arrays.binarySearch(at, 0, size, before);
            int index = (k >= 0 ? k : -k - 1) - 1;
            return index >= 0 ? at[index] : -1;
        }
    }

    /** Counts decoded bytes against the budget, and stops the decoding the moment they pass it. */
    private static final class Meter {
        final long limit;
        long used;

        Meter(long limit) {
            this.limit = limit;
        }

        void add(long n) {
            used += n;
            if (used > limit) {
                throw new Exceeded();
            }
        }

        InputStream counting(InputStream in) {
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int c = super.read();
                    if (c >= 0) {
                        add(1);
                    }
                    return c;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        add(n);
                    }
                    return n;
                }
            };
        }

        /** The budget is spent; carries no stack trace. */
        static final class Exceeded extends RuntimeException {
            Exceeded() {
                super(null, null, false, false);
            }
        }
    }
}
