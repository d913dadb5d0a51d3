package vn.signdesk.api.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.signing.SignDeskException;

/**
 * The one failure handler of the service: turns every failure into an RFC 9457
 * {@code application/problem+json} response with a stable type URI
 * ({@value #TYPE_BASE}{@code <kind>}), and logs it once.
 *
 * <p>Implementation notes. Three kinds of failure arrive here: a {@link SignDeskException} of the
 * core (mapped by its {@code kind()}), an {@link HttpProblem} raised by the edge, and a bare status
 * set by Vert.x Web (404/405 for unmatched routes, 413 from the body handler, 400 for a malformed
 * request). Anything else is an unexpected fault: a generic 500. The detail of a 5xx never repeats
 * an exception message, since library messages may name files, aliases or internal state; it gives
 * the request id instead, and the cause goes to the log at ERROR with that id. 4xx are logged at
 * DEBUG without stack, and so are the edge's own 503s (a full pool sheds load, which is no fault).
 * Core messages are written for a person and free of secrets ({@link SignDeskException}), so 4xx and
 * 503 details repeat them. On an audited route the problem is recorded in the audit trail before it is
 * sent ({@link RecordAuditHandler}).
 */
final class ProblemHandler implements Handler<RoutingContext> {

    /** The prefix of every problem type URI. */
    static final String TYPE_BASE = "https://signdesk.vn/problems/";

    static final String PROBLEM_JSON = "application/problem+json";

    /** The problem type of the answer, put in the context for the request's log line and metrics. */
    static final String PROBLEM_TYPE = "signdesk.problemType";

    /** The body limit of the route, put in the context so a 413 can say what it is. */
    static final String BODY_LIMIT = "signdesk.bodyLimit";

    private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

    @Override
    public void handle(RoutingContext ctx) {
        String requestId = LogRequestHandler.requestId(ctx);
        Throwable failure = ctx.failure();
        HttpProblem problem = toProblem(failure, ctx.statusCode(), requestId, ctx.get(BODY_LIMIT));
        ctx.put(PROBLEM_TYPE, problem.type());
        // the edge's own 503s (busy pool, still starting) are backpressure, not faults: under load
        // there are thousands, and the request line already records each
        boolean shedding = problem == failure && problem.status() == 503;
        if (problem.status() >= 500 && !shedding) {
            LOG.error(
                    "request {} {} {} failed with {}",
                    requestId,
                    ctx.request().method(),
                    ctx.request().path(),
                    problem.status(),
                    problem == failure ? null : failure);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("request {} answered {} {}: {}", requestId, problem.status(), problem.type(), problem.detail());
        }
        if (ctx.response().headWritten()) {
            // too late for a problem body: the client must not take a truncated response for a whole one
            ctx.response().reset();
            return;
        }
        // the failure goes into the audit trail before it is answered; if it cannot, say so instead
        RecordAuditHandler.recordProblem(ctx, problem).onComplete(recorded -> {
            if (ctx.response().ended() || ctx.response().closed()) {
                return;
            }
            send(ctx, recorded.succeeded() ? problem : (HttpProblem) recorded.cause(), requestId);
        });
    }

    private static void send(RoutingContext ctx, HttpProblem problem, String requestId) {
        JsonObject body = new JsonObject()
                .put("type", TYPE_BASE + problem.type())
                .put("title", problem.title())
                .put("status", problem.status())
                .put("detail", problem.detail())
                .put("requestId", requestId);
        problem.members().forEach(body::put);
        HttpServerResponse response =
                ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", PROBLEM_JSON);
        problem.headers().forEach(response::putHeader);
        // refused before its body was read (401, 403, 413, 415 on an upload): the rest of the body
        // is still on its way, and reading up to 100 MiB only to find the next request is a gift to
        // the client that was just refused; close the connection after the answer instead
        boolean bodyPending = !ctx.request().isEnded();
        if (bodyPending && ctx.request().version() != HttpVersion.HTTP_2) {
            response.putHeader("Connection", "close");
        }
        response.end(body.encode()).onComplete(sent -> {
            if (bodyPending) {
                if (ctx.request().version() == HttpVersion.HTTP_2) {
                    response.reset();
                } else {
                    ctx.request().connection().close();
                }
            }
        });
    }

    static HttpProblem toProblem(Throwable failure, int status, String requestId, Long bodyLimitOrNull) {
        if (failure instanceof HttpProblem p) {
            return p;
        }
        if (failure instanceof SignDeskException e) {
            return fromCore(e, requestId);
        }
        return switch (failure == null ? status : 500) {
            case 400 -> HttpProblem.badRequest("the request could not be read");
            case 404 -> new HttpProblem(404, "not-found", "Not found", "there is nothing at this path");
            case 405 ->
                new HttpProblem(
                        405, "method-not-allowed", "Method not allowed", "this path does not accept that method");
            case 413 ->
                new HttpProblem(
                        413,
                        "payload-too-large",
                        "Payload too large",
                        bodyLimitOrNull == null
                                ? "the request body is too large"
                                : "the request body is larger than the " + bodyLimitOrNull
                                        + " bytes this route accepts");
            case 415 ->
                new HttpProblem(
                        415,
                        "unsupported-media-type",
                        "Unsupported media type",
                        "this route does not accept that content type");
            default -> internalError(requestId);
        };
    }

    private static HttpProblem fromCore(SignDeskException e, String requestId) {
        return switch (e.kind()) {
            // application/pdf that is not a readable PDF: the body is malformed for its media type
            case "invalid-document" ->
                new HttpProblem(400, e.kind(), "The document is not a usable PDF", e.getMessage());
            case "unsupported-document" ->
                new HttpProblem(422, e.kind(), "The document cannot be processed as asked", e.getMessage());
            // a decompression bomb, too many objects, a reference loop: refused before it is parsed
            case "document-too-complex" ->
                new HttpProblem(422, e.kind(), "The document is too complex to read safely", e.getMessage());
            case "invalid-request" -> new HttpProblem(400, e.kind(), "The request is not valid", e.getMessage());
            // a key that cannot be opened is the service's fault, and usually passes (a token re-inserted)
            case "key-unavailable" ->
                HttpProblem.unavailable(e.kind(), "The signing key is not available", e.getMessage(), 30);
            case "timestamp-unavailable" ->
                HttpProblem.unavailable(e.kind(), "No timestamp could be obtained", e.getMessage(), 10);
            // Decree 23/2025/ND-CP, Art. 15: the profile may not sign until its certificate is renewed,
            // reinstated or its status can be had again; nothing was signed
            case "signing-certificate-revoked" ->
                HttpProblem.unavailable(e.kind(), "The signing certificate is revoked", e.getMessage(), 300);
            case "signing-certificate-expired" ->
                HttpProblem.unavailable(
                        e.kind(), "The signing certificate is outside its validity", e.getMessage(), 300);
            case "signing-certificate-status-unavailable" ->
                HttpProblem.unavailable(
                        e.kind(), "The signing certificate's status cannot be checked", e.getMessage(), 30);
            case "signing-failed" ->
                new HttpProblem(
                        500,
                        e.kind(),
                        "Signing failed",
                        "the document could not be signed; quote request id " + requestId + " to the operator");
            default -> internalError(requestId);
        };
    }

    private static HttpProblem internalError(String requestId) {
        return new HttpProblem(
                500,
                "internal-error",
                "Internal error",
                "the service failed to answer; quote request id " + requestId + " to the operator");
    }
}
