package vn.signdesk.api.http;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.plugins.tiff.BaselineTIFFTagSet;
import javax.imageio.plugins.tiff.TIFFDirectory;
import javax.imageio.plugins.tiff.TIFFField;
import javax.imageio.plugins.tiff.TIFFTag;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The papers people bring to the counters, made by the tests so a fresh clone needs no corpus: an
 * application as a PDF, and a scanned Vietnamese paper (text with its diacritics in DejaVu Sans,
 * 300 dpi, grey, one TIFF page per sheet), and a signed PDF tampered with after signing.
 */
final class CounterDocuments {

    /** The lines of the scanned paper; the OCR test looks for them in the recognised text. */
    static final List<String> SCAN_LINES = List.of(
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "GIẤY XÁC NHẬN THÔNG TIN VỀ CƯ TRÚ",
            "Họ và tên: Nguyễn Thị Lấp Lánh Ánh",
            "Nơi thường trú: phường Hoàn Kiếm, thành phố Hà Nội",
            "Đề nghị cấp bản sao điện tử từ bản chính.");

    /** The words of the application that {@link #tampered} changes after signing. */
    static final String FILE_NUMBER = "Application number 000123";

    private static final Path DEJAVU_SANS = Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    private static final int DPI = 300;

    private CounterDocuments() {}

    /** An application of some pages, its content streams uncompressed so a test can find its words. */
    static byte[] application(int pages) {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int i = 1; i <= pages; i++) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream cs =
                        new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.OVERWRITE, false)) {
                    cs.beginText();
                    cs.setFont(font, 14);
                    cs.newLineAtOffset(72, 760);
                    cs.showText(FILE_NUMBER + " - page " + i + " of " + pages);
                    for (int line = 1; line <= 20; line++) {
                        cs.newLineAtOffset(0, -22);
                        cs.showText("Line " + line + ": the applicant asks for the service described here.");
                    }
                    cs.endText();
                }
            }
            doc.save(out, CompressParameters.NO_COMPRESSION);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A PDF of many blank pages. Uncompressed, its page objects can be counted in its bytes; compressed,
     * they sit in object streams and only a PDF parser finds them.
     */
    static byte[] blankPages(int pages, boolean compressed) {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int i = 0; i < pages; i++) {
                doc.addPage(new PDPage(PDRectangle.A4));
            }
            doc.save(out, compressed ? CompressParameters.DEFAULT_COMPRESSION : CompressParameters.NO_COMPRESSION);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A signed PDF with one digit of its signed text changed, the length kept: what a forger does to
     * an application number.
     */
    static byte[] tampered(byte[] signed) {
        String text = new String(signed, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(FILE_NUMBER);
        if (at < 0) {
            throw new IllegalStateException("the signed PDF does not show its application number");
        }
        byte[] copy = signed.clone();
        int digit = at + FILE_NUMBER.length() - 1;
        copy[digit] = (byte) (copy[digit] == '9' ? '8' : '9');
        return copy;
    }

    /** A scanned paper of some A4 sheets: a multi-page grey TIFF at 300 dpi, deflate-compressed. */
    static Path vietnameseScan(Path file, int sheets) throws IOException {
        Font font;
        try {
            font = Font.createFont(Font.TRUETYPE_FONT, DEJAVU_SANS.toFile()).deriveFont(13f * DPI / 72);
        } catch (FontFormatException e) {
            throw new IOException("DejaVu Sans cannot be read from " + DEJAVU_SANS, e);
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionType("Deflate");
            writer.prepareWriteSequence(null);
            for (int sheet = 1; sheet <= sheets; sheet++) {
                BufferedImage image = sheet(font, sheet);
                writer.writeToSequence(new IIOImage(image, null, at300Dpi(writer, image, param)), param);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        return file;
    }

    private static BufferedImage sheet(Font font, int number) {
        int width = 2480;
        int height = 3508;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            int y = 300;
            // the paper's lines, three times over: a page takes Tesseract long enough to watch it go
            for (int round = 0; round < 3; round++) {
                for (String line : SCAN_LINES) {
                    g.drawString(line, 250, y);
                    y += 140;
                }
                y += 140;
            }
            g.drawString("Trang " + number, 1150, height - 200);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** TIFF metadata saying 300 dpi, which the OCR reads as the scan's resolution. */
    private static IIOMetadata at300Dpi(ImageWriter writer, BufferedImage image, ImageWriteParam param)
            throws IOException {
        IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(image), param);
        TIFFDirectory directory = TIFFDirectory.createFromMetadata(metadata);
        BaselineTIFFTagSet tags = BaselineTIFFTagSet.getInstance();
        long[][] dpi = {{DPI, 1}};
        directory.addTIFFField(
                new TIFFField(tags.getTag(BaselineTIFFTagSet.TAG_X_RESOLUTION), TIFFTag.TIFF_RATIONAL, 1, dpi));
        directory.addTIFFField(
                new TIFFField(tags.getTag(BaselineTIFFTagSet.TAG_Y_RESOLUTION), TIFFTag.TIFF_RATIONAL, 1, dpi));
        directory.addTIFFField(new TIFFField(
                tags.getTag(BaselineTIFFTagSet.TAG_RESOLUTION_UNIT), BaselineTIFFTagSet.RESOLUTION_UNIT_INCH));
        return directory.getAsMetadata();
    }

    /** Writes bytes to a file named for the person who would pick it at the counter. */
    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }
}
