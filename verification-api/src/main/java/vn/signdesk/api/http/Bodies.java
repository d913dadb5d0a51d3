package vn.signdesk.api.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Locale;

/** Route handlers that check a request body before it is read: its media type and its size. */
final class Bodies {

    private Bodies() {}

    /** Fails with 415 unless the Content-Type is the given media type (parameters ignored). */
    static Handler<RoutingContext> requireContentType(String mediaType) {
        return ctx -> {
            String header = ctx.request().getHeader("Content-Type");
            String actual = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (actual.equals(mediaType)) {
                ctx.next();
            } else {
                ctx.fail(HttpProblem.unsupportedMediaType(mediaType));
            }
        };
    }

    /**
     * Reads the body into memory up to {@code maxBytes}; a larger body (declared or streamed) fails
     * with 413 without being read further.
     */
    static Handler<RoutingContext> readUpTo(long maxBytes) {
        // uploads off: no multipart temporary files, the body stays a buffer
        BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBytes);
        return ctx -> {
            ctx.put(ProblemHandler.BODY_LIMIT, maxBytes);
            body.handle(ctx);
        };
    }

    /**
     * The body read by a {@link ReceiveBodyHandler} or by {@link #readUpTo}; its content may be on
     * disk, so read it on the crypto pool.
     */
    static ReceivedBody received(RoutingContext ctx) {
        ReceivedBody spooled = ReceiveBodyHandler.body(ctx);
        return spooled != null
                ? spooled
                : ReceivedBody.inMemory(
                        ctx.body() == null || ctx.body().buffer() == null
                                ? io.vertx.core.buffer.Buffer.buffer()
                                : ctx.body().buffer());
    }

    /** The body read by {@link #readUpTo}, as bytes; empty when there was none. */
    static byte[] bytes(RoutingContext ctx) {
        return ctx.body() == null || ctx.body().buffer() == null
                ? new byte[0]
                : ctx.body().buffer().getBytes();
    }
}
