package vn.signdesk.api.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The {@link JobFiles} of one node: {@code DATA_DIR/jobs/<id>/<name>}, beside the embedded SQLite
 * database.
 *
 * <p>Implementation notes. A file is written to a temporary file in the job's directory, forced to
 * disk, then moved over the old one ({@code ATOMIC_MOVE}): a reader never sees a part, and a crash
 * leaves the old file or the new one. Ids and names are checked before they reach a path.
 */
public final class DirectoryJobFiles implements JobFiles {

    private final Path root;
    private final long maxFileBytes;

    /** The job files under {@code DATA_DIR/jobs}. */
    public DirectoryJobFiles(Path dataDir, long maxFileBytes) {
        this.root = dataDir.toAbsolutePath().normalize().resolve("jobs");
        this.maxFileBytes = maxFileBytes;
    }

    @Override
    public long maxFileBytes() {
        return maxFileBytes;
    }

    @Override
    public void write(String jobId, String name, byte[] content) {
        JobFiles.check(jobId, name, content.length, maxFileBytes);
        try {
            Path dir = Files.createDirectories(root.resolve(jobId));
            Path tmp = Files.createTempFile(dir, ".part", ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) {
                        ch.write(buffer);
                    }
                    ch.force(true);
                }
                Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new StoreException("cannot write the file '" + name + "' of job " + jobId, e);
        }
    }

    @Override
    public Optional<byte[]> read(String jobId, String name) {
        JobFiles.check(jobId, name, 0, maxFileBytes);
        try {
            return Optional.of(Files.readAllBytes(root.resolve(jobId).resolve(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StoreException("cannot read the file '" + name + "' of job " + jobId, e);
        }
    }
}
