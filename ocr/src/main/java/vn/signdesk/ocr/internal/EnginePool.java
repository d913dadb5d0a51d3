package vn.signdesk.ocr.internal;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import net.sourceforge.tess4j.TessAPI;

/**
 * A fixed pool of OCR worker threads, each owning its {@link WorkerEngines}: an engine is only ever
 * used by the thread that created it. Callers bound how many pages they have in flight, so the queue
 * holds at most a few pages per running document.
 */
public final class EnginePool implements AutoCloseable {

    private final ThreadPoolExecutor executor;
    private final Set<WorkerEngines> all = ConcurrentHashMap.newKeySet();
    private final AtomicLong created = new AtomicLong();
    private final ThreadLocal<WorkerEngines> mine;

    public EnginePool(TessAPI api, Path tessdata, int workers, int recycleAfterPages) {
        AtomicInteger n = new AtomicInteger();
        executor =
                new ThreadPoolExecutor(workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "ocr-engine-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        mine = ThreadLocal.withInitial(() -> {
            WorkerEngines engines = new WorkerEngines(api, tessdata, recycleAfterPages, created);
            all.add(engines);
            return engines;
        });
    }

    /** Runs {@code task} on a worker with that worker's engines. */
    <T> Future<T> submit(Function<WorkerEngines, T> task) {
        return executor.submit(() -> task.apply(mine.get()));
    }

    /** Engines created since start (grows with recycling and new language strings). */
    public long enginesCreated() {
        return created.get();
    }

    public int workers() {
        return executor.getCorePoolSize();
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(2, TimeUnit.MINUTES)) {
                executor.shutdownNow();
                executor.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (executor.isTerminated()) {
            // the workers are gone, so no engine is in use any more
            all.forEach(WorkerEngines::close);
        }
        all.clear();
    }
}
