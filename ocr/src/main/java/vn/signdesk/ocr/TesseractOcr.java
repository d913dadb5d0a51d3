package vn.signdesk.ocr;

import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import net.sourceforge.tess4j.TessAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.ocr.internal.EnginePool;
import vn.signdesk.ocr.internal.PageSource;
import vn.signdesk.ocr.internal.PageSources;
import vn.signdesk.ocr.internal.ProcessedPage;
import vn.signdesk.ocr.internal.ScanFormat;
import vn.signdesk.ocr.internal.SearchablePdfBuilder;
import vn.signdesk.ocr.internal.SourcePage;
import vn.signdesk.ocr.internal.TesseractLibrary;
import vn.signdesk.ocr.internal.Workers;

/**
 * The {@link DocumentOcr} over Tesseract 5 (through Tess4J's JNA binding of its C API): a fixed pool of
 * worker threads, each with its own engines, recycled after a number of pages.
 *
 * <p>Implementation notes. A call decodes its pages one at a time on the calling thread (PDFBox
 * documents and Image I/O readers are single-threaded), after checking each page's size from the file
 * headers, and hands them to the workers; at most {@code workers + 1} decoded pages of a call are in
 * memory, and each finished page goes into the PDF/A (as a compressed image) before the next is taken.
 * Pages of one document therefore run in parallel on all workers. Tesseract must run with
 * {@code OMP_THREAD_LIMIT=1}: its OpenMP threads would otherwise compete with the pool's own threads for
 * the cores and make everything slower; this class warns at start when the variable is missing (the
 * one environment read of the module: the variable is read by the native library, not by this code).
 */
public final class TesseractOcr implements DocumentOcr {

    private static final Logger LOG = LoggerFactory.getLogger(TesseractOcr.class);

    private final OcrConfig config;
    private final Clock clock;
    private final EnginePool pool;

    private TesseractOcr(OcrConfig config, Clock clock, EnginePool pool) {
        this.config = config;
        this.clock = clock;
        this.pool = pool;
    }

    /**
     * Loads the Tesseract library and starts the workers (engines are created on first use).
     *
     * @throws OcrFailedException when the library or the default language data is missing
     */
    public static TesseractOcr start(OcrConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** As {@link #start(OcrConfig)}, with the clock that dates the PDF/A. */
    public static TesseractOcr start(OcrConfig config, Clock clock) {
        Objects.requireNonNull(config, "config");
        checkLanguageData(config, config.defaultLanguages());
        if (!"1".equals(System.getenv("OMP_THREAD_LIMIT"))) {
            LOG.warn(
                    "OMP_THREAD_LIMIT is not 1: Tesseract's OpenMP threads will compete with the {} OCR workers"
                            + " for the cores; export OMP_THREAD_LIMIT=1 before starting the JVM",
                    config.workers());
        }
        TessAPI api = TesseractLibrary.load(config.libraryOrNull());
        EnginePool pool = new EnginePool(api, config.tessdata(), config.workers(), config.recycleAfterPages());
        LOG.info(
                "OCR started: {} workers, default languages {}, engines recycled after {} pages",
                config.workers(),
                config.defaultLanguages(),
                config.recycleAfterPages());
        return new TesseractOcr(config, clock, pool);
    }

    private static void checkLanguageData(OcrConfig config, String languages) {
        for (String lang : languages.split("\\+")) {
            if (!Files.isRegularFile(config.tessdata().resolve(lang + ".traineddata"))) {
                throw new IllegalArgumentException("no Tesseract language data for '" + lang
                        + "' (install tesseract-ocr-" + lang.replace('_', '-') + ")");
            }
        }
    }

    @Override
    public void requireLanguages(String languages) {
        OcrOptions.checkLanguages(languages);
        checkLanguageData(config, languages);
    }

    /** The configuration this instance runs with. */
    public OcrConfig config() {
        return config;
    }

    /** Tesseract engines created since start: grows with recycling and with new language strings. */
    public long enginesCreated() {
        return pool.enginesCreated();
    }

    @Override
    public int pageCount(OcrInput input) {
        ScanFormat format = PageSources.check(input.bytes(), config.limits());
        try (PageSource source = PageSources.open(input.bytes(), format, config.limits(), config.renderDpi())) {
            return source.pageCount();
        }
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the options name a language whose data is not installed
     */
    @Override
    public OcrResult ocr(OcrInput input, OcrOptions options, ProgressListener listener) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        String languages = options.languagesOrNull() != null ? options.languagesOrNull() : config.defaultLanguages();
        checkLanguageData(config, languages);
        long started = System.nanoTime();
        ScanFormat format = PageSources.check(input.bytes(), config.limits());
        String sha256 = input.sha256();
        long timeoutMillis = config.limits().pageTimeout().toMillis();
        try (PageSource source = PageSources.open(input.bytes(), format, config.limits(), config.renderDpi());
                SearchablePdfBuilder pdf = options.searchablePdf() ? new SearchablePdfBuilder() : null) {
            int total = source.pageCount();
            listener.progress(0, total);
            AtomicInteger done = new AtomicInteger();
            List<OcrPage> pages = new ArrayList<>(total);
            Deque<Future<ProcessedPage>> inFlight = new ArrayDeque<>();
            int window = config.workers() + 1;
            try {
                for (int i = 0; i < total; i++) {
                    while (inFlight.size() >= window) {
                        take(inFlight.removeFirst(), timeoutMillis, pages, pdf);
                    }
                    SourcePage page = source.page(i);
                    inFlight.addLast(Workers.submit(
                            pool,
                            page,
                            languages,
                            timeoutMillis,
                            () -> listener.progress(done.incrementAndGet(), total)));
                }
                while (!inFlight.isEmpty()) {
                    take(inFlight.removeFirst(), timeoutMillis, pages, pdf);
                }
            } finally {
                inFlight.forEach(f -> f.cancel(false));
            }
            byte[] pdfBytes = null;
            int part = 0;
            if (pdf != null) {
                byte[] original = options.embedOriginal() ? input.bytes() : null;
                String name = input.nameOrNull() != null ? input.nameOrNull() : "original." + format.extension();
                SearchablePdfBuilder.Description d = new SearchablePdfBuilder.Description(
                        input.nameOrNull() != null ? input.nameOrNull() : "Scan " + sha256.substring(0, 12),
                        sha256,
                        clock.instant(),
                        original,
                        name,
                        format.mediaType());
                pdfBytes = pdf.finish(d);
                part = original == null ? 2 : 3;
            }
            LOG.debug(
                    "OCR of {} ({} pages, {}) took {} ms",
                    sha256.substring(0, 12),
                    total,
                    languages,
                    (System.nanoTime() - started) / 1_000_000);
            return new OcrResult(pages, pdfBytes, part, sha256, source.signed());
        }
    }

    private static void take(
            Future<ProcessedPage> future, long timeoutMillis, List<OcrPage> pages, SearchablePdfBuilder pdf) {
        ProcessedPage p;
        try {
            // Tesseract's own deadline stops recognition; this bound only catches what happens outside it
            // (layout analysis, a page waiting behind other documents' pages is not counted against it)
            p = future.get(timeoutMillis * 4 + 30_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OcrFailedException("interrupted", e);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ScanLimitException(
                    ScanLimitException.Limit.PAGE_TIMEOUT,
                    "a page took longer than the limit of " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OcrException oe) {
                throw oe;
            }
            if (e.getCause() instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new OcrFailedException("OCR of a page failed", e.getCause());
        }
        pages.add(p.page());
        if (pdf != null) {
            pdf.addPage(p);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
