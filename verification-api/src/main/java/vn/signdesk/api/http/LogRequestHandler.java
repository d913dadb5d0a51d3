package vn.signdesk.api.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every request: gives it a request id (the caller's {@code X-Request-Id} when
 * it is 8 to 64 letters, digits or {@code ._:-}, else a new one; sent back as {@code X-Request-Id}
 * and put in problem bodies and the audit trail) and logs one line at INFO when the response ends: id, method, path,
 * status and duration. The query string is left out of the line; document bytes never reach it.
 */
final class LogRequestHandler implements Handler<RoutingContext> {

    static final String REQUEST_ID = "signdesk.requestId";

    /** The request ids accepted from callers. */
    private static final Pattern CALLER_ID = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

    private static final Logger LOG = LoggerFactory.getLogger("vn.signdesk.api.http.requests");

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        // a caller's own id is kept so its logs and ours (and the audit trail) meet; anything that
        // could forge a log line or bloat a record is replaced. Ours is not a secret, only unique
        // enough to find one request in the logs
        String given = ctx.request().getHeader("X-Request-Id");
        String id = given != null && CALLER_ID.matcher(given).matches()
                ? given
                : HexFormat.of().formatHex(longBytes(ThreadLocalRandom.current().nextLong()));
        ctx.put(REQUEST_ID, id);
        ctx.response().putHeader("X-Request-Id", id);
        String method = ctx.request().method().name();
        String path = ctx.request().path();
        ctx.addEndHandler(done -> {
            long ms = (System.nanoTime() - start) / 1_000_000;
            String outcome = done.succeeded() ? Integer.toString(ctx.response().getStatusCode()) : "aborted";
            LOG.info("{} {} {} {} {} ms", id, method, path, outcome, ms);
        });
        ctx.next();
    }

    /** The request id of a request that went through this handler, or "-". */
    static String requestId(RoutingContext ctx) {
        String id = ctx.get(REQUEST_ID);
        return id == null ? "-" : id;
    }

    private static byte[] longBytes(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }
}
