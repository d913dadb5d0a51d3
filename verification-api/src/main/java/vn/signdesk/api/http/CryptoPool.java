package vn.signdesk.api.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The named, bounded worker pool ("crypto") where everything that blocks runs: DSS, PDFBox, Bouncy
 * Castle, the embedded TSA and the demo PKI's responder. The event loop never does that work.
 *
 * <p>Implementation notes. Tasks run unordered ({@code executeBlocking(task, false)}): ordered
 * execution would serialise the requests of one context. Vert.x queues tasks without bound, so the
 * pool counts the tasks it has accepted and refuses more than {@code maxPending} with a 503 and
 * {@code Retry-After}: a full pool sheds load instead of growing a queue until memory runs out.
 */
final class CryptoPool {

    /** Long enough for a 100 MiB PDF at B-LTA or the first generation of the demo PKI. */
    private static final long MAX_EXECUTE_MINUTES = 5;

    private final WorkerExecutor executor;
    private final int threads;
    private final int maxPending;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();

    CryptoPool(Vertx vertx, int threads, int maxPending) {
        this.executor = vertx.createSharedWorkerExecutor("crypto", threads, MAX_EXECUTE_MINUTES, TimeUnit.MINUTES);
        this.threads = threads;
        this.maxPending = maxPending;
    }

    /** Runs the task on the pool; fails at once with a 503 problem when the pool is full. */
    <T> Future<T> submit(Callable<T> task) {
        if (pending.incrementAndGet() > maxPending) {
            pending.decrementAndGet();
            return Future.failedFuture(HttpProblem.unavailable(
                    "service-busy", "The service is busy", "every signing worker is busy; retry shortly", 1));
        }
        Callable<T> counted = () -> {
            active.incrementAndGet();
            try {
                return task.call();
            } finally {
                active.decrementAndGet();
            }
        };
        return executor.executeBlocking(counted, false).andThen(done -> pending.decrementAndGet());
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
