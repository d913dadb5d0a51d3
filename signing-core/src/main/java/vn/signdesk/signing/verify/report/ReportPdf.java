package vn.signdesk.signing.verify.report;

import java.awt.Color;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import vn.signdesk.signing.verify.VerificationReport;
import vn.signdesk.signing.verify.report.ReportContent.Certificate;
import vn.signdesk.signing.verify.report.ReportContent.Content;
import vn.signdesk.signing.verify.report.ReportContent.Field;
import vn.signdesk.signing.verify.report.ReportContent.Section;
import vn.signdesk.signing.verify.report.ReportContent.Tone;

/**
 * The verification report as a PDF a person reads or files, in Vietnamese or English, with the same
 * content as {@link ReportHtml}: the verdict in plain words at the top, the document's SHA-256, then
 * every signature with its facts, certificate chain and messages, flowing onto as many A4 pages as it
 * needs, each numbered.
 *
 * <p>Implementation notes: text is set in Liberation Sans Regular as bundled in the PDFBox jar (SIL Open
 * Font License), which has every precomposed Vietnamese letter; it is embedded as a subset with a
 * ToUnicode map, so the text can be searched and extracted; advance widths are read into a table once,
 * since measuring words for line breaks is most of the layout's work. The font has one weight: headings are made
 * heavier by stroking the glyph outlines as well as filling them. Texts are NFC-normalised (the font
 * has precomposed letters, not combining-mark positioning); a character the font lacks becomes "?" and
 * a control character a space, so a hostile name cannot break the layout or the PDF. Lines wrap at
 * spaces, and a word longer than a line (a hash, a distinguished name) is cut where it overflows.
 * Coloured panels are drawn line by line, so a panel split by a page break stays whole on both pages.
 */
public final class ReportPdf {

    private static final String FONT_RESOURCE = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

    private static final byte[] FONT_FILE;

    /** BMP code points the font has a glyph for. */
    private static final BitSet GLYPHS = new BitSet(0x10000);

    /** Advance width in 1/1000 em per BMP code point, as PDFBox writes it into the font's /W array. */
    private static final float[] WIDTHS = new float[0x10000];

    static {
        try (InputStream in = ReportPdf.class.getResourceAsStream(FONT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("PDFBox's bundled Liberation Sans is missing from the class path");
            }
            FONT_FILE = in.readAllBytes();
            try (TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(FONT_FILE))) {
                CmapLookup cmap = ttf.getUnicodeCmapLookup();
                float scale = 1000f / ttf.getUnitsPerEm();
                for (int cp = 0x20; cp < 0x10000; cp++) {
                    int gid = cmap.getGlyphId(cp);
                    if (gid != 0) {
                        GLYPHS.set(cp);
                        WIDTHS[cp] = Math.round(ttf.getAdvanceWidth(gid) * scale);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the report font", e);
        }
    }

    private ReportPdf() {}

    /** The report as a PDF in the language of {@code locale} (Vietnamese, else English). */
    public static byte[] write(VerificationReport report, Locale locale) {
        return write(report, ReportLanguage.of(locale));
    }

    /** The report as a PDF in {@code language}. */
    public static byte[] write(VerificationReport report, ReportLanguage language) {
        Content content = ReportContent.of(report, language);
        try (PDDocument document = new PDDocument()) {
            Layout layout = new Layout(document, PDType0Font.load(document, new ByteArrayInputStream(FONT_FILE), true));
            layout.report(content);
            layout.finish(content);
            PDDocumentInformation info = document.getDocumentInformation();
            info.setTitle(content.title());
            info.setCreator("SignDesk");
            document.getDocumentCatalog().setLanguage(content.languageTag());
            ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the verification report as PDF", e);
        }
    }

    /** {@code text} as the font can draw it: NFC, controls as spaces, missing glyphs as "?". */
    static String drawable(String text) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(nfc.length());
        for (int i = 0; i < nfc.length(); ) {
            int cp = nfc.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isISOControl(cp) || Character.isWhitespace(cp)) {
                out.append(' ');
            } else if (cp < 0x10000 && GLYPHS.get(cp)) {
                out.append((char) cp);
            } else {
                out.append('?');
            }
        }
        return out.toString();
    }

    /** A cursor over A4 pages that sets wrapped text, panels and rules, adding pages as it goes. */
    private static final class Layout {
        private static final PDRectangle PAGE = PDRectangle.A4;
        private static final float MARGIN = 48;
        private static final float TOP = PAGE.getHeight() - MARGIN;
        private static final float BOTTOM = MARGIN + 22; // room for the footer
        private static final float LEFT = MARGIN;
        private static final float WIDTH = PAGE.getWidth() - 2 * MARGIN;
        private static final float LABEL_WIDTH = 150;
        private static final float GAP = 10;

        private static final Color INK = new Color(0x1d, 0x24, 0x33);
        private static final Color MUTED = new Color(0x5b, 0x64, 0x75);
        private static final Color NAVY = new Color(0x12, 0x30, 0x5a);
        private static final Color RULE = new Color(0xd9, 0xdd, 0xe5);

        private final PDDocument document;
        private final PDType0Font font;
        private PDPageContentStream stream;
        private float y;

        Layout(PDDocument document, PDType0Font font) {
            this.document = document;
            this.font = font;
        }

        void report(Content c) throws IOException {
            newPage();
            for (String line : wrap(c.title(), 18, WIDTH)) {
                text(line, LEFT, 18, NAVY, true, 24);
            }
            y -= 8;

            // The verdict panel: the headline, then why, on the verdict's tint with a bar in its colour.
            Tone tone = c.tone();
            float inner = WIDTH - 30;
            panelLine(tint(tone), strong(tone), 8);
            for (String line : wrap(c.headline(), 16, inner)) {
                panelText(line, LEFT + 18, 16, strong(tone), true, tone, 22);
            }
            for (String sentence : c.summary()) {
                for (String line : wrap(sentence, 10.5f, inner)) {
                    panelText(line, LEFT + 18, 10.5f, INK, false, tone, 14.5f);
                }
            }
            panelLine(tint(tone), strong(tone), 8);
            y -= 14;

            fields(c.documentFields(), LEFT, WIDTH);

            for (Section s : c.sections()) {
                y -= 14;
                section(s);
            }
        }

        private void section(Section s) throws IOException {
            Color strong = strong(s.tone());
            float statusWidth = width(drawable(s.status()), 12);
            List<String> title = wrap(s.title(), 13, WIDTH - statusWidth - 40);
            // Keep a heading with at least its first few facts.
            need(title.size() * 18 + 14 + 3 * 13);
            panelLine(tint(s.tone()), strong, 5);
            for (int i = 0; i < title.size(); i++) {
                panelText(title.get(i), LEFT + 14, 13, NAVY, true, s.tone(), 18);
                if (i == 0) {
                    draw(s.status(), LEFT + WIDTH - 10 - statusWidth, y + 9 - 12 * 0.36f, 12, strong, true);
                }
            }
            panelLine(tint(s.tone()), strong, 5);
            y -= 6;
            fields(s.fields(), LEFT + 4, WIDTH - 4);

            if (!s.chain().isEmpty()) {
                y -= 6;
                subheading(s.chainTitle());
                int n = 1;
                for (Certificate cert : s.chain()) {
                    need(15 + 2 * 13);
                    for (String line : wrap(n++ + ". " + cert.title(), 10.5f, WIDTH - 12)) {
                        text(line, LEFT + 12, 10.5f, INK, true, 15);
                    }
                    fields(cert.fields(), LEFT + 24, WIDTH - 24);
                    y -= 3;
                }
            }
            if (!s.messages().isEmpty()) {
                y -= 6;
                subheading(s.messagesTitle());
                for (String message : s.messages()) {
                    List<String> lines = wrap(message, 10, WIDTH - 28);
                    for (int i = 0; i < lines.size(); i++) {
                        need(13);
                        if (i == 0) {
                            draw("•", LEFT + 14, y - 10, 10, MUTED, false);
                        }
                        draw(lines.get(i), LEFT + 26, y - 10, 10, INK, false);
                        y -= 13;
                    }
                }
            }
        }

        private void subheading(String title) throws IOException {
            need(17 + 2 * 13);
            text(title, LEFT + 4, 11.5f, NAVY, true, 17);
        }

        /** Labelled facts in two columns: a muted label, its value wrapped beside it. */
        private void fields(List<Field> fields, float x, float width) throws IOException {
            float valueX = x + LABEL_WIDTH + GAP;
            float valueWidth = width - LABEL_WIDTH - GAP;
            for (Field f : fields) {
                List<String> labels = wrap(f.label(), 9.5f, LABEL_WIDTH);
                List<String> values = wrap(f.value(), 10, valueWidth);
                if (isOneWord(f.value()) && values.size() > 1 && width(drawable(f.value()), 10) <= width - 12) {
                    // A hash cut in two cannot be compared or copied: give it a line of its own.
                    need(2 * 13 + 2);
                    for (String label : labels) {
                        draw(label, x, y - 10, 9.5f, MUTED, false);
                        y -= 13;
                    }
                    draw(drawable(f.value()), x + 12, y - 10, 10, INK, false);
                    y -= 15;
                    continue;
                }
                int rows = Math.max(labels.size(), values.size());
                if (rows <= 4) {
                    need(rows * 13 + 2);
                }
                for (int i = 0; i < rows; i++) {
                    need(13);
                    if (i < labels.size()) {
                        draw(labels.get(i), x, y - 10, 9.5f, MUTED, false);
                    }
                    if (i < values.size()) {
                        draw(values.get(i), valueX, y - 10, 10, INK, false);
                    }
                    y -= 13;
                }
                y -= 2;
            }
        }

        /** Sets one line of flowing text {@code advance} points high below the cursor and moves past it. */
        private void text(String line, float x, float size, Color color, boolean heavy, float advance)
                throws IOException {
            need(advance);
            draw(line, x, y - advance * 0.74f, size, color, heavy);
            y -= advance;
        }

        /** Paints one panel line of {@code height} and sets {@code line} centred in it. */
        private void panelText(String line, float x, float size, Color color, boolean heavy, Tone tone, float height)
                throws IOException {
            panelLine(tint(tone), strong(tone), height);
            draw(line, x, y + height / 2 - size * 0.36f, size, color, heavy);
        }

        private void draw(String line, float x, float baseline, float size, Color color, boolean heavy)
                throws IOException {
            stream.beginText();
            stream.setFont(font, size);
            stream.setNonStrokingColor(color);
            if (heavy) {
                // One weight only: stroking the outlines too makes a passable bold.
                stream.setStrokingColor(color);
                stream.setLineWidth(size * 0.035f);
                stream.setRenderingMode(RenderingMode.FILL_STROKE);
            } else {
                stream.setRenderingMode(RenderingMode.FILL);
            }
            stream.newLineAtOffset(x, baseline);
            stream.showText(drawable(line));
            stream.endText();
        }

        /** Moves the cursor down one panel line of {@code height}, painting its tint and left bar. */
        private void panelLine(Color tint, Color bar, float height) throws IOException {
            need(height);
            y -= height;
            stream.setNonStrokingColor(tint);
            stream.addRect(LEFT, y, WIDTH, height);
            stream.fill();
            stream.setNonStrokingColor(bar);
            stream.addRect(LEFT, y, 5, height);
            stream.fill();
        }

        /** Starts a new page unless {@code height} points fit above the bottom margin. */
        private void need(float height) throws IOException {
            if (y - height < BOTTOM) {
                newPage();
            }
        }

        private void newPage() throws IOException {
            if (stream != null) {
                stream.close();
            }
            PDPage page = new PDPage(PAGE);
            document.addPage(page);
            stream = new PDPageContentStream(document, page);
            y = TOP;
        }

        /** Closes the last page and puts the footer and "page i of n" on every page. */
        void finish(Content c) throws IOException {
            stream.close();
            int count = document.getNumberOfPages();
            for (int i = 0; i < count; i++) {
                PDPage page = document.getPage(i);
                try (PDPageContentStream footer =
                        new PDPageContentStream(document, page, PDPageContentStream.AppendMode.APPEND, true, true)) {
                    footer.setStrokingColor(RULE);
                    footer.setLineWidth(0.6f);
                    footer.moveTo(LEFT, MARGIN + 10);
                    footer.lineTo(LEFT + WIDTH, MARGIN + 10);
                    footer.stroke();
                    String number = drawable(c.pageWord() + " " + (i + 1) + " " + c.ofWord() + " " + count);
                    String left = drawable(c.footer());
                    footer.beginText();
                    footer.setFont(font, 8.5f);
                    footer.setNonStrokingColor(MUTED);
                    footer.newLineAtOffset(LEFT, MARGIN - 2);
                    footer.showText(left);
                    footer.newLineAtOffset(WIDTH - width(number, 8.5f), 0);
                    footer.showText(number);
                    footer.endText();
                }
            }
        }

        /** {@code text} (made drawable) broken into lines no wider than {@code max} at {@code size}. */
        private List<String> wrap(String text, float size, float max) throws IOException {
            String clean = drawable(text).strip();
            List<String> lines = new ArrayList<>();
            StringBuilder line = new StringBuilder();
            for (String word : clean.split(" +")) {
                String candidate = line.length() == 0 ? word : line + " " + word;
                if (width(candidate, size) <= max) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (line.length() > 0) {
                    lines.add(line.toString());
                    line.setLength(0);
                }
                // A word wider than the line is cut where it overflows, measuring one glyph at a time
                // so that a very long word costs linear time.
                float used = 0;
                for (int i = 0; i < word.length(); i++) {
                    float glyph = WIDTHS[word.charAt(i)] * size / 1000f;
                    if (line.length() > 0 && used + glyph > max) {
                        lines.add(line.toString());
                        line.setLength(0);
                        used = 0;
                    }
                    line.append(word.charAt(i));
                    used += glyph;
                }
            }
            if (line.length() > 0 || lines.isEmpty()) {
                lines.add(line.toString());
            }
            return lines;
        }

        private static boolean isOneWord(String text) {
            return !text.isBlank() && text.strip().chars().noneMatch(Character::isWhitespace);
        }

        /** Width of drawable {@code text} at {@code size}, from the table: measuring is most of the layout's work. */
        private static float width(String text, float size) {
            float total = 0;
            for (int i = 0; i < text.length(); i++) {
                total += WIDTHS[text.charAt(i)];
            }
            return total * size / 1000f;
        }

        private static Color strong(Tone tone) {
            return switch (tone) {
                case GOOD -> new Color(0x1b, 0x7f, 0x3b);
                case BAD -> new Color(0xb4, 0x23, 0x18);
                case UNSURE -> new Color(0xb2, 0x5e, 0x09);
                case NEUTRAL -> new Color(0x66, 0x70, 0x85);
            };
        }

        private static Color tint(Tone tone) {
            return switch (tone) {
                case GOOD -> new Color(0xe7, 0xf5, 0xec);
                case BAD -> new Color(0xfd, 0xec, 0xea);
                case UNSURE -> new Color(0xff, 0xf4, 0xe5);
                case NEUTRAL -> new Color(0xee, 0xf0, 0xf3);
            };
        }
    }
}
