package vn.signdesk.ocr.internal;

import java.util.concurrent.Future;

/** Hands a decoded page to the pool: the public package's one way into the workers. */
public final class Workers {

    private Workers() {}

    /** Processes {@code page} on a worker; {@code onDone} runs on that worker once the page succeeded. */
    public static Future<ProcessedPage> submit(
            EnginePool pool, SourcePage page, String languages, long timeoutMillis, Runnable onDone) {
        return pool.submit(engines -> {
            ProcessedPage p = PageProcessor.process(engines, page, languages, timeoutMillis);
            onDone.run();
            return p;
        });
    }
}
