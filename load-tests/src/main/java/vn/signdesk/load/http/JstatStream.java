package vn.signdesk.load.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-lived {@code jstat -OPTION PID INTERVAL} process whose lines, split into fields, go to a
 * consumer on a daemon thread: the header line first, then one line per sample (jstat repeats the
 * header now and then; the consumer sees it again).
 *
 * <p>Implementation notes. One jstat costs a JVM start once instead of one per sample, which
 * matters on a machine whose cores the service needs. jstat reads the JVM's performance counters
 * from shared memory; it does not stop or slow the service.
 */
final class JstatStream implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JstatStream.class);

    private final Process jstat;
    private final Thread reader;

    private JstatStream(Process jstat, String name, Consumer<String[]> lines) {
        this.jstat = jstat;
        this.reader = new Thread(() -> read(lines), name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code jstat -option pid intervalMillis}, feeding {@code lines} on a thread named {@code name}. */
    static JstatStream start(long pid, String option, int intervalMillis, String name, Consumer<String[]> lines)
            throws IOException {
        Process p = new ProcessBuilder("jstat", option, Long.toString(pid), Integer.toString(intervalMillis))
                .redirectErrorStream(true)
                .start();
        return new JstatStream(p, name, lines);
    }

    private void read(Consumer<String[]> lines) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(jstat.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.accept(line.trim().split("\\s+"));
            }
        } catch (IOException e) {
            LOG.warn("jstat stopped: {}", e.toString());
        }
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
