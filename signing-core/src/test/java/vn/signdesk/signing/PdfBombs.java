package vn.signdesk.signing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * PDFs built to exhaust a reader, written byte by byte (no PDF library would write them): deflate
 * bombs in a cross-reference stream, an object stream or a page's content, nesting too deep,
 * reference loops, more objects than a file of that size can hold. Apart from the one flaw each is a
 * complete one-page document, so a reader gets as far as the flaw. Shared with the service's tests.
 */
public final class PdfBombs {

    private PdfBombs() {}

    /**
     * A one-page PDF of about {@code bytes} whose cross-reference stream is a deflate bomb of zeros:
     * about a thousand times its size once inflated.
     */
    public static byte[] crossReferenceStreamBomb(int bytes) {
        Raw pdf = Raw.onePage();
        int offset = pdf.size();
        byte[] bomb = zeroBomb(bytes);
        pdf.text("9 0 obj\n<</Type/XRef/Size 10/W[1 4 2]/Root 1 0 R/Filter/FlateDecode/Length " + bomb.length
                + ">>\nstream\n");
        pdf.bytes(bomb);
        pdf.text("\nendstream\nendobj\nstartxref\n" + offset + "\n%%EOF\n");
        return pdf.toByteArray();
    }

    /** A one-page PDF of about {@code bytes} whose object stream inflates to about a thousand times that. */
    public static byte[] objectStreamBomb(int bytes) {
        Raw pdf = Raw.onePage();
        byte[] bomb = zeroBomb(bytes);
        pdf.object(5, "<</Type/ObjStm/N 1/First 5/Filter/FlateDecode/Length " + bomb.length + ">>", bomb);
        return pdf.withTable();
    }

    /** A one-page PDF of about {@code bytes} whose page content inflates to about a thousand times that. */
    public static byte[] contentStreamBomb(int bytes) {
        Raw pdf = Raw.onePage();
        byte[] bomb = zeroBomb(bytes);
        pdf.object(4, "<</Filter/FlateDecode/Length " + bomb.length + ">>", bomb);
        return pdf.withTable();
    }

    /** The content-stream bomb behind a filter chain: ASCII hexadecimal over deflate. */
    public static byte[] hexEncodedContentStreamBomb(int bytes) {
        Raw pdf = Raw.onePage();
        byte[] bomb = HexFormat.of().formatHex(zeroBomb(bytes / 2)).getBytes(StandardCharsets.US_ASCII);
        pdf.object(4, "<</Filter[/AHx/Fl#61teDecode]/Length " + bomb.length + ">>", bomb);
        return pdf.withTable();
    }

    /** A one-page PDF with an object of {@code depth} nested arrays. */
    public static byte[] deepNesting(int depth) {
        Raw pdf = Raw.onePage();
        pdf.object(5, "[".repeat(depth) + "]".repeat(depth));
        return pdf.withTable();
    }

    /** A PDF whose page tree contains itself: the root's kid lists the root as its kid. */
    public static byte[] pageTreeLoop() {
        Raw pdf = new Raw();
        pdf.object(1, "<</Type/Catalog/Pages 2 0 R>>");
        pdf.object(2, "<</Type/Pages/Kids[3 0 R]/Count 1>>");
        pdf.object(3, "<</Type/Pages/Parent 2 0 R/Kids[2 0 R]/Count 1>>");
        return pdf.withTable();
    }

    /** A PDF with a page tree deeper than {@code depth}: a chain of intermediate nodes down to one page. */
    public static byte[] deepPageTree(int depth) {
        Raw pdf = new Raw();
        pdf.object(1, "<</Type/Catalog/Pages 2 0 R>>");
        for (int i = 0; i < depth; i++) {
            int n = 2 + i;
            pdf.object(
                    n,
                    "<</Type/Pages/Kids[" + (n + 1) + " 0 R]/Count 1" + (i == 0 ? "" : "/Parent " + (n - 1) + " 0 R")
                            + ">>");
        }
        pdf.object(2 + depth, "<</Type/Page/Parent " + (1 + depth) + " 0 R/MediaBox[0 0 595 842]>>");
        return pdf.withTable();
    }

    /** A PDF of two cross-reference sections whose /Prev point at each other. */
    public static byte[] prevLoop() {
        Raw pdf = Raw.onePage();
        int first = pdf.size();
        // the first section's /Prev is the second's offset, known once it is written: a placeholder of 13 characters
        pdf.text(pdf.table() + "trailer\n<</Size 4/Root 1 0 R/Prev PREV_OF_FIRST>>\n");
        int second = pdf.size();
        pdf.text(
                pdf.table() + "trailer\n<</Size 4/Root 1 0 R/Prev " + first + ">>\nstartxref\n" + second + "\n%%EOF\n");
        String text = new String(pdf.toByteArray(), StandardCharsets.ISO_8859_1);
        return text.replace("PREV_OF_FIRST", "%013d".formatted(second)).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A PDF whose catalog names object 5, which is only a reference to 6, which is only a reference to 5. */
    public static byte[] referenceLoop() {
        Raw pdf = new Raw();
        pdf.object(1, "<</Type/Catalog/Pages 2 0 R/Loop 5 0 R>>");
        pdf.object(2, "<</Type/Pages/Kids[3 0 R]/Count 1>>");
        pdf.object(3, "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>");
        pdf.object(5, "6 0 R");
        pdf.object(6, "5 0 R");
        return pdf.withTable();
    }

    /** A PDF with an object stream that lists itself among its objects. */
    public static byte[] selfContainingObjectStream() {
        Raw pdf = Raw.onePage();
        byte[] content = "5 0 <</Self true>>".getBytes(StandardCharsets.US_ASCII);
        pdf.object(5, "<</Type/ObjStm/N 1/First 4/Length " + content.length + ">>", content);
        return pdf.withTable();
    }

    /** A small PDF whose object stream declares {@code count} objects. */
    public static byte[] manyObjects(long count) {
        Raw pdf = Raw.onePage();
        byte[] content = "6 0 null".getBytes(StandardCharsets.US_ASCII);
        pdf.object(5, "<</Type/ObjStm/N " + count + "/First 4/Length " + content.length + ">>", content);
        return pdf.withTable();
    }

    /**
     * Raw deflate data (with a zlib header) of about {@code bytes} that inflates to zeros: copies of
     * one fully flushed block of 1 MiB of zeros, then an empty final block.
     */
    public static byte[] zeroBomb(int bytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(new byte[1 << 20]);
        byte[] buffer = new byte[1 << 16];
        int n = deflater.deflate(buffer, 0, buffer.length, Deflater.FULL_FLUSH);
        byte[] segment = Arrays.copyOf(buffer, n);
        deflater.finish();
        int tail = deflater.deflate(buffer);
        deflater.end();
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes + segment.length + 16);
        out.write(0x78);
        out.write(0xDA);
        while (out.size() < bytes) {
            out.write(segment, 0, segment.length);
        }
        out.write(buffer, 0, tail);
        return out.toByteArray();
    }

    /** A PDF written object by object, with a cross-reference table of their offsets. */
    private static final class Raw {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final Map<Integer, Integer> offsets = new LinkedHashMap<>();

        Raw() {
            text("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        }

        /** Catalog 1, pages 2, page 3 (whose content is object 4). */
        static Raw onePage() {
            Raw pdf = new Raw();
            pdf.object(1, "<</Type/Catalog/Pages 2 0 R>>");
            pdf.object(2, "<</Type/Pages/Kids[3 0 R]/Count 1>>");
            pdf.object(3, "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>");
            return pdf;
        }

        void object(int number, String body) {
            offsets.put(number, size());
            text(number + " 0 obj\n" + body + "\nendobj\n");
        }

        void object(int number, String dictionary, byte[] data) {
            offsets.put(number, size());
            text(number + " 0 obj\n" + dictionary + "\nstream\n");
            bytes(data);
            text("\nendstream\nendobj\n");
        }

        /** The cross-reference table of the objects so far, without trailer. */
        String table() {
            int size =
                    offsets.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
            StringBuilder t = new StringBuilder("xref\n0 " + size + "\n0000000000 65535 f \n");
            for (int i = 1; i < size; i++) {
                Integer at = offsets.get(i);
                t.append(at == null ? "0000000000 65535 f \n" : "%010d 00000 n \n".formatted(at));
            }
            return t.toString();
        }

        /** The document with its table, trailer and end. */
        byte[] withTable() {
            int xref = size();
            int size =
                    offsets.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
            text(table() + "trailer\n<</Size " + size + "/Root 1 0 R>>\nstartxref\n" + xref + "\n%%EOF\n");
            return toByteArray();
        }

        void text(String s) {
            bytes(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        void bytes(byte[] b) {
            out.write(b, 0, b.length);
        }

        int size() {
            return out.size();
        }

        byte[] toByteArray() {
            return out.toByteArray();
        }
    }
}
