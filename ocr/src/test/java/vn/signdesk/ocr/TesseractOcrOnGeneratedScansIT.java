package vn.signdesk.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.signdesk.fixtures.VietnameseScans;

/**
 * The OCR on generated scans of a Vietnamese form whose text is known: what {@link TesseractOcrIT}
 * checks on the corpus's scans, in every run.
 */
class TesseractOcrOnGeneratedScansIT {

    private static final OcrOptions VIE = OcrOptions.textOnly().withLanguages("vie");
    private static final List<String> OTHER_LINES = List.of(
            "GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT",
            "Thửa đất số 127, tờ bản đồ số 9, phường Láng Thượng",
            "Diện tích: một trăm hai mươi mét vuông");

    private static TesseractOcr ocr;

    @BeforeAll
    static void start() {
        ocr = TesseractOcr.start(OcrConfig.defaults().withWorkers(2));
    }

    @AfterAll
    static void stop() {
        ocr.close();
    }

    @Test
    void ocr_cleanTiff_matchesGroundTruth() {
        OcrResult r = ocr.ocr(OcrInput.of(VietnameseScans.aScan().tiff()), VIE, ProgressListener.NONE);

        assertThat(r.pages()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(OcrPage.Source.OCR);
            assertThat(p.meanConfidence()).isGreaterThan(80);
            assertThat(p.hocr()).contains("ocr_page").contains("ocrx_word").contains("Hạnh");
            assertThat(p.rotationDegrees()).isZero();
        });
        assertThat(Corpus.cer(VietnameseScans.text(), r.text())).isLessThan(0.02);
    }

    @Test
    void ocr_upsideDownPng_isTurnedAndRead() {
        OcrResult r = ocr.ocr(OcrInput.of(VietnameseScans.aScan().upsideDown().png()), VIE, ProgressListener.NONE);

        assertThat(r.pages().get(0).rotationDegrees()).isEqualTo(180);
        assertThat(Corpus.cer(VietnameseScans.text(), r.text())).isLessThan(0.05);
    }

    @Test
    void ocr_sidewaysPng_isRead() {
        OcrResult r = ocr.ocr(OcrInput.of(VietnameseScans.aScan().sideways().png()), VIE, ProgressListener.NONE);

        assertThat(r.text()).contains("Độc lập - Tự do - Hạnh phúc");
    }

    @Test
    void ocr_skewedScan_isDeskewedAndRead() {
        OcrResult r = ocr.ocr(OcrInput.of(VietnameseScans.aScan().skewed(6).png()), VIE, ProgressListener.NONE);

        assertThat(Math.abs(r.pages().get(0).deskewDegrees())).isGreaterThan(5);
        assertThat(r.text()).contains("Độc lập - Tự do - Hạnh phúc");
    }

    @Test
    void ocr_multiPageTiff_separatesPagesWithFormFeeds() {
        List<int[]> progress = new CopyOnWriteArrayList<>();
        byte[] tiff = VietnameseScans.tiff(List.of(
                VietnameseScans.aScan().bilevel().image(),
                VietnameseScans.aScan().lines(OTHER_LINES).image()));

        OcrResult r = ocr.ocr(OcrInput.of(tiff), VIE, (done, total) -> progress.add(new int[] {done, total}));

        assertThat(r.pages()).hasSize(2);
        assertThat(r.text().split("\f")).hasSize(2);
        assertThat(r.pages().get(0).text()).contains("Nguyễn Thị Lấp Lánh Ánh");
        assertThat(r.pages().get(1).text()).contains("QUYỀN SỬ DỤNG ĐẤT");
        assertThat(progress).extracting(p -> p[1]).containsOnly(2);
        assertThat(progress).extracting(p -> p[0]).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void ocr_pdfWithText_keepsItsText() {
        OcrResult r = ocr.ocr(OcrInput.of(VietnameseScans.textPdf()), OcrOptions.textOnly(), ProgressListener.NONE);

        assertThat(r.pages()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(OcrPage.Source.TEXT_LAYER);
            assertThat(p.hocr()).contains("ocrx_word");
        });
        assertThat(Corpus.cer(VietnameseScans.text(), r.text())).isLessThan(0.02);
    }

    @Test
    void ocr_imageOnlyPdf_isRenderedAndRead() {
        OcrResult r = ocr.ocr(OcrInput.of(VietnameseScans.aScan().bilevel().pdf()), VIE, ProgressListener.NONE);

        assertThat(r.pages()).singleElement().extracting(OcrPage::source).isEqualTo(OcrPage.Source.OCR);
        assertThat(Corpus.normalize(r.text()))
                .startsWith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc");
    }

    @Test
    void ocr_twoDocumentsAtOnce_eachGetsItsOwnText() throws Exception {
        String[] otherText = new String[1];
        Thread other = new Thread(() -> otherText[0] = ocr.ocr(
                        OcrInput.of(VietnameseScans.aScan().lines(OTHER_LINES).png()), VIE, ProgressListener.NONE)
                .text());
        other.start();
        String mine = ocr.ocr(OcrInput.of(VietnameseScans.aScan().png()), VIE, ProgressListener.NONE)
                .text();
        other.join(120_000);

        assertThat(mine).contains("Hạnh phúc").doesNotContain("Thửa đất");
        assertThat(otherText[0]).contains("Thửa đất số 127").doesNotContain("Hạnh phúc");
    }

    @Test
    void pageCount_multiPageTiff_isTwo() {
        byte[] tiff = VietnameseScans.tiff(List.of(
                VietnameseScans.aScan().dpi(100).image(),
                VietnameseScans.aScan().dpi(100).image()));

        assertThat(ocr.pageCount(OcrInput.of(tiff))).isEqualTo(2);
    }

    @Test
    void ocr_uninstalledLanguage_isRefused() {
        assertThatThrownBy(() -> ocr.ocr(
                        OcrInput.of(VietnameseScans.aScan().dpi(100).tiff()),
                        OcrOptions.textOnly().withLanguages("xyz"),
                        ProgressListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("xyz");
    }
}
