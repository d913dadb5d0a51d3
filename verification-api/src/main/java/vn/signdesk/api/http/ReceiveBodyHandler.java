package vn.signdesk.api.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a request body of at most {@code maxBytes}: in memory up to {@code threshold} bytes, and
 * streamed into a file under the uploads directory beyond it, so a large upload waiting for a
 * worker holds disk, not heap. A body declared or streamed beyond {@code maxBytes} fails with 413
 * as soon as that is known, without reading the rest. The result is a {@link ReceivedBody} in the
 * context ({@link #body}); a spooled file is deleted when the request ends, whatever the outcome.
 *
 * <p>Implementation notes. The request may arrive paused (parameter validation pauses it) and is
 * resumed here. Writes to the file are asynchronous; when its write queue is full the request is
 * paused until it drains, so a fast client cannot fill the heap through a slow disk. Files are
 * created owner-only with a random name. Files left by a crash are removed at start-up
 * ({@link #prepare}).
 */
final class ReceiveBodyHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiveBodyHandler.class);
    private static final String BODY = "signdesk.receivedBody";
    private static final String SUFFIX = ".upload";

    private final Vertx vertx;
    private final Path dir;
    private final long maxBytes;
    private final long threshold;

    ReceiveBodyHandler(Vertx vertx, Path dir, long maxBytes, long threshold) {
        this.vertx = vertx;
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.threshold = threshold;
    }

    /** Creates the uploads directory and removes files a previous run left behind (blocking). */
    static void prepare(Path dir) {
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
                for (Path p : leftovers) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the uploads directory " + dir, e);
        }
    }

    /** The body read by this handler, or null when the route has none. */
    static ReceivedBody body(RoutingContext ctx) {
        return ctx.get(BODY);
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.put(ProblemHandler.BODY_LIMIT, maxBytes);
        HttpServerRequest request = ctx.request();
        String declared = request.getHeader("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBytes) {
                    ctx.fail(413);
                    return;
                }
            } catch (NumberFormatException e) {
                ctx.fail(400);
                return;
            }
        }
        if (request.isEnded()) {
            ctx.put(BODY, ReceivedBody.inMemory(Buffer.buffer()));
            ctx.next();
            return;
        }
        new Receiver(ctx).start();
    }

    /** The state of one body being received; every callback runs on the request's event loop. */
    private final class Receiver {

        private final RoutingContext ctx;
        private final HttpServerRequest request;
        private Buffer memory = Buffer.buffer();
        private long size;
        private Path path;
        private AsyncFile file;
        private boolean opening;
        private boolean ended;
        private boolean failed;

        Receiver(RoutingContext ctx) {
            this.ctx = ctx;
            this.request = ctx.request();
        }

        void start() {
            request.handler(this::chunk);
            request.endHandler(v -> end());
            request.exceptionHandler(this::abort);
            request.resume();
        }

        private void chunk(Buffer chunk) {
            if (failed) {
                return;
            }
            size += chunk.length();
            if (size > maxBytes) {
                failed = true;
                discard();
                ctx.fail(413);
                return;
            }
            if (file != null) {
                file.write(chunk);
                if (file.writeQueueFull()) {
                    request.pause();
                    file.drainHandler(v -> request.resume());
                }
                return;
            }
            memory.appendBuffer(chunk);
            if (size > threshold && !opening) {
                open();
            }
        }

        private void open() {
            opening = true;
            request.pause();
            path = dir.resolve(UUID.randomUUID() + SUFFIX);
            // whatever happens next, the file goes when the request does
            Path created = path;
            ctx.addEndHandler(
                    done -> vertx.fileSystem().delete(created.toString()).onFailure(e -> {
                        if (Files.exists(created)) {
                            LOG.warn("could not delete the spooled upload {}", created.getFileName());
                        }
                    }));
            vertx.fileSystem()
                    .open(
                            path.toString(),
                            new OpenOptions().setWrite(true).setCreateNew(true).setPerms("rw-------"))
                    .onComplete(opened -> {
                        if (opened.failed()) {
                            failed = true;
                            ctx.fail(opened.cause());
                            return;
                        }
                        if (failed) {
                            opened.result().close();
                            return;
                        }
                        file = opened.result();
                        file.write(memory);
                        memory = null;
                        if (ended) {
                            finish();
                        } else {
                            request.resume();
                        }
                    });
        }

        private void end() {
            if (failed) {
                return;
            }
            ended = true;
            if (opening && file == null) {
                return; // finish() when the file is open
            }
            finish();
        }

        private void finish() {
            if (file == null) {
                ctx.put(BODY, ReceivedBody.inMemory(memory));
                ctx.next();
                return;
            }
            long total = size;
            file.close().onComplete(closed -> {
                if (closed.failed()) {
                    ctx.fail(closed.cause());
                } else {
                    ctx.put(BODY, ReceivedBody.onDisk(path, total));
                    ctx.next();
                }
            });
        }

        private void abort(Throwable e) {
            if (!failed) {
                failed = true;
                discard();
                LOG.debug("request body aborted: {}", e.toString());
                if (!ctx.response().ended() && !ctx.failed()) {
                    ctx.fail(HttpProblem.badRequest("the request body was not received whole"));
                }
            }
        }

        private void discard() {
            memory = null;
            if (file != null) {
                file.close();
            }
        }
    }
}
