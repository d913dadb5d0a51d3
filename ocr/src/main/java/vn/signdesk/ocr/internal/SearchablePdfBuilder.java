package vn.signdesk.ocr.internal;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Map;
import java.util.TimeZone;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;
import org.apache.pdfbox.pdmodel.graphics.image.CCITTFactory;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.util.Matrix;

/**
 * Writes the searchable PDF/A (ISO 19005-2 level B, or -3 level B with the original attached), one page
 * at a time as pages are recognised, so that only compressed images stay in memory.
 *
 * <p>Each page is the page image (CCITT G4 for bilevel scans, JPEG otherwise) with the words over it in
 * text rendering mode 3 (invisible), each word scaled to its box: selecting, searching and
 * {@code pdftotext} find the words where they are on the image. The font is Liberation Sans from the
 * PDFBox jar (it covers Vietnamese), embedded as a subset; characters it lacks are left out of the
 * text layer. The output intent is the JDK's sRGB profile; XMP and the Info dictionary say the same
 * (ISO 19005-2 §6.6.2.3), and {@code dc:source} records the SHA-256 of the original.
 */
public final class SearchablePdfBuilder implements AutoCloseable {

    private static final String FONT_RESOURCE = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    /** Liberation Sans ascender and descender as fractions of the em (hhea 1854 and 434 of 2048). */
    private static final float ASCENT = 1854f / 2048f;

    private static final float DESCENT = 434f / 2048f;
    private static final float JPEG_QUALITY = 0.8f;
    private static final byte[] FONT_BYTES = readFont();

    private final PDDocument doc = new PDDocument();
    private final TrueTypeFont ttf;
    private final CmapLookup cmap;
    private final PDType0Font font;

    public SearchablePdfBuilder() {
        try {
            ttf = new TTFParser().parse(new RandomAccessReadBuffer(FONT_BYTES));
            cmap = ttf.getUnicodeCmapLookup();
            font = PDType0Font.load(doc, ttf, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        doc.setVersion(1.7f);
    }

    private static byte[] readFont() {
        try (InputStream in = SearchablePdfBuilder.class.getResourceAsStream(FONT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("PDFBox's Liberation Sans is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends a page: its image, and its words as invisible text. */
    public void addPage(ProcessedPage p) {
        BufferedImage img = p.image();
        float dpi = p.dpi() > 0 ? p.dpi() : 300;
        float scale = 72f / dpi;
        float pw = img.getWidth() * scale;
        float ph = img.getHeight() * scale;
        PDPage page = new PDPage(new PDRectangle(pw, ph));
        doc.addPage(page);
        try {
            PDImageXObject image = img.getType() == BufferedImage.TYPE_BYTE_BINARY
                    ? CCITTFactory.createFromImage(doc, img)
                    : JPEGFactory.createFromImage(doc, img, JPEG_QUALITY, Math.round(dpi));
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.drawImage(image, 0, 0, pw, ph);
                boolean begun = false;
                for (Word w : p.words()) {
                    String text = printable(w.text());
                    float boxW = (w.x1() - w.x0()) * scale;
                    float boxH = (w.y1() - w.y0()) * scale;
                    if (text.isEmpty() || boxW <= 0 || boxH <= 0) {
                        continue;
                    }
                    float size = boxH / (ASCENT + DESCENT);
                    float width = font.getStringWidth(text) / 1000f * size;
                    if (width <= 0) {
                        continue;
                    }
                    if (!begun) {
                        cs.beginText();
                        cs.setRenderingMode(RenderingMode.NEITHER);
                        begun = true;
                    }
                    cs.setFont(font, size);
                    cs.setHorizontalScaling(100f * boxW / width);
                    cs.setTextMatrix(Matrix.getTranslateInstance(w.x0() * scale, ph - w.y1() * scale + DESCENT * size));
                    cs.showText(text);
                }
                if (begun) {
                    cs.endText();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The word in NFC without the characters the font cannot show (they would break the PDF/A). */
    private String printable(String word) {
        String nfc = Normalizer.normalize(word, Normalizer.Form.NFC);
        StringBuilder sb = new StringBuilder(nfc.length());
        nfc.codePoints()
                .filter(cp -> !Character.isWhitespace(cp) && !Character.isISOControl(cp) && cmap.getGlyphId(cp) > 0)
                .forEach(sb::appendCodePoint);
        return sb.toString();
    }

    /**
     * What the document says about itself.
     *
     * @param title document title
     * @param sourceSha256 SHA-256 of the original, hex
     * @param created creation time (also the modification time)
     * @param originalOrNull the original's bytes to attach (PDF/A-3b), or null (PDF/A-2b)
     * @param originalName file name of the attachment
     * @param originalMediaType media type of the attachment
     */
    public record Description(
            String title,
            String sourceSha256,
            Instant created,
            byte[] originalOrNull,
            String originalName,
            String originalMediaType) {

        int part() {
            return originalOrNull == null ? 2 : 3;
        }
    }

    /** Finishes the document: metadata, output intent, attachment; returns the PDF bytes. */
    public byte[] finish(Description d) {
        try {
            Instant when = d.created().truncatedTo(ChronoUnit.SECONDS);
            Calendar cal = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            cal.setTimeInMillis(when.toEpochMilli());

            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(d.title());
            info.setCreator(CREATOR);
            info.setProducer(PRODUCER);
            info.setCreationDate(cal);
            info.setModificationDate(cal);
            info.setCustomMetadataValue("SourceSHA256", d.sourceSha256());

            PDDocumentCatalog catalog = doc.getDocumentCatalog();
            PDMetadata metadata = new PDMetadata(doc);
            metadata.importXMPMetadata(xmp(d, when).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            catalog.setMetadata(metadata);

            byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
            PDOutputIntent intent = new PDOutputIntent(doc, new ByteArrayInputStream(icc));
            intent.setInfo("sRGB IEC61966-2.1");
            intent.setOutputCondition("sRGB IEC61966-2.1");
            intent.setOutputConditionIdentifier("sRGB IEC61966-2.1");
            intent.setRegistryName("http://www.color.org");
            catalog.addOutputIntent(intent);

            if (d.originalOrNull() != null) {
                attach(catalog, d, cal);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final String CREATOR = "SignDesk OCR";
    static final String PRODUCER = "SignDesk OCR (Tesseract 5, PDFBox 3)";

    /** ISO 19005-3 §6.8: the original as an associated file of the document, relationship Source. */
    private void attach(PDDocumentCatalog catalog, Description d, Calendar cal) throws IOException {
        PDEmbeddedFile ef = new PDEmbeddedFile(doc, new ByteArrayInputStream(d.originalOrNull()));
        ef.setSubtype(d.originalMediaType());
        ef.setSize(d.originalOrNull().length);
        ef.setCreationDate(cal);
        ef.setModDate(cal);
        PDComplexFileSpecification spec = new PDComplexFileSpecification();
        spec.setFile(d.originalName());
        spec.setFileUnicode(d.originalName());
        spec.setFileDescription("Original scan, SHA-256 " + d.sourceSha256());
        spec.setEmbeddedFile(ef);
        spec.setEmbeddedFileUnicode(ef);
        spec.getCOSObject().setName(COSName.getPDFName("AFRelationship"), "Source");

        PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
        tree.setNames(Map.of(d.originalName(), spec));
        PDDocumentNameDictionary names = new PDDocumentNameDictionary(catalog);
        names.setEmbeddedFiles(tree);
        catalog.setNames(names);
        COSArray af = new COSArray();
        af.add(spec);
        catalog.getCOSObject().setItem(COSName.getPDFName("AF"), af);
    }

    private static String xmp(Description d, Instant when) {
        String date = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(when.atOffset(ZoneOffset.UTC));
        return "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
                + " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                + "  <rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n"
                + "   <pdfaid:part>" + d.part() + "</pdfaid:part>\n"
                + "   <pdfaid:conformance>B</pdfaid:conformance>\n"
                + "  </rdf:Description>\n"
                + "  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                + "   <dc:format>application/pdf</dc:format>\n"
                + "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">" + Hocr.escape(d.title())
                + "</rdf:li></rdf:Alt></dc:title>\n"
                + "   <dc:source>urn:sha256:" + d.sourceSha256() + "</dc:source>\n"
                + "  </rdf:Description>\n"
                + "  <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n"
                + "   <xmp:CreatorTool>" + CREATOR + "</xmp:CreatorTool>\n"
                + "   <xmp:CreateDate>" + date + "</xmp:CreateDate>\n"
                + "   <xmp:ModifyDate>" + date + "</xmp:ModifyDate>\n"
                + "  </rdf:Description>\n"
                + "  <rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n"
                + "   <pdf:Producer>" + PRODUCER + "</pdf:Producer>\n"
                + "  </rdf:Description>\n"
                + " </rdf:RDF>\n"
                + "</x:xmpmeta>\n"
                + "<?xpacket end=\"w\"?>";
    }

    @Override
    public void close() {
        try {
            doc.close();
        } catch (IOException ignored) {
            // memory-only document
        }
        try {
            ttf.close();
        } catch (IOException ignored) {
            // memory-only font
        }
    }
}
