package vn.signdesk.load.http;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the used heap of the service's JVM while the load runs, with one {@code jstat -gc PID
 * 250} process reading the JVM's performance counters four times a second.
 *
 * <p>Implementation notes. Used heap is the sum of the survivor, eden and old-generation usage
 * columns ({@code S0U S1U EU OU}, in KB), found by name in jstat's header so that the column order
 * of another collector or JDK does not matter (one {@link JstatStream}). The peak since the
 * last {@link #resetPeak()} is what a phase reports; the run's overall peak is kept too. A sample
 * includes garbage not yet collected, so it is an upper bound of the live data.
 */
final class HeapSampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeapSampler.class);
    private static final List<String> USED_COLUMNS = List.of("S0U", "S1U", "EU", "OU");

    private final AtomicLong phasePeak = new AtomicLong(-1);
    private final AtomicLong overallPeak = new AtomicLong(-1);
    private final AtomicLong samples = new AtomicLong();
    private int[] columnsOrNull;
    private JstatStream jstat;

    private HeapSampler() {}

    /** Starts sampling the JVM of process {@code pid}. */
    static HeapSampler start(long pid) throws IOException {
        HeapSampler sampler = new HeapSampler();
        sampler.jstat = JstatStream.start(pid, "-gc", 250, "heap-sampler", sampler::accept);
        return sampler;
    }

    /** Forgets the peak of the previous phase. */
    void resetPeak() {
        phasePeak.set(-1);
    }

    /** The largest used heap in bytes since {@link #resetPeak()}, or -1 without a sample. */
    long phasePeakBytes() {
        return phasePeak.get();
    }

    /** The largest used heap in bytes of the whole run, or -1 without a sample. */
    long overallPeakBytes() {
        return overallPeak.get();
    }

    /** How many samples were read. */
    long samples() {
        return samples.get();
    }

    /** One jstat line, on the stream's thread. */
    private void accept(String[] fields) {
        if (columnsOrNull == null) {
            columnsOrNull = columns(fields);
            if (columnsOrNull == null) {
                LOG.warn("jstat: unexpected output '{}'", String.join(" ", fields));
            }
            return;
        }
        if (fields[0].equals("S0C")) {
            return;
        }
        long bytes = usedBytes(fields, columnsOrNull);
        if (bytes >= 0) {
            samples.incrementAndGet();
            phasePeak.accumulateAndGet(bytes, Math::max);
            overallPeak.accumulateAndGet(bytes, Math::max);
        }
    }

    /** Positions of the used-heap columns in a jstat header, or null when one is missing. */
    static int[] columns(String[] header) {
        List<String> names = Arrays.asList(header);
        int[] positions = new int[USED_COLUMNS.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = names.indexOf(USED_COLUMNS.get(i));
            if (positions[i] < 0) {
                return null;
            }
        }
        return positions;
    }

    /** Used heap in bytes from one jstat line (KB values), or -1 when the line does not parse. */
    static long usedBytes(String[] fields, int[] columns) {
        double kb = 0;
        try {
            for (int c : columns) {
                if (c >= fields.length) {
                    return -1;
                }
                kb += Double.parseDouble(fields[c]);
            }
        } catch (NumberFormatException e) {
            return -1;
        }
        return (long) (kb * 1024);
    }

    @Override
    public void close() throws InterruptedException {
        jstat.close();
    }
}
