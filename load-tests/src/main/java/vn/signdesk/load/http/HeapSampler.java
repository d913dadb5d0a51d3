package vn.signdesk.load.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples the used heap of the service's JVM while the load runs, with one {@code jstat -gc PID
 * 250} process reading the JVM's performance counters four times a second.
 *
 * <p>Implementation notes. Used heap is the sum of the survivor, eden and old-generation usage
 * columns ({@code S0U S1U EU OU}, in KB), found by name in jstat's header so that the column order
 * of another collector or JDK does not matter. One long-lived jstat costs a JVM start once instead
 * of one per sample, which matters on a machine whose cores the service needs. The peak since the
 * last {@link #resetPeak()} is what a phase reports; the run's overall peak is kept too. A sample
 * includes garbage not yet collected, so it is an upper bound of the live data.
 */
final class HeapSampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeapSampler.class);
    private static final List<String> USED_COLUMNS = List.of("S0U", "S1U", "EU", "OU");

    private final Process jstat;
    private final Thread reader;
    private final AtomicLong phasePeak = new AtomicLong(-1);
    private final AtomicLong overallPeak = new AtomicLong(-1);
    private final AtomicLong samples = new AtomicLong();

    private HeapSampler(Process jstat) {
        this.jstat = jstat;
        this.reader = new Thread(this::read, "heap-sampler");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts sampling the JVM of process {@code pid}. */
    static HeapSampler start(long pid) throws IOException {
        Process p = new ProcessBuilder("jstat", "-gc", Long.toString(pid), "250")
                .redirectErrorStream(true)
                .start();
        return new HeapSampler(p);
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

    private void read() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.US_ASCII))) {
            int[] columns = null;
            String line;
            while ((line = in.readLine()) != null) {
                String[] fields = line.trim().split("\\s+");
                if (columns == null) {
                    columns = columns(fields);
                    if (columns == null) {
                        LOG.warn("jstat: unexpected output '{}'", line);
                    }
                    continue;
                }
                if (fields[0].equals("S0C")) {
                    continue;
                }
                long bytes = usedBytes(fields, columns);
                if (bytes >= 0) {
                    samples.incrementAndGet();
                    phasePeak.accumulateAndGet(bytes, Math::max);
                    overallPeak.accumulateAndGet(bytes, Math::max);
                }
            }
        } catch (IOException e) {
            LOG.warn("jstat stopped: {}", e.toString());
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
        jstat.destroy();
        if (!jstat.waitFor(5, TimeUnit.SECONDS)) {
            jstat.destroyForcibly();
        }
        reader.join(5_000);
    }
}
