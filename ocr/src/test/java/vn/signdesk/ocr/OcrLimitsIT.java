package vn.signdesk.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.signdesk.fixtures.MalformedPdfs;
import vn.signdesk.fixtures.TimeBound;
import vn.signdesk.fixtures.VietnameseScans;

/**
 * Hostile and oversized inputs end in a documented, typed error, and the engine stays usable: on
 * generated scans and malformed PDFs in every run, on the corpus's malformed PDFs in the conformance
 * suite.
 */
class OcrLimitsIT {

    private static final OcrOptions ENG = OcrOptions.textOnly().withLanguages("eng");
    private static final OcrOptions VIE = OcrOptions.textOnly().withLanguages("vie");
    private static final byte[] SCAN = VietnameseScans.aScan().dpi(200).tiff();
    private static final byte[] TWO_PAGES = VietnameseScans.tiff(List.of(
            VietnameseScans.aScan().dpi(200).bilevel().image(),
            VietnameseScans.aScan().dpi(200).skewed(1).seed(2).image()));

    private static TesseractOcr start(OcrLimits limits) {
        return TesseractOcr.start(OcrConfig.defaults().withWorkers(1).withLimits(limits));
    }

    @Test
    void ocr_fileOverSizeLimit_isRefusedBeforeReading() {
        try (TesseractOcr ocr = start(new OcrLimits(1000, 10, 50_000_000, Duration.ofMinutes(1)))) {
            assertThatThrownBy(() -> ocr.ocr(OcrInput.of(SCAN), ENG, ProgressListener.NONE))
                    .isInstanceOfSatisfying(ScanLimitException.class, e -> assertThat(e.limit())
                            .isEqualTo(ScanLimitException.Limit.FILE_SIZE))
                    .extracting(e -> ((OcrException) e).kind())
                    .isEqualTo("file-too-large");
        }
    }

    @Test
    void ocr_morePagesThanLimit_isRefused() {
        try (TesseractOcr ocr = start(new OcrLimits(10_000_000, 1, 50_000_000, Duration.ofMinutes(1)))) {
            assertThatThrownBy(() -> ocr.pageCount(OcrInput.of(TWO_PAGES)))
                    .isInstanceOfSatisfying(ScanLimitException.class, e -> assertThat(e.limit())
                            .isEqualTo(ScanLimitException.Limit.PAGES));
        }
    }

    @Test
    void ocr_pngClaimingHugeDimensions_isRefusedFromItsHeader() throws IOException {
        byte[] png = pngHeaderOnly(60_000, 60_000);
        try (TesseractOcr ocr = start(OcrLimits.DEFAULT)) {
            assertThatThrownBy(() -> ocr.ocr(OcrInput.of(png), ENG, ProgressListener.NONE))
                    .isInstanceOfSatisfying(ScanLimitException.class, e -> assertThat(e.limit())
                            .isEqualTo(ScanLimitException.Limit.PAGE_PIXELS))
                    .hasMessageContaining("60000 x 60000");
        }
    }

    /** PDFs whose pages PDFBox would draw at a ruinous cost: refused before the cost, and the engine reads on. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "image-over-the-heap, PAGE_PIXELS, 16000 by 16000",
        "media-box-huge, PAGE_PIXELS, page 1",
        "cmap-ranges-huge, DOCUMENT_COMPLEXITY, character map",
    })
    void ocr_pdfThatWouldCostTooMuchToDraw_isRefusedBeforeTheCost(
            String name, ScanLimitException.Limit limit, String detail) {
        byte[] pdf = MalformedPdfs.all().stream()
                .filter(m -> m.name().equals(name))
                .findFirst()
                .orElseThrow()
                .bytes();
        try (TesseractOcr ocr = start(OcrLimits.DEFAULT)) {
            assertThatThrownBy(() -> ocr.ocr(OcrInput.of(pdf), ENG, ProgressListener.NONE))
                    .isInstanceOfSatisfying(
                            ScanLimitException.class, e -> assertThat(e.limit()).isEqualTo(limit))
                    .hasMessageContaining(detail);
            assertStillReads(ocr);
        }
    }

    @Test
    void ocr_pageOverTimeLimit_isStoppedAndReportedAsTimeout() {
        try (TesseractOcr ocr = start(new OcrLimits(10_000_000, 10, 50_000_000, Duration.ofMillis(1)))) {
            assertThatThrownBy(() -> ocr.ocr(OcrInput.of(SCAN), VIE, ProgressListener.NONE))
                    .isInstanceOfSatisfying(ScanLimitException.class, e -> assertThat(e.limit())
                            .isEqualTo(ScanLimitException.Limit.PAGE_TIMEOUT));
        }
    }

    @Test
    void ocr_notAScan_isUnsupported() {
        try (TesseractOcr ocr = start(OcrLimits.DEFAULT)) {
            assertThatThrownBy(() ->
                            ocr.ocr(OcrInput.of("plain text, named scan.png".getBytes()), ENG, ProgressListener.NONE))
                    .isInstanceOf(UnsupportedScanException.class)
                    .extracting(e -> ((OcrException) e).kind())
                    .isEqualTo("unsupported-document");
        }
    }

    @Test
    void ocr_truncatedImage_isInvalidAndTheEngineStaysUsable() throws IOException {
        byte[] whole = VietnameseScans.aScan().dpi(200).png();
        try (TesseractOcr ocr = start(OcrLimits.DEFAULT)) {
            assertThatThrownBy(() -> ocr.ocr(OcrInput.of(Arrays.copyOf(whole, 300)), ENG, ProgressListener.NONE))
                    .isInstanceOf(InvalidScanException.class);

            assertStillReads(ocr);
        }
    }

    @Tag("conformance")
    @Test
    void ocr_malformedPdfs_endInResultsOrTypedErrors() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("../../shared/corpus/C_malformed"))) {
            files = s.filter(p -> p.toString().endsWith(".pdf")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(10);
        try (TesseractOcr ocr = start(OcrLimits.DEFAULT)) {
            for (Path f : files) {
                Throwable t = catchThrowable(() -> ocr.ocr(OcrInput.of(f), ENG, ProgressListener.NONE));
                assertThat(t)
                        .as(f.getFileName().toString())
                        .satisfiesAnyOf(
                                x -> assertThat(x).isNull(), x -> assertThat(x).isInstanceOf(OcrException.class));
            }
            assertThat(ocr.ocr(Corpus.input("tess-phototest.tif"), ENG, ProgressListener.NONE)
                            .text())
                    .contains("This is a lot of 12 point text");
        }
    }

    @Test
    void ocr_generatedMalformedPdfs_endInResultsOrTypedErrors() {
        try (TesseractOcr ocr = start(OcrLimits.DEFAULT)) {
            for (MalformedPdfs.MalformedPdf m : MalformedPdfs.all()) {
                Throwable t = catchThrowable(() -> TimeBound.call(
                        Duration.ofSeconds(30), () -> ocr.ocr(OcrInput.of(m.bytes()), ENG, ProgressListener.NONE)));
                assertThat(t).as(m.name()).satisfiesAnyOf(x -> assertThat(x).isNull(), x -> assertThat(x)
                        .isInstanceOf(OcrException.class));
            }
            assertStillReads(ocr);
        }
    }

    @Test
    void ocr_recycling_createsFreshEnginesAndKeepsReading() {
        try (TesseractOcr ocr =
                TesseractOcr.start(OcrConfig.defaults().withWorkers(1).withRecycleAfterPages(1))) {
            OcrResult r = ocr.ocr(OcrInput.of(TWO_PAGES), VIE, ProgressListener.NONE);
            assertStillReads(ocr);

            assertThat(ocr.enginesCreated()).isGreaterThanOrEqualTo(3);
            assertThat(r.pages().get(1).text()).contains("Lệ phí");
        }
    }

    /** The engine, after whatever came before, still reads a clean scan. */
    private static void assertStillReads(TesseractOcr ocr) {
        assertThat(ocr.ocr(OcrInput.of(SCAN), VIE, ProgressListener.NONE).text())
                .contains("Độc lập - Tự do - Hạnh phúc");
    }

    /** A PNG with a valid signature and IHDR chunk that claims the given size, and no pixel data. */
    private static byte[] pngHeaderOnly(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a});
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        DataOutputStream c = new DataOutputStream(chunk);
        c.writeBytes("IHDR");
        c.writeInt(width);
        c.writeInt(height);
        c.write(new byte[] {8, 0, 0, 0, 0});
        byte[] body = chunk.toByteArray();
        d.writeInt(body.length - 4);
        d.write(body);
        CRC32 crc = new CRC32();
        crc.update(body);
        d.writeInt((int) crc.getValue());
        return out.toByteArray();
    }
}
