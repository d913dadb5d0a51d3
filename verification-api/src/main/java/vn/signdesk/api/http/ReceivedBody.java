package vn.signdesk.api.http;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A request body as {@link ReceiveBodyHandler} received it: in memory when small, in a file under
 * {@code DATA_DIR/uploads} when large. The file is deleted when the request ends.
 *
 * <p>{@link #bytes()} and {@link #buffer()} read the file: call them on the crypto pool, never on
 * the event loop.
 */
final class ReceivedBody {

    private final Buffer memoryOrNull;
    private final Path fileOrNull;
    private final long size;

    private ReceivedBody(Buffer memoryOrNull, Path fileOrNull, long size) {
        this.memoryOrNull = memoryOrNull;
        this.fileOrNull = fileOrNull;
        this.size = size;
    }

    static ReceivedBody inMemory(Buffer buffer) {
        return new ReceivedBody(buffer, null, buffer.length());
    }

    static ReceivedBody onDisk(Path file, long size) {
        return new ReceivedBody(null, file, size);
    }

    /** The body's length in bytes. */
    long size() {
        return size;
    }

    /** Whether the body was spooled to disk. */
    boolean onDisk() {
        return fileOrNull != null;
    }

    /** The body as bytes; reads the file when spooled (blocking). */
    byte[] bytes() {
        if (memoryOrNull != null) {
            return memoryOrNull.getBytes();
        }
        try {
            return Files.readAllBytes(fileOrNull);
        } catch (IOException e) {
            throw new UncheckedIOException("the spooled request body cannot be read", e);
        }
    }

    /** The body as a buffer; reads the file when spooled (blocking). */
    Buffer buffer() {
        return memoryOrNull != null ? memoryOrNull : Buffer.buffer(bytes());
    }
}
