package vn.signdesk.load;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The timing loop the benchmarks share: a number of threads repeat one operation until a deadline,
 * and the result is operations per second and, where the JVM can count it, bytes allocated per
 * operation.
 *
 * <p>Implementation notes. Throughput is the number of finished operations over the time until the
 * last thread stopped (each thread finishes the operation it started before the deadline).
 * Allocation is read per thread from {@link com.sun.management.ThreadMXBean#getThreadAllocatedBytes};
 * it counts what the measuring threads allocate, not helper threads the operation may hand work to.
 * CPU time per operation is read the same way ({@code getCurrentThreadCpuTime}): unlike throughput it
 * hardly moves when other processes share the machine, so two runs on a busy machine stay comparable.
 */
final class Throughput {

    /**
     * One timed run: operations per second, bytes allocated and CPU nanoseconds of the measuring
     * threads per operation (each -1 if unknown).
     */
    record Run(double opsPerSecond, long bytesPerOp, long cpuNanosPerOp) {}

    /** One operation under test; may throw, which fails the run. */
    @FunctionalInterface
    interface Operation {
        void run() throws Exception;
    }

    private static final com.sun.management.ThreadMXBean THREADS = allocationCounter();

    private Throughput() {}

    /** A pool of daemon threads named {@code bench}, as many as the largest thread count. */
    /** The first line of a benchmark's output: machine, JVM and run lengths. */
    static void printHeader(
            java.io.PrintStream out, String what, double warmupSeconds, int iterations, double iterationSeconds) {
        out.printf(
                java.util.Locale.ROOT,
                "SignDesk %s benchmark: %d cores, %s %s, warm-up %.1f s, %d x %.1f s per side and case%n",
                what,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                warmupSeconds,
                iterations,
                iterationSeconds);
    }

    static ExecutorService pool(int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "bench");
            t.setDaemon(true);
            return t;
        });
    }

    /** {@code threads} threads of {@code pool} repeating {@code operation} for {@code seconds}. */
    static Run measure(ExecutorService pool, Operation operation, int threads, double seconds) throws Exception {
        if (seconds <= 0) {
            return new Run(0, -1, -1);
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<long[]>> results = new ArrayList<>();
        long[] deadline = new long[1];
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> {
                start.await();
                long end = deadline[0];
                long allocatedBefore = allocated();
                long cpuBefore = cpu();
                long ops = 0;
                long now;
                do {
                    operation.run();
                    ops++;
                    now = System.nanoTime();
                } while (now < end);
                long allocatedAfter = allocated();
                long cpuAfter = cpu();
                long bytes = allocatedBefore < 0 || allocatedAfter < 0 ? -1 : allocatedAfter - allocatedBefore;
                long cpuNanos = cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore;
                return new long[] {ops, now, bytes, cpuNanos};
            }));
        }
        long begin = System.nanoTime();
        deadline[0] = begin + (long) (seconds * 1e9);
        start.countDown();
        long ops = 0;
        long last = begin;
        long bytes = 0;
        long cpuNanos = 0;
        for (Future<long[]> f : results) {
            long[] r = f.get();
            ops += r[0];
            last = Math.max(last, r[1]);
            bytes = bytes < 0 || r[2] < 0 ? -1 : bytes + r[2];
            cpuNanos = cpuNanos < 0 || r[3] < 0 ? -1 : cpuNanos + r[3];
        }
        return new Run(ops / ((last - begin) / 1e9), bytes < 0 ? -1 : bytes / ops, cpuNanos < 0 ? -1 : cpuNanos / ops);
    }

    /** The median; the mean of the middle two for an even count. */
    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The values to one decimal, for printing. */
    static double[] round(double[] values) {
        return Arrays.stream(values).map(v -> Math.round(v * 10) / 10.0).toArray();
    }

    private static long allocated() {
        return THREADS == null
                ? -1
                : THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    private static long cpu() {
        return THREADS == null || !THREADS.isCurrentThreadCpuTimeSupported() ? -1 : THREADS.getCurrentThreadCpuTime();
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        // HotSpot and OpenJ9 implement the extended bean; elsewhere allocation is simply not reported
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported()) {
            bean.setThreadAllocatedMemoryEnabled(true);
            return bean;
        }
        return null;
    }
}
