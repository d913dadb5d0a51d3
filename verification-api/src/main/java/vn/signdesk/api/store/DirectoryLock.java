package vn.signdesk.api.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A lock on a directory shared by every process and thread that takes it, for creating files there
 * once: nodes started together on one data directory must not each create demo credentials or a
 * token key of their own (the last rename would win, and the others would run with keys the file
 * no longer holds).
 *
 * <p>Implementation notes. The lock is an exclusive {@link FileLock} on {@code DIR/.NAME.lock},
 * which the operating system releases when the process dies, so a crash never leaves it held. File
 * locks belong to the process (a second lock of the same file in one JVM throws), so threads of one
 * JVM first take a monitor per lock file.
 */
public final class DirectoryLock {

    private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

    /** The work done under the lock. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws IOException;
    }

    private DirectoryLock() {}

    /**
     * Runs {@code work} holding the lock {@code name} of {@code dir} (created if missing), waiting
     * for another holder to finish.
     */
    public static <T> T holding(Path dir, String name, Work<T> work) throws IOException {
        Path file = dir.toAbsolutePath().normalize().resolve("." + name + ".lock");
        synchronized (MONITORS.computeIfAbsent(file, f -> new Object())) {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                return work.run();
            }
        }
    }
}
