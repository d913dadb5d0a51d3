package vn.signdesk.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The OCR on the corpus's scans (the conformance suite); {@link TesseractOcrOnGeneratedScansIT} runs the same checks on generated ones. */
@Tag("conformance")
class TesseractOcrIT {

    private static TesseractOcr ocr;

    @BeforeAll
    static void start() {
        ocr = TesseractOcr.start(OcrConfig.defaults().withWorkers(2));
    }

    @AfterAll
    static void stop() {
        ocr.close();
    }

    private static final OcrOptions ENG = OcrOptions.textOnly().withLanguages("eng");

    @Test
    void ocr_cleanTiff_matchesGroundTruth() {
        OcrResult r = ocr.ocr(Corpus.input("tess-phototest.tif"), ENG, ProgressListener.NONE);

        assertThat(r.pages()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo(OcrPage.Source.OCR);
            assertThat(p.meanConfidence()).isGreaterThan(80);
            assertThat(p.hocr()).contains("ocr_page").contains("ocrx_word").contains("quick");
            assertThat(p.rotationDegrees()).isZero();
        });
        assertThat(Corpus.cer(Corpus.text("tess-phototest.gold.txt"), r.text())).isLessThan(0.02);
    }

    @Test
    void ocr_upsideDownPng_isTurnedAndRead() {
        OcrResult r = ocr.ocr(Corpus.input("tess-phototest-rotated-180.png"), ENG, ProgressListener.NONE);

        assertThat(r.pages().get(0).rotationDegrees()).isEqualTo(180);
        assertThat(Corpus.cer(Corpus.text("tess-phototest.gold.txt"), r.text())).isLessThan(0.05);
    }

    @Test
    void ocr_sidewaysPng_isRead() {
        OcrResult r = ocr.ocr(Corpus.input("tess4j-eurotext90.png"), ENG, ProgressListener.NONE);

        assertThat(r.text()).contains("The (quick) [brown] {fox} jumps!");
    }

    @Test
    void ocr_skewedScan_isDeskewedAndRead() {
        OcrResult r = ocr.ocr(Corpus.input("tess4j-eurotext_deskew.png"), ENG, ProgressListener.NONE);

        assertThat(Math.abs(r.pages().get(0).deskewDegrees())).isGreaterThan(5);
        assertThat(r.text()).contains("The (quick) [brown] {fox} jumps!");
    }

    @Test
    void ocr_multiPageTiff_separatesPagesWithFormFeeds() {
        List<int[]> progress = new CopyOnWriteArrayList<>();

        OcrResult r = ocr.ocr(
                Corpus.input("vietocr-vietsample1.tif"),
                OcrOptions.textOnly().withLanguages("vie"),
                (done, total) -> progress.add(new int[] {done, total}));

        assertThat(r.pages()).hasSize(2);
        assertThat(r.text().split("\f")).hasSize(2);
        assertThat(r.pages().get(0).text()).contains("Đôi Mắt Người Sơn Tây");
        assertThat(r.pages().get(1).text()).containsIgnoringCase("Bao giờ trở lại");
        assertThat(progress).extracting(p -> p[1]).containsOnly(2);
        assertThat(progress).extracting(p -> p[0]).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void ocr_pdfWithText_keepsItsText() {
        OcrResult r = ocr.ocr(Corpus.input("vietocr-vietsample1.pdf"), OcrOptions.textOnly(), ProgressListener.NONE);

        assertThat(r.pages()).hasSize(2).allSatisfy(p -> {
            assertThat(p.source()).isEqualTo(OcrPage.Source.TEXT_LAYER);
            assertThat(p.hocr()).contains("ocrx_word");
        });
        assertThat(Corpus.cer(Corpus.text("vietocr-vietsample1.pdf.textlayer.txt"), r.text()))
                .isLessThan(0.02);
    }

    @Test
    void ocr_imageOnlyPdf_isRenderedAndRead() {
        OcrResult r = ocr.ocr(Corpus.input("tess4j-eurotext.pdf"), ENG, ProgressListener.NONE);

        assertThat(r.pages()).singleElement().extracting(OcrPage::source).isEqualTo(OcrPage.Source.OCR);
        assertThat(r.text()).startsWith("The (quick) [brown] {fox} jumps!\nOver the $43,456.78 <lazy> #90 dog");
    }

    @Test
    void ocr_twoDocumentsAtOnce_eachGetsItsOwnText() throws Exception {
        var other = new Thread[1];
        String[] otherText = new String[1];
        other[0] =
                new Thread(() -> otherText[0] = ocr.ocr(Corpus.input("tess-eurotext.tif"), ENG, ProgressListener.NONE)
                        .text());
        other[0].start();
        String mine = ocr.ocr(Corpus.input("tess-phototest.tif"), ENG, ProgressListener.NONE)
                .text();
        other[0].join(120_000);

        assertThat(mine).contains("This is a lot of 12 point text");
        assertThat(otherText[0]).contains("The (quick) [brown] {fox} jumps!");
    }

    @Test
    void pageCount_multiPageTiff_isTwo() {
        assertThat(ocr.pageCount(Corpus.input("vietocr-vietsample.tif"))).isEqualTo(2);
    }

    @Test
    void ocr_uninstalledLanguage_isRefused() {
        assertThatThrownBy(() -> ocr.ocr(
                        Corpus.input("tess-phototest.tif"),
                        OcrOptions.textOnly().withLanguages("xyz"),
                        ProgressListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("xyz");
    }
}
