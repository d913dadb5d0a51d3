package vn.signdesk.signing.verify.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;
import vn.signdesk.signing.verify.VerificationReport;
import vn.signdesk.signing.verify.VerificationReport.Verdict;

/** The PDF report read back with PDFBox alone; {@link ReportPdfIT} reads it with poppler. */
class ReportPdfTest {

    @Test
    void write_unbrokenHugeName_isCutIntoLinesWithinTheMargins() throws Exception {
        String huge = "Ỹ".repeat(1500) + "ẵ".repeat(1500);
        VerificationReport report = new VerificationReport(
                ReportFixtures.SHA256,
                Verdict.TOTAL_FAILED,
                ReportFixtures.VALIDATION_TIME,
                List.of(ReportFixtures.failedOther(huge, null)));

        byte[] pdf = ReportPdf.write(report, ReportLanguage.VI);

        List<Float> rightEdges = new ArrayList<>();
        String text;
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertThat(document.getNumberOfPages()).isGreaterThan(1);
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void writeString(String s, List<TextPosition> positions) throws java.io.IOException {
                    for (TextPosition p : positions) {
                        rightEdges.add(p.getXDirAdj() + p.getWidthDirAdj());
                    }
                    super.writeString(s, positions);
                }
            };
            text = stripper.getText(document).replaceAll("\\s+", "");
        }
        assertThat(rightEdges).allSatisfy(x -> assertThat(x).isLessThanOrEqualTo(595.3f - 48 + 0.5f));
        // The name is shown five times: verdict, section title, signer, chain title and subject.
        assertThat(text.chars().filter(c -> c == 'Ỹ').count()).isEqualTo(5 * 1500);
        assertThat(text.chars().filter(c -> c == 'ẵ').count()).isEqualTo(5 * 1500);
    }

    @Test
    void write_decomposedVietnamese_isSetAsPrecomposedLetters() throws Exception {
        String nfd = Normalizer.normalize("Đoàn Thị Hương Giang", Normalizer.Form.NFD);
        VerificationReport report = new VerificationReport(
                ReportFixtures.SHA256,
                Verdict.TOTAL_FAILED,
                ReportFixtures.VALIDATION_TIME,
                List.of(ReportFixtures.failedOther(nfd, "Phòng Tư pháp")));

        String text;
        try (PDDocument document = Loader.loadPDF(ReportPdf.write(report, ReportLanguage.VI))) {
            text = new PDFTextStripper().getText(document);
        }

        assertThat(text).contains("Đoàn Thị Hương Giang").contains("Phòng Tư pháp");
        assertThat(text).doesNotContain("\u0300", "\u0303", "\u0323");
    }

    @Test
    void drawable_controlsAndMissingGlyphs_becomeSpaceAndQuestionMark() {
        assertThat(ReportPdf.drawable("a\u0000b\tc\u4e2d😀ế")).isEqualTo("a b c??ế");
    }
}
