package vn.signdesk.signing.verify.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;
import vn.signdesk.signing.verify.VerificationReport;

/** The PDF report read back by poppler (pdftotext, pdftoppm) and PDFBox. */
class ReportPdfIT {

    /** Pages rendered here are for a person to look at; the build keeps them. */
    private static final Path OUT = Paths.get("target", "report-pdf");

    @Test
    void write_failedVietnamese_pdftotextReadsVerdictAndSignerExactly() throws Exception {
        byte[] bytes = ReportPdf.write(ReportFixtures.failed(), ReportLanguage.VI);
        Path pdf = save("failed-vi", bytes);

        String text = pdftotext(pdf);
        assertThat(text).contains("Tài liệu đã bị thay đổi sau khi ký");
        assertThat(text).contains(ReportFixtures.HOSTILE_NAME);
        assertThat(text).contains("Nguyễn Văn Bình").contains("Sở Tư pháp thành phố Hà Nội");
        assertThat(text).contains(ReportFixtures.SHA256);
        assertThat(text).contains("2026-11-20T08:15:04+07:00");
        assertThat(text).contains("Nội dung đã bị thay đổi sau khi ký");
        int pages = pageCount(bytes);
        assertThat(text).contains("Trang 1 / " + pages).contains("Trang " + pages + " / " + pages);
        renderFirstPage(pdf);
    }

    @Test
    void write_english_pdftotextReadsEnglishVerdict() throws Exception {
        byte[] passedBytes = ReportPdf.write(ReportFixtures.passed(), ReportLanguage.EN);
        Path passed = save("passed-en", passedBytes);
        Path none = save("none-en", ReportPdf.write(ReportFixtures.noSignature(), ReportLanguage.EN));
        Path undecided = save("undecided-vi", ReportPdf.write(ReportFixtures.undecided(), ReportLanguage.VI));

        assertThat(pdftotext(passed))
                .contains("All signatures are valid")
                .contains("Document timestamp 2 (SignDesk TSA Hà Nội)")
                .contains(ReportFixtures.SHA256)
                .contains("Page 1 of " + pageCount(passedBytes));
        assertThat(pdftotext(none)).contains("The document has no digital signature");
        assertThat(pdftotext(undecided)).contains("Chưa xác định được chữ ký có hợp lệ hay không");
        renderFirstPage(passed);
    }

    @Test
    void write_manySignatures_flowOntoNumberedPagesWithinTheMargins() throws Exception {
        VerificationReport report = ReportFixtures.many(12);
        byte[] bytes = ReportPdf.write(report, ReportLanguage.VI);
        Path pdf = save("many-vi", bytes);

        int pages;
        List<String> overflow = new ArrayList<>();
        try (PDDocument document = Loader.loadPDF(bytes)) {
            pages = document.getNumberOfPages();
            for (PDPage page : document.getPages()) {
                for (var name : page.getResources().getFontNames()) {
                    PDFont font = page.getResources().getFont(name);
                    assertThat(font.isEmbedded()).as(font.getName()).isTrue();
                }
            }
            float right = document.getPage(0).getMediaBox().getWidth() - 48;
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void writeString(String text, List<TextPosition> positions) {
                    for (TextPosition p : positions) {
                        if (p.getXDirAdj() + p.getWidthDirAdj() > right + 0.5f || p.getXDirAdj() < 47.5f) {
                            overflow.add(text);
                            return;
                        }
                    }
                }
            };
            stripper.getText(document);
        }
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(overflow).isEmpty();
        String text = pdftotext(pdf);
        for (int i = 1; i <= 12; i++) {
            assertThat(text).contains("Phạm Quốc Việt " + i + ")");
        }
        // The long message wraps and still reads as one sentence.
        assertThat(text)
                .contains(
                        "Chữ ký số thứ 12 được kiểm tra theo quy định tại Nghị định 130/2018/NĐ-CP và Thông tư hướng dẫn;");
        assertThat(text).contains("Trang " + pages + " / " + pages);
        renderPage(pdf, pages);
    }

    @Test
    void write_unprintableCharacters_areReplacedNotFatal() throws Exception {
        VerificationReport report = new VerificationReport(
                ReportFixtures.SHA256,
                VerificationReport.Verdict.TOTAL_FAILED,
                ReportFixtures.VALIDATION_TIME,
                List.of(ReportFixtures.failedOther("Ký\u0007tự 😀 \u4e2d \uD800 lạ", null)));
        Path pdf = save("odd-vi", ReportPdf.write(report, ReportLanguage.VI));

        assertThat(pdftotext(pdf)).contains("Ký tự ? ? ? lạ");
    }

    private static int pageCount(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return document.getNumberOfPages();
        }
    }

    private static Path save(String name, byte[] pdf) throws IOException {
        Files.createDirectories(OUT);
        Path file = OUT.resolve(name + ".pdf");
        Files.write(file, pdf);
        return file;
    }

    /** The PDF's text as pdftotext extracts it, NFC, every run of white space as one space. */
    private static String pdftotext(Path pdf) throws Exception {
        Path txt = Paths.get(pdf.toString().replaceAll("\\.pdf$", ".txt"));
        run("pdftotext", "-enc", "UTF-8", pdf.toString(), txt.toString());
        String text = Files.readString(txt, StandardCharsets.UTF_8);
        return Normalizer.normalize(text, Normalizer.Form.NFC).replaceAll("\\s+", " ");
    }

    private static void renderFirstPage(Path pdf) throws Exception {
        renderPage(pdf, 1);
    }

    private static void renderPage(Path pdf, int page) throws Exception {
        String prefix = pdf.toString().replaceAll("\\.pdf$", "");
        String p = String.valueOf(page);
        run("pdftoppm", "-png", "-r", "60", "-f", p, "-l", p, "-singlefile", pdf.toString(), prefix);
        Path png = Paths.get(prefix + ".png");
        assertThat(png).exists();
        // A4 at 60 dpi is 496 x 702 pixels: check the header's size, not just that a file appeared.
        byte[] head = Files.readAllBytes(png);
        int width =
                ((head[16] & 0xff) << 24) | ((head[17] & 0xff) << 16) | ((head[18] & 0xff) << 8) | (head[19] & 0xff);
        int height =
                ((head[20] & 0xff) << 24) | ((head[21] & 0xff) << 16) | ((head[22] & 0xff) << 8) | (head[23] & 0xff);
        assertThat(width).isBetween(495, 497);
        assertThat(height).isBetween(701, 703);
    }

    /** Runs a poppler tool; fails loudly when it is not installed (install-deps.sh installs poppler-utils). */
    private static void run(String... command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException(command[0] + " is missing: install poppler-utils", e);
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(command[0] + " failed: " + new String(output, StandardCharsets.UTF_8));
        }
    }
}
