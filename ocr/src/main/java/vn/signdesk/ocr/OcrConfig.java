package vn.signdesk.ocr;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The configuration of a {@link TesseractOcr}, built once at start-up.
 *
 * @param tessdata the directory holding {@code *.traineddata} (Debian: /usr/share/tesseract-ocr/5/tessdata);
 *     {@code osd.traineddata} is needed for orientation detection
 * @param libraryOrNull the Tesseract shared library to load (a path or a soname); null finds
 *     {@code libtesseract.so.5} through the system's library search
 * @param workers OCR worker threads, each with its own Tesseract engine (Tesseract is not thread-safe)
 * @param defaultLanguages Tesseract language string used when a request names none, e.g. {@code vie+eng}
 * @param limits bounds on inputs
 * @param recycleAfterPages an engine is ended and created anew after this many pages, so that
 *     Tesseract's caches (adaptive classifier, dictionaries) cannot grow without bound
 * @param renderDpi resolution at which image-only PDF pages are rendered (lowered for huge pages)
 */
public record OcrConfig(
        Path tessdata,
        String libraryOrNull,
        int workers,
        String defaultLanguages,
        OcrLimits limits,
        int recycleAfterPages,
        int renderDpi) {

    /** Where Debian's tesseract-ocr-* packages put the language data. */
    public static final Path DEBIAN_TESSDATA = Path.of("/usr/share/tesseract-ocr/5/tessdata");

    public OcrConfig {
        Objects.requireNonNull(tessdata, "tessdata");
        Objects.requireNonNull(limits, "limits");
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1");
        }
        OcrOptions.checkLanguages(defaultLanguages);
        if (recycleAfterPages < 1) {
            throw new IllegalArgumentException("recycleAfterPages must be at least 1");
        }
        if (renderDpi < 72 || renderDpi > 600) {
            throw new IllegalArgumentException("renderDpi must be within 72..600");
        }
    }

    /** Debian's language data, one worker per core, {@code vie+eng}, default limits, recycling after 200 pages, 300 dpi. */
    public static OcrConfig defaults() {
        return new OcrConfig(
                DEBIAN_TESSDATA,
                null,
                Math.max(1, Runtime.getRuntime().availableProcessors()),
                "vie+eng",
                OcrLimits.DEFAULT,
                200,
                300);
    }

    /** A copy with another number of workers. */
    public OcrConfig withWorkers(int count) {
        return new OcrConfig(tessdata, libraryOrNull, count, defaultLanguages, limits, recycleAfterPages, renderDpi);
    }

    /** A copy with other limits. */
    public OcrConfig withLimits(OcrLimits newLimits) {
        return new OcrConfig(
                tessdata, libraryOrNull, workers, defaultLanguages, newLimits, recycleAfterPages, renderDpi);
    }

    /** A copy recycling engines after another number of pages. */
    public OcrConfig withRecycleAfterPages(int pages) {
        return new OcrConfig(tessdata, libraryOrNull, workers, defaultLanguages, limits, pages, renderDpi);
    }
}
