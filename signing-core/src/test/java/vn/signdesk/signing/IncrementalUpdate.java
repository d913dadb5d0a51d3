package vn.signdesk.signing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Test data builder for an incremental update written by hand, as an attacker writes one: objects
 * appended after the last {@code %%EOF}, then a classic cross-reference section whose entries may
 * point anywhere (a new object, bytes of the signed revision, another object's header) and a trailer
 * whose /Prev chains to the previous section. {@code IncrementalUpdate.on(signed).object(12,
 * "<< >>").build()}.
 */
final class IncrementalUpdate {

    private final byte[] base;
    private final long prev;
    private final long size;
    private final String root;
    private final String infoOrNull;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final Map<Long, String> entries = new LinkedHashMap<>();
    private final List<String> trailerEntries = new ArrayList<>();

    private IncrementalUpdate(byte[] base) {
        this.base = base;
        try (PDDocument doc = Loader.loadPDF(base)) {
            COSDictionary trailer = doc.getDocument().getTrailer();
            this.prev = doc.getDocument().getStartXref();
            this.size = trailer.getLong(COSName.SIZE);
            this.root = reference(trailer.getItem(COSName.ROOT));
            this.infoOrNull = trailer.getItem(COSName.INFO) == null ? null : reference(trailer.getItem(COSName.INFO));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An update to {@code pdf}, whose last cross-reference section the new one will follow. */
    static IncrementalUpdate on(byte[] pdf) {
        return new IncrementalUpdate(pdf);
    }

    /** The next free object number of the document being updated. */
    long nextNumber() {
        return size + entries.keySet().stream().filter(n -> n >= size).count();
    }

    /** Appends {@code number 0 obj body endobj} and points the entry of {@code number} at it. */
    IncrementalUpdate object(long number, String objectBody) {
        return objectUnderHeader(number, number, objectBody);
    }

    /**
     * Appends an object whose header says {@code headerNumber} and points the entry of {@code number}
     * at it: when the two differ, the entry redirects {@code number} to another object's bytes.
     */
    IncrementalUpdate objectUnderHeader(long number, long headerNumber, String objectBody) {
        return entry(number, append(headerNumber, objectBody));
    }

    /** Appends {@code headerNumber 0 obj body endobj} with no entry of its own; returns its offset. */
    long append(long headerNumber, String objectBody) {
        long offset = base.length + body.size() + 1L;
        write("\n" + headerNumber + " 0 obj\n" + objectBody + "\nendobj\n");
        return offset;
    }

    /** The body of a stream object: {@code << entries /Length n >> stream ... endstream}, ASCII content. */
    static String stream(String entries, String content) {
        return "<< " + entries + " /Length " + content.length() + " >>\nstream\n" + content + "\nendstream";
    }

    /** Points the entry of {@code number} at {@code offset}, whatever is there. */
    IncrementalUpdate entry(long number, long offset) {
        entries.put(number, String.format("%010d 00000 n \n", offset));
        return this;
    }

    /** Marks {@code number} free in the new section. */
    IncrementalUpdate free(long number) {
        entries.put(number, "0000000000 00001 f \n");
        return this;
    }

    /** Writes {@code /Key value} into the new trailer, after /Root (e.g. {@code "/Root 40 0 R"} replaces it). */
    IncrementalUpdate trailer(String entry) {
        trailerEntries.add(entry);
        return this;
    }

    /** The whole file: the base, the appended objects, the cross-reference section and the trailer. */
    byte[] build() {
        StringBuilder xref = new StringBuilder("xref\n0 1\n0000000000 65535 f \n");
        entries.keySet().stream()
                .sorted()
                .forEach(n -> xref.append(n).append(" 1\n").append(entries.get(n)));
        long xrefOffset = base.length + body.size();
        long newSize = Math.max(
                size, entries.keySet().stream().mapToLong(n -> n + 1).max().orElse(size));
        StringBuilder trailer = new StringBuilder("trailer\n<< /Size " + newSize);
        boolean rootReplaced = trailerEntries.stream().anyMatch(e -> e.startsWith("/Root "));
        if (!rootReplaced) {
            trailer.append(" /Root ").append(root);
        }
        if (infoOrNull != null) {
            trailer.append(" /Info ").append(infoOrNull);
        }
        trailerEntries.forEach(e -> trailer.append(' ').append(e));
        trailer.append(" /Prev ")
                .append(prev)
                .append(" >>\nstartxref\n")
                .append(xrefOffset)
                .append("\n%%EOF\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(base);
        out.writeBytes(body.toByteArray());
        out.writeBytes(xref.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(trailer.toString().getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** The offset of the first {@code needle} in {@code pdf} at or after {@code from}, or -1. */
    static int indexOf(byte[] pdf, String needle, int from) {
        byte[] n = needle.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = Math.max(0, from); i <= pdf.length - n.length; i++) {
            for (int k = 0; k < n.length; k++) {
                if (pdf[i + k] != n[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The offset of the last {@code needle} in {@code pdf} that starts before {@code before}, or -1. */
    static int lastIndexOf(byte[] pdf, String needle, int before) {
        for (int i = indexOf(pdf, needle, 0), last = -1; ; i = indexOf(pdf, needle, i + 1)) {
            if (i < 0 || i >= before) {
                return last;
            }
            last = i;
        }
    }

    private void write(String s) {
        body.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String reference(COSBase item) {
        if (!(item instanceof COSObject o)) {
            throw new IllegalStateException("the trailer entry is not an indirect reference: " + item);
        }
        return o.getKey().getNumber() + " " + o.getKey().getGeneration() + " R";
    }
}
