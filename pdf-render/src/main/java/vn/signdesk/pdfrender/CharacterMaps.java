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
        long total = 0;
        int at = from;
        while (true) {
            long start = hexAt(text, at, to);
            if (start < 0) {
                return total;
            }
            at = text.indexOf('>', at) + 1;
            long end = hexAt(text, at, to);
            if (end < 0) {
                return total;
            }
            at = text.indexOf('>', at) + 1;
            if (end >= start) {
                total += end - start + 1;
            }
            // skip the destination: a hex string, a number or an array of hex strings
            at = skipDestination(text, at, to);
            if (at < 0 || total > MAX_SPAN) {
                return total;
            }
        }
    }

    /** The value of the next hex string between at and to, or -1 when there is none. */
    private static long hexAt(String text, int at, int to) {
        int open = text.indexOf('<', at);
        if (open < 0 || open >= to) {
            return -1;
        }
        int close = text.indexOf('>', open);
        if (close < 0 || close > to) {
            return -1;
        }
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

    private static int skipDestination(String text, int at, int to) {
        int i = at;
        while (i < to && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i >= to) {
            return -1;
        }
        char c = text.charAt(i);
        if (c == '[') {
            int close = text.indexOf(']', i);
            return close < 0 || close > to ? -1 : close + 1;
        }
        if (c == '<') {
            int close = text.indexOf('>', i);
            return close < 0 || close > to ? -1 : close + 1;
        }
        while (i < to && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '<') {
            i++;
        }
        return i;
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
