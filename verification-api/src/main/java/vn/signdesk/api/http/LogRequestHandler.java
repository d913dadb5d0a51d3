package vn.signdesk.api.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of every request: gives it a request id (also sent back as {@code X-Request-Id}
 * and put in problem bodies), and when the response ends logs one line at INFO and records the
 * request in the {@link ServiceMetrics}: id, method, route pattern, status, outcome, duration and
 * the role of the credential.
 *
 * <p>Implementation notes. An incoming {@code X-Request-Id} is kept when it is sane (1 to 64
 * letters, digits and {@code . _ : -}), so a request can be followed from the load balancer or the
 * channel through the service; anything else is replaced by a random id, which also keeps forged
 * line breaks out of the log. The line names the route pattern ({@link RoutePatterns}), not the raw
 * path, and never a header value, query string, key or document byte. Fields also travel as SLF4J
 * key-value pairs ({@code requestId}, {@code method}, {@code route}, {@code status}, {@code
 * outcome}, {@code durationMs}, {@code role}), which the JSON log format writes as fields.
 */
final class LogRequestHandler implements Handler<RoutingContext> {

    static final String REQUEST_ID = "signdesk.requestId";

    /** The header that carries the request id both ways. */
    static final String HEADER = "X-Request-Id";

    private static final Pattern SANE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Logger LOG = LoggerFactory.getLogger("vn.signdesk.api.http.requests");

    private final RoutePatterns routes;
    private final ServiceMetrics metrics;

    LogRequestHandler(RoutePatterns routes, ServiceMetrics metrics) {
        this.routes = routes;
        this.metrics = metrics;
    }

    @Override
    public void handle(RoutingContext ctx) {
        long start = System.nanoTime();
        String incoming = ctx.request().getHeader(HEADER);
        String id = incoming != null && SANE_ID.matcher(incoming).matches() ? incoming : newId();
        ctx.put(REQUEST_ID, id);
        ctx.response().putHeader(HEADER, id);
        String method = ctx.request().method().name();
        ctx.addEndHandler(done -> {
            try {
                logAndRecord(ctx, id, method, System.nanoTime() - start, done.succeeded());
            } catch (RuntimeException e) {
                // the response is already on its way: a fault here must not reach the connection
                LOG.warn("request {} could not be logged or measured", id, e);
            }
        });
        ctx.next();
    }

    private void logAndRecord(RoutingContext ctx, String id, String method, long nanos, boolean answered) {
        int status = answered ? ctx.response().getStatusCode() : 0;
        String problemType = ctx.get(ProblemHandler.PROBLEM_TYPE);
        String outcome = !answered ? "aborted" : problemType != null ? problemType : status >= 400 ? "error" : "ok";
        String route = routes.patternOf(ctx.request().method(), ctx.normalizedPath());
        String role = ctx.get(AuthenticateHandler.ROLE);
        long ms = nanos / 1_000_000;
        metrics.recordRequest(route, method, status, outcome, nanos);
        if (status >= 200 && status < 300 && ctx.get(ServiceMetrics.SIGNATURE) instanceof ServiceMetrics.Signature s) {
            metrics.countSignature(s);
        }
        LOG.atInfo()
                .addKeyValue("requestId", id)
                .addKeyValue("method", method)
                .addKeyValue("route", route)
                .addKeyValue("status", status)
                .addKeyValue("outcome", outcome)
                .addKeyValue("durationMs", ms)
                .addKeyValue("role", role == null ? "-" : role)
                .log(
                        "{} {} {} {} {} {} ms role={}",
                        id,
                        method,
                        route,
                        status == 0 ? "-" : status,
                        outcome,
                        ms,
                        role == null ? "-" : role);
    }

    /** The request id of a request that went through this handler, or "-". */
    static String requestId(RoutingContext ctx) {
        String id = ctx.get(REQUEST_ID);
        return id == null ? "-" : id;
    }

    /** Not a secret: only needs to be unique enough to find one request in the logs. */
    private static String newId() {
        long v = ThreadLocalRandom.current().nextLong();
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return HexFormat.of().formatHex(b);
    }
}
