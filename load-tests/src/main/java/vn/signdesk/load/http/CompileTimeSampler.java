package vn.signdesk.load.http;

import java.io.IOException;
import java.util.Arrays;
import vn.signdesk.load.JitSettling;

/**
 * The service JVM's cumulative JIT compilation time, read once a second with {@code jstat -compiler
 * PID 1000} (its {@code Time} column, in seconds): the clock the load run's warm-up waits on until
 * the service's compilers have gone quiet.
 */
final class CompileTimeSampler implements JitSettling.CompileClock, AutoCloseable {

    private volatile double seconds = Double.NaN;
    private int timeColumn = -1;
    private JstatStream jstat;

    private CompileTimeSampler() {}

    /** A sampler fed by hand, for tests. */
    static CompileTimeSampler unstarted() {
        return new CompileTimeSampler();
    }

    /** Starts reading the compilation time of the JVM of process {@code pid}. */
    static CompileTimeSampler start(long pid) throws IOException {
        CompileTimeSampler sampler = new CompileTimeSampler();
        sampler.jstat = JstatStream.start(pid, "-compiler", 1000, "compile-time-sampler", sampler::accept);
        return sampler;
    }

    /** The latest reading, NaN before the first. */
    @Override
    public double seconds() {
        return seconds;
    }

    /** One jstat line, on the stream's thread. */
    void accept(String[] fields) {
        int header = Arrays.asList(fields).indexOf("Time");
        if (header >= 0) {
            timeColumn = header;
            return;
        }
        if (timeColumn >= 0 && timeColumn < fields.length) {
            try {
                seconds = Double.parseDouble(fields[timeColumn]);
            } catch (NumberFormatException e) {
                // not a sample line (jstat's message when the JVM is gone): keep the last reading
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        jstat.close();
    }
}
