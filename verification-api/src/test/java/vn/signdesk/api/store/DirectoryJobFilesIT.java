package vn.signdesk.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DirectoryJobFiles} in a real data directory: the {@link JobFilesContract}, then where the files go. */
class DirectoryJobFilesIT extends JobFilesContract {

    @TempDir
    Path dataDir;

    @Override
    JobFiles open() {
        return new DirectoryJobFiles(dataDir, MAX);
    }

    @Override
    void close() {}

    @Test
    void write_ofAnIssuedId_landsUnderDataDirJobsWithNoTemporaryLeft() throws Exception {
        files.write(JOB, "input", new byte[] {42});

        Path dir = dataDir.toAbsolutePath().normalize().resolve("jobs").resolve(JOB);
        assertThat(dir.resolve("input")).hasBinaryContent(new byte[] {42});
        try (var listed = Files.list(dir)) {
            assertThat(listed).containsExactly(dir.resolve("input"));
        }
    }

    @Test
    void write_ofACraftedId_createsNothing() {
        assertThatThrownBy(() -> files.write("../../etc", "input", new byte[1]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.exists(dataDir.resolve("jobs"))).isFalse();
    }
}
