package vn.signdesk.api.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * The {@link SharedSecrets} of the nodes sharing one data directory: each secret is the file
 * {@code DATA_DIR/NAME}, mode 0600, created under a {@link DirectoryLock} so that processes
 * starting together create it once.
 *
 * <p>Implementation notes. A new secret is written to a temporary file that is owner-only from the
 * start, forced to disk and renamed into place, so a crash never leaves a partial secret and no
 * other user can ever read it. An empty file (left by a tool, say) counts as missing.
 */
public final class DirectorySecrets implements SharedSecrets {

    private final Path dir;

    /** The secrets in {@code dataDir}. */
    public DirectorySecrets(Path dataDir) {
        this.dir = dataDir.toAbsolutePath().normalize();
    }

    @Override
    public byte[] getOrCreate(String name, Supplier<byte[]> create) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a secret name: " + name);
        }
        Path file = dir.resolve(name);
        try {
            return DirectoryLock.holding(dir, "secrets", () -> {
                if (Files.isRegularFile(file) && Files.size(file) > 0) {
                    return Files.readAllBytes(file);
                }
                byte[] secret = create.get();
                write(file, secret);
                return secret;
            });
        } catch (IOException e) {
            throw new StoreException("cannot read or create the secret " + file, e);
        }
    }

    private void write(Path file, byte[] secret) throws IOException {
        Path tmp = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(
                        dir,
                        ".secret",
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".secret", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(secret);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
