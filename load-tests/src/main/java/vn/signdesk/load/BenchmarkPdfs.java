package vn.signdesk.load;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Administrative-looking PDFs for benchmarks, made in memory: a letterhead image on page one and
 * about forty lines of text on every page, so that page count drives both file size and object count.
 */
public final class BenchmarkPdfs {

    private static final int LINES_PER_PAGE = 42;
    /** Letterhead logo size: 25 mm at about 160 dpi, what an office scanner or template would embed. */
    private static final int LOGO_PIXELS = 160;

    private BenchmarkPdfs() {}

    /**
     * A PDF of {@code pages} A4 pages.
     *
     * @param letterheadPng a PNG drawn, scaled to a small logo, at the top of page one (e.g. the demo seal image)
     */
    public static byte[] document(int pages, byte[] letterheadPng) {
        if (pages <= 0) {
            throw new IllegalArgumentException("pages must be positive");
        }
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("Decision on the application for a certified copy");
            info.setCreator("SignDesk benchmark");
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN);
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.TIMES_BOLD);
            PDImageXObject letterhead = LosslessFactory.createFromImage(doc, logo(letterheadPng));
            for (int p = 1; p <= pages; p++) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    float top = 800;
                    if (p == 1) {
                        cs.drawImage(letterhead, 72, 730, 72, 72);
                        top = 715;
                    }
                    cs.beginText();
                    cs.setFont(bold, 13);
                    cs.newLineAtOffset(160, p == 1 ? 770 : top);
                    cs.showText("PEOPLE'S COMMITTEE OF THE CITY - DEPARTMENT OF JUSTICE");
                    cs.endText();
                    cs.beginText();
                    cs.setFont(regular, 11);
                    cs.newLineAtOffset(72, top - 24);
                    cs.setLeading(15);
                    for (int line = 1; line <= LINES_PER_PAGE; line++) {
                        cs.showText(line(p, line));
                        cs.newLine();
                    }
                    cs.endText();
                    cs.beginText();
                    cs.setFont(regular, 9);
                    cs.newLineAtOffset(280, 40);
                    cs.showText("Page " + p + " of " + pages);
                    cs.endText();
                }
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage logo(byte[] png) throws IOException {
        BufferedImage source = ImageIO.read(new ByteArrayInputStream(png));
        if (source == null) {
            throw new IOException("the letterhead is not a readable image");
        }
        BufferedImage logo = new BufferedImage(LOGO_PIXELS, LOGO_PIXELS, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = logo.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(source, 0, 0, LOGO_PIXELS, LOGO_PIXELS, null);
        } finally {
            g.dispose();
        }
        return logo;
    }

    private static String line(int page, int line) {
        return switch (line % 4) {
            case 0 -> "Article " + (page * 100 + line) + ". The applicant has submitted the documents listed in the annex.";
            case 1 -> "Having examined file no. " + (20250000 + page * 1000 + line) + " received at branch no. " + (line % 30 + 1) + ",";
            case 2 -> "the department confirms that the copy corresponds to the original presented at the counter;";
            default -> "this decision takes effect on the date of signature and is sent to the persons concerned.";
        };
    }
}
