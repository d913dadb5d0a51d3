package vn.signdesk.signing.verify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import vn.signdesk.signing.verify.internal.RawXref.Entry;

/**
 * {@link RawXref} reads the cross-reference entries PDFBox reads, from tables, from streams with the
 * PNG predictor and object streams, and across an incremental update; {@link RawSignatureScan} finds
 * byte ranges where they are written and nothing else.
 */
class RawXrefTest {

    @Test
    void read_classicTable_givesPdfBoxOffsets() throws IOException {
        assertSameEntriesAsPdfBox(pages(3, CompressParameters.NO_COMPRESSION));
    }

    @Test
    void read_crossReferenceStreamWithObjectStreams_givesPdfBoxEntries() throws IOException {
        byte[] pdf = pages(3, CompressParameters.DEFAULT_COMPRESSION);
        assertThat(new String(pdf, StandardCharsets.ISO_8859_1))
                .contains("/XRef")
                .contains("/ObjStm");

        Map<Long, Entry> entries = assertSameEntriesAsPdfBox(pdf);

        List<Map.Entry<Long, Entry>> compressed = entries.entrySet().stream()
                .filter(e -> e.getValue().type() == 2)
                .toList();
        assertThat(compressed).isNotEmpty();
        for (Map.Entry<Long, Entry> e : compressed) {
            long streamOffset = entries.get(e.getValue().field2()).field2();
            assertThat(RawXref.objectStreamMember(
                            pdf, streamOffset, e.getValue().field3()))
                    .as("object %s in its object stream's header", e.getKey())
                    .isEqualTo(e.getKey());
        }
    }

    @Test
    void read_afterAnIncrementalUpdate_followsPrevAndStopsAtTheFloor() throws IOException {
        byte[] original = pages(1, CompressParameters.DEFAULT_COMPRESSION);
        byte[] updated;
        try (PDDocument doc = Loader.loadPDF(original);
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.getDocumentInformation().setTitle("Updated");
            doc.getDocumentInformation().getCOSObject().setNeedToBeUpdated(true);
            doc.saveIncremental(out);
            updated = out.toByteArray();
        }

        assertSameEntriesAsPdfBox(updated);
        RawXref.Chain added = RawXref.read(updated, RawXref.lastStartxref(updated, updated.length), original.length);
        assertThat(added.sections()).hasSize(1);
        assertThat(added.continuesAtOrNull()).isEqualTo(RawXref.lastStartxref(original, original.length));
        assertThat(added.effective().values()).allMatch(e -> e.free() || e.field2() >= original.length);
    }

    @Test
    void read_streamWithPngUpPredictor_decodesEveryRow() {
        // rows of /W [1 2 1]: type, offset, generation; each row PNG "Up" (2) filtered against the one before
        int[][] rows = {{0, 0, 255}, {1, 15, 0}, {1, 300, 0}, {2, 7, 3}};
        byte[] filtered = new byte[rows.length * 5];
        int[] previous = new int[4];
        for (int r = 0; r < rows.length; r++) {
            int[] row = {rows[r][0], rows[r][1] >> 8, rows[r][1] & 0xff, rows[r][2]};
            filtered[r * 5] = 2;
            for (int c = 0; c < 4; c++) {
                filtered[r * 5 + 1 + c] = (byte) (row[c] - previous[c]);
            }
            previous = row;
        }
        java.util.zip.Deflater deflater = new java.util.zip.Deflater();
        deflater.setInput(filtered);
        deflater.finish();
        byte[] compressed = new byte[256];
        int length = deflater.deflate(compressed);
        deflater.end();
        String head = "%PDF-1.7\n9 0 obj\n<< /Type /XRef /Size 4 /W [1 2 1] /Filter /FlateDecode"
                + " /DecodeParms << /Predictor 12 /Columns 4 >> /Length " + length + " >>\nstream\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.write(compressed, 0, length);
        out.writeBytes("\nendstream\nendobj\n".getBytes(StandardCharsets.US_ASCII));

        Map<Long, Entry> entries = RawXref.read(out.toByteArray(), 9, 0).effective();

        assertThat(entries)
                .containsEntry(0L, new Entry(0, 0, 255))
                .containsEntry(1L, new Entry(1, 15, 0))
                .containsEntry(2L, new Entry(1, 300, 0))
                .containsEntry(3L, new Entry(2, 7, 3));
    }

    @Test
    void read_offsetWithNoSection_isMalformed() throws IOException {
        byte[] pdf = pages(1, CompressParameters.NO_COMPRESSION);

        assertThatThrownBy(() -> RawXref.read(pdf, 3, 0)).isInstanceOf(RawTokens.Malformed.class);
    }

    @Test
    void byteRanges_writtenArraysOnly_areFoundOnce() {
        byte[] bytes = ("%PDF-1.7\n1 0 obj << /ByteRange [0 10 20 30] >> endobj\n"
                        + "2 0 obj << /ByteRange[ 0 10\n20 30 ] >> endobj\n"
                        + "3 0 obj << /ByteRange [0 1 2 >> /ByteRangeX [1 2 3 4] /ByteRange 7 >> endobj\n"
                        + "% /ByteRange [0 5 6 7]\n")
                .getBytes(StandardCharsets.US_ASCII);

        assertThat(RawSignatureScan.byteRanges(bytes))
                .containsExactly(List.of(0L, 10L, 20L, 30L), List.of(0L, 5L, 6L, 7L));
    }

    /** Asserts that the raw entries in use are those of PDFBox's table; returns the raw entries. */
    private static Map<Long, Entry> assertSameEntriesAsPdfBox(byte[] pdf) throws IOException {
        Map<Long, Entry> raw =
                RawXref.read(pdf, RawXref.lastStartxref(pdf, pdf.length), 0).effective();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            Map<COSObjectKey, Long> pdfBox = doc.getDocument().getXrefTable();
            assertThat(pdfBox).isNotEmpty();
            for (Map.Entry<COSObjectKey, Long> e : pdfBox.entrySet()) {
                Entry entry = raw.get(e.getKey().getNumber());
                assertThat(entry).as("entry of %s", e.getKey()).isNotNull();
                if (e.getValue() >= 0) {
                    assertThat(entry.type()).isEqualTo(1);
                    assertThat(entry.field2()).isEqualTo(e.getValue());
                } else {
                    assertThat(entry.type()).isEqualTo(2);
                    assertThat(entry.field2()).isEqualTo(-e.getValue());
                }
            }
            assertThat(raw.values().stream().filter(e -> !e.free()).count()).isEqualTo(pdfBox.size());
        }
        return raw;
    }

    private static byte[] pages(int count, CompressParameters compression) throws IOException {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int i = 1; i <= count; i++) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    cs.newLineAtOffset(72, 700);
                    cs.showText("Page " + i);
                    cs.endText();
                }
            }
            doc.save(out, compression);
            return out.toByteArray();
        }
    }
}
