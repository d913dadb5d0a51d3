package vn.signdesk.signing.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the direct objects of ISO 32000-1 §7.3 from {@link PdfLexer} tokens into plain values, for
 * the structure scan: {@link Long} integers, {@link Name}s, {@link Ref}erences, {@link List} arrays,
 * {@link Map} dictionaries (keys without their slash), {@link Keyword}s, {@code byte[]} strings when
 * the lexer keeps them, and {@link #OTHER} for reals, other strings, stray brackets and whatever it
 * does not keep. Refuses nesting deeper than its bound before it recurses further, so its own stack
 * stays bounded. Lenient like a PDF reader: an unterminated array or dictionary ends at the end of
 * its input or at a keyword that cannot be inside one ({@code endobj}, {@code stream}...).
 *
 * <p>It keeps only what it is asked to, so that an object of millions of elements costs it no
 * memory: in a dictionary, the values of the given keys (or every value, for the few small
 * dictionaries read whole), and in a container kept, at most a given number of elements; everything
 * else is parsed and dropped. An array that is a whole object is kept only when everything is.
 */
final class PdfObjectParser {

    /** A name object, without its slash. */
    record Name(String value) {}

    /** An indirect reference; the generation does not matter to the scan. */
    record Ref(long number) {}

    /** A bare keyword: {@code true}, {@code null}, {@code stream}, {@code endobj}, or anything unknown. */
    record Keyword(String text) {}

    /** A real number, a string, or a stray closing bracket: nothing the scan looks into. */
    static final Object OTHER = new Object();

    /** The end of the input. */
    static final Object END = new Object();

    private static final Object CLOSE = new Object();

    private static final Set<String> OUTSIDE_OBJECTS =
            Set.of("endobj", "stream", "endstream", "obj", "xref", "trailer", "startxref");

    /** Thrown when nesting exceeds the bound; carries no stack trace. */
    static final class TooDeep extends RuntimeException {
        TooDeep() {
            super(null, null, false, false);
        }
    }

    private final PdfLexer lexer;
    private final int maxNesting;
    private final Set<String> keptKeysOrNull;
    private final int maxKept;
    private final int[] savedType = new int[2];
    private final String[] savedText = new String[2];
    private final long[] savedInteger = new long[2];
    private int saved;
    private int type;
    private String text;
    private long integer;

    /**
     * @param keptKeysOrNull the dictionary keys whose values are kept, at any depth; null for all
     * @param maxKept the most elements an array, or entries a dictionary, keeps
     */
    PdfObjectParser(PdfLexer lexer, int maxNesting, Set<String> keptKeysOrNull, int maxKept) {
        this.lexer = lexer;
        this.maxNesting = maxNesting;
        this.keptKeysOrNull = keptKeysOrNull;
        this.maxKept = maxKept;
    }

    /** The next object, {@link #END} at the end of the input. */
    Object next() {
        Object v = value(0, true);
        return v == CLOSE ? OTHER : v;
    }

    /** The next object if it is an integer, else null (and the token is consumed). */
    Long nextInteger() {
        return token() == PdfLexer.INTEGER ? integer : null;
    }

    private Object value(int depth, boolean keep) {
        switch (token()) {
            case PdfLexer.EOF:
                return END;
            case PdfLexer.INTEGER:
                return integerOrReference(keep);
            case PdfLexer.NAME:
                return keep ? new Name(text) : OTHER;
            case PdfLexer.KEYWORD:
                return new Keyword(text);
            case PdfLexer.ARRAY_OPEN:
                return array(depth + 1, keep && (depth > 0 || keptKeysOrNull == null));
            case PdfLexer.DICT_OPEN:
                return dictionary(depth + 1, keep);
            case PdfLexer.ARRAY_CLOSE:
            case PdfLexer.DICT_CLOSE:
                return CLOSE;
            case PdfLexer.STRING:
                // strings are never pushed back, so the lexer still holds this one
                return lexer.stringBytes != null ? lexer.stringBytes : OTHER;
            default:
                return OTHER;
        }
    }

    /** An integer, or the reference it begins; {@link #OTHER} when neither is kept (no allocation). */
    private Object integerOrReference(boolean keep) {
        long number = integer;
        if (token() != PdfLexer.INTEGER) {
            save();
            return keep ? number : OTHER;
        }
        long generation = integer;
        if (token() == PdfLexer.KEYWORD && "R".equals(text)) {
            return keep ? new Ref(number) : OTHER;
        }
        save();
        type = PdfLexer.INTEGER;
        text = null;
        integer = generation;
        save();
        return keep ? number : OTHER;
    }

    /** An array; a kept one keeps its scalars, and its arrays and dictionaries only when everything is kept. */
    private Object array(int depth, boolean keep) {
        checkDepth(depth);
        List<Object> out = keep ? new ArrayList<>() : null;
        boolean keepContainers = keep && keptKeysOrNull == null;
        while (true) {
            int t = token();
            save();
            boolean container = t == PdfLexer.ARRAY_OPEN || t == PdfLexer.DICT_OPEN;
            Object v = value(depth, keep && (!container || keepContainers));
            if (v == END || v == CLOSE || endsContainer(v)) {
                return keep ? out : OTHER;
            }
            if (keep && out.size() < maxKept) {
                out.add(v);
            }
        }
    }

    private Object dictionary(int depth, boolean keep) {
        checkDepth(depth);
        Map<String, Object> out = keep ? new HashMap<>() : null;
        while (true) {
            if (token() != PdfLexer.NAME) {
                // not a key: read over it like any value, so that the dictionary can end
                save();
                Object other = value(depth, false);
                if (other == END || other == CLOSE || endsContainer(other)) {
                    return keep ? out : OTHER;
                }
                continue;
            }
            String key = text;
            boolean keepValue = keep && (keptKeysOrNull == null || keptKeysOrNull.contains(key));
            Object v = value(depth, keepValue);
            if (v == END || v == CLOSE || endsContainer(v)) {
                return keep ? out : OTHER;
            }
            if (keepValue && out.size() < maxKept) {
                out.put(key, v);
            }
        }
    }

    private void checkDepth(int depth) {
        if (depth > maxNesting) {
            throw new TooDeep();
        }
    }

    /** A keyword that cannot be inside an object: pushed back for the caller, and the container ends. */
    private boolean endsContainer(Object v) {
        if (v instanceof Keyword k && OUTSIDE_OBJECTS.contains(k.text())) {
            type = PdfLexer.KEYWORD;
            text = k.text();
            save();
            return true;
        }
        return false;
    }

    private int token() {
        if (saved > 0) {
            saved--;
            type = savedType[saved];
            text = savedText[saved];
            integer = savedInteger[saved];
        } else {
            type = lexer.next();
            text = lexer.text;
            integer = lexer.integer;
        }
        return type;
    }

    private void save() {
        savedType[saved] = type;
        savedText[saved] = text;
        savedInteger[saved] = integer;
        saved++;
    }
}
