package vn.signdesk.ocr.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.signdesk.fixtures.MalformedPdfs;
import vn.signdesk.fixtures.RawPdf;
import vn.signdesk.fixtures.TimeBound;
import vn.signdesk.fixtures.VietnameseScans;
import vn.signdesk.ocr.OcrException;
import vn.signdesk.ocr.OcrLimits;

/**
 * The OCR's PDF page source over arbitrary bytes: opening, counting the pages and rendering the first
 * two give pages or one of the documented errors ({@link OcrException}), never another exception, a
 * hang (over 60 seconds) or an exhausted heap. Pages are rendered at 72 dpi within a small pixel limit
 * so that each input stays cheap; the limit's own check is part of what is fuzzed.
 */
class PdfPageSourceFuzzTest {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final OcrLimits LIMITS = new OcrLimits(10L << 20, 50, 2_000_000L, Duration.ofSeconds(10));

    static Stream<Arguments> seeds() {
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of(Named.of("raw-one-page", RawPdf.onePage().bytes())));
        out.add(Arguments.of(Named.of("object-stream", MalformedPdfs.withObjectStream())));
        out.add(Arguments.of(Named.of("text-layer", VietnameseScans.textPdf())));
        out.add(Arguments.of(Named.of("signature-dictionary", VietnameseScans.textPdfWithSignatureDictionary())));
        out.add(Arguments.of(
                Named.of("scan-page", VietnameseScans.aScan().dpi(40).bilevel().pdf())));
        MalformedPdfs.all().forEach(m -> out.add(Arguments.of(Named.of(m.name(), m.bytes()))));
        return out.stream();
    }

    /**
     * The first reads load PDFBox's classes (instrumented when fuzzing) and its font cache, which on a
     * busy machine takes longer than the time bound; that is start-up, not what the bound is for.
     */
    @BeforeAll
    static void warmUp() {
        render(VietnameseScans.textPdf());
        render(VietnameseScans.aScan().dpi(40).pdf());
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "60s")
    void openAndRender_anyBytes_givesPagesOrADocumentedError(byte[] bytes) {
        Integer renderedOrNull = TimeBound.call(BOUND, () -> render(bytes));
        if (renderedOrNull != null) {
            assertThat(renderedOrNull).isPositive();
        }
    }

    /** The pages rendered (at most two), or null for a documented error. */
    private static Integer render(byte[] bytes) {
        try (PdfPageSource source = new PdfPageSource(bytes, LIMITS, 72)) {
            int rendered = 0;
            for (int i = 0; i < Math.min(2, source.pageCount()); i++) {
                SourcePage page = source.page(i);
                assertThat(page.image().getWidth()).isPositive();
                rendered++;
            }
            return rendered;
        } catch (OcrException documented) {
            return null;
        }
    }
}
