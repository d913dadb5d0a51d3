package vn.signdesk.pdfrender;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * The character maps (CMaps) of a document weighed before PDFBox builds any font: PDFBox expands
 * every {@code bfrange} and {@code cidrange} of a font's {@code /ToUnicode} or {@code /Encoding} CMap
 * into one map entry per code, so a 34 KB file whose CMap repeats {@code <0000> <FFFF>} a thousand
 * times holds a rendering thread for seconds to minutes (a fuzz finding: 9 s of one core for one
 * page). A real font maps at most the 65 536 two-byte codes; {@link #MAX_SPAN} allows four times that
 * per CMap.
 *
 * <p>Implementation notes. Every stream of the document that is not an image or a font program is
 * decoded and, when it holds {@code begincmap}, its ranges are summed (their bounds are hexadecimal
 * strings, read without PDFBox's CMap parser). The decoding is bounded by the caller's read budget,
 * as every stream is decoded anyway when its page is drawn.
 */
public final class CharacterMaps {

    /** The most codes the ranges of one CMap may span together. */
    public static final long MAX_SPAN = 1L << 18;

    private static final byte[] BEGIN_CMAP = "begincmap".getBytes(StandardCharsets.US_ASCII);

    private CharacterMaps() {}

    /**
     * Refuses a document with a CMap whose ranges span more than {@link #MAX_SPAN} codes.
     *
     * @throws CharacterMapTooLargeException naming the object
     */
    public static void check(PDDocument document) {
        List<COSObjectKey> keys =
                new ArrayList<>(document.getDocument().getXrefTable().keySet());
        for (COSObjectKey key : keys) {
            COSObject object = document.getDocument().getObjectFromPool(key);
            COSBase base = object == null ? null : object.getObject();
            if (base instanceof COSStream stream && mayHoldACharacterMap(stream)) {
                long span = span(decoded(stream));
                if (span > MAX_SPAN) {
                    throw new CharacterMapTooLargeException("the character map in object " + key.getNumber() + " maps "
                            + span + " codes; a font has at most " + MAX_SPAN);
                }
            }
        }
    }

    private static boolean mayHoldACharacterMap(COSStream stream) {
        return !COSName.IMAGE.equals(stream.getCOSName(COSName.SUBTYPE))
                && !stream.containsKey(COSName.LENGTH1)
                && !stream.containsKey(COSName.LENGTH2)
                && !COSName.XOBJECT.equals(stream.getCOSName(COSName.TYPE));
    }

    private static byte[] decoded(COSStream stream) {
        try (InputStream in = stream.createInputStream()) {
            return in.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return new byte[0]; // a stream PDFBox cannot decode builds no font either
        }
    }

    /**
     * The codes the {@code bfrange} and {@code cidrange} sections of a CMap span together; 0 when the
     * bytes are no CMap.
     */
    static long span(byte[] cmap) {
        if (indexOf(cmap, BEGIN_CMAP, 0) < 0) {
            return 0;
        }
        String text = new String(cmap, StandardCharsets.ISO_8859_1);
        long total = 0;
        for (String section : new String[] {"bfrange", "cidrange"}) {
            int at = 0;
            while ((at = text.indexOf("begin" + section, at)) >= 0) {
                int end = text.indexOf("end" + section, at);
                total += sectionSpan(text, at + section.length() + 5, end < 0 ? text.length() : end);
                if (total > MAX_SPAN) {
                    return total;
                }
                at = end < 0 ? text.length() : end;
            }
        }
        return total;
    }

    /** Sums end - start + 1 over the ranges of one section: each starts with two hex strings. */
    private static long sectionSpan(String text, int from, int to) {
        Section section = new Section(text, from, to);
        long total = 0;
        while (total <= MAX_SPAN) {
            long start = section.nextHex();
            long end = start < 0 ? -1 : section.nextHex();
            if (end < 0) {
                return total;
            }
            if (end >= start) {
                total += end - start + 1;
            }
            if (!section.skipDestination()) {
                return total;
            }
        }
        return total;
    }

    /** A reading position in one section of a CMap: each token is found once, from where the last ended. */
    private static final class Section {
        private final String text;
        private final int to;
        private int at;

        Section(String text, int from, int to) {
            this.text = text;
            this.at = from;
            this.to = to;
        }

        /** The value of the next hex string, its first 15 digits; -1 when the section holds no more. */
        long nextHex() {
            int open = text.indexOf('<', at);
            int close = open < 0 ? -1 : text.indexOf('>', open);
            if (open < 0 || open >= to || close < 0 || close > to) {
                return -1;
            }
            at = close + 1;
            long value = 0;
            int digits = 0;
            for (int i = open + 1; i < close && digits < 15; i++) {
                int d = Character.digit(text.charAt(i), 16);
                if (d >= 0) {
                    value = value * 16 + d;
                    digits++;
                }
            }
            return value;
        }

        /** Passes a range's destination: a hex string, an array of them, or a number; false at the end. */
        boolean skipDestination() {
            while (at < to && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            if (at >= to) {
                return false;
            }
            char c = text.charAt(at);
            if (c == '[' || c == '<') {
                int close = text.indexOf(c == '[' ? ']' : '>', at);
                if (close < 0 || close > to) {
                    return false;
                }
                at = close + 1;
                return true;
            }
            while (at < to && !Character.isWhitespace(text.charAt(at)) && text.charAt(at) != '<') {
                at++;
            }
            return true;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
