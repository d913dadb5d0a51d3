package vn.signdesk.api.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The named, bounded worker pool ("crypto") where everything that blocks runs: DSS, PDFBox, Bouncy
 * Castle, the embedded TSA and the demo PKI's responder. The event loop never does that work.
 *
 * <p>Implementation notes. Tasks run unordered ({@code executeBlocking(task, false)}): ordered
 * execution would serialise the requests of one context. Vert.x queues tasks without bound, so the
 * pool counts the tasks it has accepted and refuses more than {@code maxPending} with a 503 and
 * {@code Retry-After}: a full pool sheds load instead of growing a queue until memory runs out. A
 * task that holds a document says how many bytes; the pool also refuses a task whose bytes would
 * take the documents waiting or in work over {@code maxBytes}, unless no other document is held (a
 * single large document is never refused for its size alone: the body limit bounds that). The
 * count bounds the waiting time, the bytes the heap the waiting documents take.
 */
final class CryptoPool {

    /** Long enough for a 100 MiB PDF at B-LTA or the first generation of the demo PKI. */
    private static final long MAX_EXECUTE_MINUTES = 5;

    private final WorkerExecutor executor;
    private final int threads;
    private final int maxPending;
    private final long maxBytes;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger active = new AtomicInteger();

    CryptoPool(Vertx vertx, int threads, int maxPending, long maxBytes) {
        this.executor = vertx.createSharedWorkerExecutor("crypto", threads, MAX_EXECUTE_MINUTES, TimeUnit.MINUTES);
        this.threads = threads;
        this.maxPending = maxPending;
        this.maxBytes = maxBytes;
    }

    /** Runs a task that holds no document on the pool; fails at once with a 503 problem when the pool is full. */
    <T> Future<T> submit(Callable<T> task) {
        return submit(0, task);
    }

    /**
     * Runs a task that holds a document of {@code documentBytes} on the pool; fails at once with a
     * 503 problem when the pool is full.
     */
    <T> Future<T> submit(long documentBytes, Callable<T> task) {
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            return busy();
        }
        long held = bytes.addAndGet(documentBytes);
        if (documentBytes > 0 && held > maxBytes && held != documentBytes) {
            bytes.addAndGet(-documentBytes);
            pending.decrementAndGet();
            return busy();
        }
        Callable<T> counted = () -> {
            active.incrementAndGet();
            try {
                return task.call();
            } finally {
                active.decrementAndGet();
            }
        };
        return executor.executeBlocking(counted, false).andThen(done -> {
            bytes.addAndGet(-documentBytes);
            pending.decrementAndGet();
        });
    }

    private static <T> Future<T> busy() {
        return Future.failedFuture(HttpProblem.unavailable(
                "service-busy", "The service is busy", "every signing worker is busy; retry shortly", 1));
    }

    /** Tasks accepted and waiting for a worker. */
    int queued() {
        return Math.max(0, pending.get() - active.get());
    }

    /** Workers running a task now. */
    int active() {
        return active.get();
    }

    int threads() {
        return threads;
    }

    int maxPending() {
        return maxPending;
    }

    Future<Void> close() {
        return executor.close();
    }
}
