package vn.signdesk.load;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * Administrative documents for benchmarks, made in memory the way an office exports them: Vietnamese
 * text in an embedded Unicode font subset, a letterhead logo on page one, about forty-five lines of
 * varied text on every page, so that page count drives file size and object count.
 */
public final class BenchmarkPdfs {

    /** Liberation Sans ships inside PDFBox and covers Vietnamese; nothing is read from the file system. */
    private static final String FONT = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

    private static final int LINES_PER_PAGE = 45;
    /** Letterhead logo size: 25 mm at about 160 dpi, what an office template would embed. */
    private static final int LOGO_PIXELS = 160;

    private static final String[] WORDS = {
        "hồ sơ",
        "công dân",
        "Ủy ban nhân dân",
        "quyết định",
        "chứng thực",
        "bản sao",
        "theo quy định",
        "của pháp luật",
        "Sở Tư pháp",
        "thành phố",
        "Hà Nội",
        "người yêu cầu",
        "đã nộp",
        "đầy đủ",
        "giấy tờ",
        "hợp lệ",
        "tiếp nhận",
        "giải quyết",
        "thủ tục",
        "hành chính",
        "trong thời hạn",
        "ngày làm việc",
        "kể từ ngày",
        "nhận đủ",
        "điều",
        "khoản",
        "nghị định",
        "thông tư",
        "chi nhánh",
        "trung tâm",
        "phục vụ",
        "cán bộ",
        "kiểm tra",
        "xác nhận",
        "nội dung",
        "chính xác",
        "đúng với",
        "bản chính",
        "lưu trữ",
        "điện tử",
        "chữ ký số",
        "cơ quan",
        "tổ chức"
    };

    private BenchmarkPdfs() {}

    /**
     * A PDF of {@code pages} A4 pages; the same arguments always give the same text.
     *
     * @param letterheadPng a PNG drawn, scaled to a small logo, at the top of page one (e.g. the demo seal image)
     */
    public static byte[] document(int pages, byte[] letterheadPng) {
        if (pages <= 0) {
            throw new IllegalArgumentException("pages must be positive");
        }
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("Quyết định về việc chứng thực bản sao điện tử");
            info.setCreator("SignDesk benchmark");
            PDFont font;
            try (InputStream ttf = BenchmarkPdfs.class.getResourceAsStream(FONT)) {
                if (ttf == null) {
                    throw new IOException("PDFBox's Liberation Sans is missing from the class path");
                }
                font = PDType0Font.load(doc, ttf, true);
            }
            PDImageXObject letterhead = LosslessFactory.createFromImage(doc, logo(letterheadPng));
            Random words = new Random(pages);
            for (int p = 1; p <= pages; p++) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    float top = 800;
                    if (p == 1) {
                        cs.drawImage(letterhead, 72, 730, 72, 72);
                        top = 715;
                        cs.beginText();
                        cs.setFont(font, 12);
                        cs.newLineAtOffset(160, 770);
                        cs.showText("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI - SỞ TƯ PHÁP");
                        cs.endText();
                    }
                    cs.beginText();
                    cs.setFont(font, 10.5f);
                    cs.newLineAtOffset(72, top - 24);
                    cs.setLeading(15);
                    for (int line = 1; line <= LINES_PER_PAGE; line++) {
                        cs.showText(sentence(words, p, line));
                        cs.newLine();
                    }
                    cs.endText();
                    cs.beginText();
                    cs.setFont(font, 9);
                    cs.newLineAtOffset(280, 40);
                    cs.showText("Trang " + p + "/" + pages);
                    cs.endText();
                }
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sentence(Random random, int page, int line) {
        StringBuilder s = new StringBuilder(line == 1 ? "Điều " + page + ". " : "");
        while (s.length() < 80) {
            s.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        return s.append(random.nextInt(100_000))
                .append(line % 3 == 0 ? "." : ";")
                .toString();
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
}
