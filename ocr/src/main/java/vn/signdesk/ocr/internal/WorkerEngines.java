package vn.signdesk.ocr.internal;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.sourceforge.tess4j.TessAPI;

/**
 * The engines of one worker thread: a recognizer per language string (the two most recently used are
 * kept) and the orientation detector, all ended and created anew after a number of pages.
 */
final class WorkerEngines implements AutoCloseable {

    private static final int KEPT_LANGUAGES = 2;

    private final TessAPI api;
    private final Path tessdata;
    private final int recycleAfterPages;
    private final AtomicLong created;
    private final LinkedHashMap<String, TessEngine> recognizers = new LinkedHashMap<>(4, 0.75f, true);
    private TessEngine orientation;
    private int pages;

    WorkerEngines(TessAPI api, Path tessdata, int recycleAfterPages, AtomicLong created) {
        this.api = api;
        this.tessdata = tessdata;
        this.recycleAfterPages = recycleAfterPages;
        this.created = created;
    }

    TessEngine recognizer(String languages) {
        TessEngine engine = recognizers.get(languages);
        if (engine == null) {
            if (recognizers.size() >= KEPT_LANGUAGES) {
                Iterator<Map.Entry<String, TessEngine>> eldest =
                        recognizers.entrySet().iterator();
                eldest.next().getValue().close();
                eldest.remove();
            }
            engine = TessEngine.recognizer(api, tessdata, languages);
            created.incrementAndGet();
            recognizers.put(languages, engine);
        }
        return engine;
    }

    TessEngine orientation() {
        if (orientation == null) {
            orientation = TessEngine.orientation(api, tessdata);
            created.incrementAndGet();
        }
        return orientation;
    }

    /** Counts a page; ends every engine once the recycling count is reached. */
    void pageDone() {
        if (++pages >= recycleAfterPages) {
            close();
        }
    }

    @Override
    public void close() {
        recognizers.values().forEach(TessEngine::close);
        recognizers.clear();
        if (orientation != null) {
            orientation.close();
            orientation = null;
        }
        pages = 0;
    }
}
