package vn.signdesk.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of every {@link JobFiles}, run on each implementation by a subclass that opens it on
 * a fresh store with a small size bound: round trips, replacement, absence, the bound, crafted names.
 */
abstract class JobFilesContract {

    /** The bound the subclasses open their files with. */
    static final long MAX = 64 * 1024;

    static final String JOB = "0123456789abcdef0123456789abcdef";
    static final String OTHER_JOB = "fedcba9876543210fedcba9876543210";

    JobFiles files;

    /** Opens the job files of a fresh store, each file at most {@link #MAX} bytes. */
    abstract JobFiles open() throws Exception;

    /** Closes what {@link #open()} opened. */
    abstract void close() throws Exception;

    @BeforeEach
    void openFiles() throws Exception {
        files = open();
    }

    @AfterEach
    void closeFiles() throws Exception {
        close();
    }

    @Test
    void write_thenRead_givesTheSameBytes() {
        byte[] content = new byte[40_000];
        new java.util.Random(7).nextBytes(content);

        files.write(JOB, "input", content);

        assertThat(files.read(JOB, "input"))
                .hasValueSatisfying(read -> assertThat(read).isEqualTo(content));
        assertThat(files.maxFileBytes()).isEqualTo(MAX);
    }

    @Test
    void write_sameNameAgain_replacesTheFile() {
        files.write(JOB, "text.txt", "first".getBytes(StandardCharsets.UTF_8));
        files.write(JOB, "text.txt", "second, longer".getBytes(StandardCharsets.UTF_8));

        assertThat(new String(files.read(JOB, "text.txt").orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo("second, longer");
    }

    @Test
    void read_missingFileOrJob_isEmpty() {
        files.write(JOB, "input", new byte[] {1});

        assertThat(files.read(JOB, "searchable.pdf")).isEmpty();
        assertThat(files.read(OTHER_JOB, "input")).isEmpty();
    }

    @Test
    void write_emptyFile_isKept() {
        files.write(JOB, "empty", new byte[0]);

        assertThat(files.read(JOB, "empty"))
                .hasValueSatisfying(read -> assertThat(read).isEmpty());
    }

    @Test
    void write_overTheBound_isRefusedSayingSoAndKeepsTheOldFile() {
        files.write(JOB, "input", new byte[] {1, 2, 3});

        assertThatThrownBy(() -> files.write(JOB, "input", new byte[(int) MAX + 1]))
                .isInstanceOf(StoreException.class)
                .hasMessage("the file 'input' of job " + JOB + " is " + (MAX + 1) + " bytes; a job file holds at most "
                        + MAX + " bytes");
        assertThat(files.read(JOB, "input"))
                .hasValueSatisfying(read -> assertThat(read).containsExactly(1, 2, 3));
        files.write(JOB, "input", new byte[(int) MAX]);
        assertThat(files.read(JOB, "input").orElseThrow())
                .as("a file at the bound is kept")
                .hasSize((int) MAX);
    }

    @Test
    void writeOrRead_craftedIdOrName_isRefused() {
        assertThatThrownBy(() -> files.write("../../etc", "input", new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.write(JOB.toUpperCase(java.util.Locale.ROOT), "input", new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.write(JOB, "../input", new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.write(JOB, ".hidden", new byte[1])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.read(JOB, "a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.read(null, "input")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void write_manyThreadsOnOneFile_aReaderSeesOneWholeVersion() throws Exception {
        byte[] a = new byte[50_000];
        byte[] b = new byte[30_000];
        java.util.Arrays.fill(a, (byte) 'a');
        java.util.Arrays.fill(b, (byte) 'b');
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                byte[] mine = t % 2 == 0 ? a : b;
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        files.write(JOB, "out.pdf", mine);
                        byte[] read = files.read(JOB, "out.pdf").orElseThrow();
                        assertThat(read).satisfiesAnyOf(r -> assertThat(r).isEqualTo(a), r -> assertThat(r)
                                .isEqualTo(b));
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
