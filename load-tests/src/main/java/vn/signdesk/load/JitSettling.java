package vn.signdesk.load;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * A warm-up that lasts until the JIT compilers have gone quiet, instead of for a fixed time.
 *
 * <p>Why: the verification path is large (DSS, PDFBox, Bouncy Castle). Under load on 2 cores the
 * service's C2 compiler kept working for about two and a half minutes (96 s of compilation in all,
 * read with {@code jstat -compiler}), taking up to a core from the requests: throughput at 4 requests
 * in flight rose from 101 to 259 per second over those minutes, and the open loop's slowest seconds
 * were those of C2 bursts. A fixed warm-up of a few seconds measured the compiler as much as the code.
 *
 * <p>Implementation notes. Rounds of warm-up work repeat; after each, once a window of at least
 * {@code windowSeconds} has passed, the compilation time spent in it is compared with its length.
 * The warm-up ends when that share is at most {@code quietShare}, or at {@code maxSeconds} (the
 * outcome says which). Compilation time is what the JVM reports (HotSpot counts the compilers' time,
 * summed over compiler threads), so a share of 0.03 means the compilers used about 3% of one core.
 */
public final class JitSettling {

    /** The window over which compilation is measured. */
    public static final double WINDOW_SECONDS = 10;

    /** Compilation time over a window, as a share of it, below which the JIT counts as quiet. */
    public static final double QUIET_SHARE = 0.03;

    /** Cumulative compilation time of one or more JVMs, in seconds; NaN when it cannot be read. */
    @FunctionalInterface
    public interface CompileClock {
        double seconds();
    }

    /** One round of warm-up work. */
    @FunctionalInterface
    public interface Round {
        void run() throws Exception;
    }

    /**
     * How a warm-up went.
     *
     * @param seconds how long it lasted
     * @param compileSeconds compilation time during it (NaN when unknown)
     * @param quiet whether it ended because the compilers went quiet (false: the time limit, or no clock)
     */
    public record Outcome(double seconds, double compileSeconds, boolean quiet) {

        /** One line for a report. */
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "%.0f s of warm-up, %.1f s of it compiling; %s",
                    seconds,
                    compileSeconds,
                    quiet
                            ? String.format(
                                    Locale.ROOT,
                                    "then under %.0f%% compiling over %.0f s",
                                    QUIET_SHARE * 100,
                                    WINDOW_SECONDS)
                            : "the compilers had not gone quiet when the time limit came");
        }
    }

    /**
     * A benchmark's {@code --settle S} option: repeat the first warm-up pass until the compilers are
     * quiet, for at most {@code maxSeconds} (0: one pass).
     *
     * @param maxSeconds the limit, 0 when the option is absent
     * @param rest the other arguments, in order
     */
    public record SettleOption(double maxSeconds, String[] rest) {

        /** Takes {@code --settle S} out of a benchmark's arguments. */
        public static SettleOption parse(String[] args) {
            double max = 0;
            java.util.List<String> rest = new java.util.ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--settle")) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("--settle needs a value");
                    }
                    max = Double.parseDouble(args[++i]);
                    if (max < 0) {
                        throw new IllegalArgumentException("--settle must not be negative");
                    }
                } else {
                    rest.add(args[i]);
                }
            }
            return new SettleOption(max, rest.toArray(String[]::new));
        }
    }

    private JitSettling() {}

    /** This JVM's compilation time, NaN when the JVM does not report it. */
    public static CompileClock thisJvm() {
        CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
        if (bean == null || !bean.isCompilationTimeMonitoringSupported()) {
            return () -> Double.NaN;
        }
        return () -> bean.getTotalCompilationTime() / 1000.0;
    }

    /**
     * A benchmark's first warm-up pass: {@code round} once when {@code settleSeconds} is 0 (no
     * {@code --settle}), otherwise repeated until this JVM's compilers are quiet, for at most
     * {@code settleSeconds}, and how it went printed to {@code out}.
     */
    public static void warmUp(Round round, double settleSeconds, java.io.PrintStream out) throws Exception {
        if (settleSeconds <= 0) {
            round.run();
            return;
        }
        out.println(
                "warm-up: " + warmUntilQuiet(thisJvm(), round, settleSeconds).describe());
    }

    /** The sum of two clocks: NaN when either is unknown. */
    public static CompileClock sum(CompileClock a, CompileClock b) {
        return () -> a.seconds() + b.seconds();
    }

    /**
     * Runs {@code round} at least once, then again until the compilers are quiet or {@code
     * maxSeconds} have passed. Without a clock (NaN) it runs one round only.
     */
    public static Outcome warmUntilQuiet(CompileClock clock, Round round, double maxSeconds) throws Exception {
        return warmUntilQuiet(clock, round, WINDOW_SECONDS, QUIET_SHARE, maxSeconds, System::nanoTime);
    }

    /** {@link #warmUntilQuiet(CompileClock, Round, double)} with its limits and time source given. */
    static Outcome warmUntilQuiet(
            CompileClock clock,
            Round round,
            double windowSeconds,
            double quietShare,
            double maxSeconds,
            java.util.function.LongSupplier nanoTime)
            throws Exception {
        long start = nanoTime.getAsLong();
        double compileStart = clock.seconds();
        long windowStart = start;
        double windowCompile = compileStart;
        while (true) {
            round.run();
            long now = nanoTime.getAsLong();
            double compiled = clock.seconds();
            double elapsed = (now - start) / 1e9;
            if (Double.isNaN(compiled)) {
                return new Outcome(elapsed, Double.NaN, false);
            }
            if (Double.isNaN(compileStart)) {
                // the clock had no reading yet when the warm-up began (a sampler's first line is
                // still to come): count from its first reading
                compileStart = compiled;
                windowStart = now;
                windowCompile = compiled;
            }
            double window = (now - windowStart) / 1e9;
            if (window >= windowSeconds) {
                if (compiled - windowCompile <= quietShare * window) {
                    return new Outcome(elapsed, compiled - compileStart, true);
                }
                windowStart = now;
                windowCompile = compiled;
            }
            if (elapsed >= maxSeconds) {
                return new Outcome(elapsed, compiled - compileStart, false);
            }
        }
    }
}
