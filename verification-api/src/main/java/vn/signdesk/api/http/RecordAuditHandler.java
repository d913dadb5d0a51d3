package vn.signdesk.api.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.api.store.AuditEvent;
import vn.signdesk.api.store.AuditLog;

/**
 * Puts every request of an audited route ({@code /v1/*} and {@code /tsa}) in the audit trail, and
 * holds its answer back until the record is durable: the one place where audit records are made.
 *
 * <p>It runs first on those routes and notes when the request arrived; the answer goes out through
 * {@link #end} (success) or {@link ProblemHandler} (every failure, 401 and 404 included), and both
 * append the record and send only when its future completes. When the record cannot be written,
 * the operation's result is withheld and the client gets a 503 {@code audit-unavailable} problem
 * instead: nothing leaves the service that the trail does not show.
 *
 * <p>What a record holds ({@link AuditEvent}): the request id, the credential's role and key id
 * (never the key; {@code anonymous} on {@code /tsa} and for a refused key), {@code METHOD path},
 * the SHA-256 of the document (the body of an {@code application/pdf} request, or what a handler
 * reports with {@link #documentOf}), the {@code profile} query parameter, the status and {@code ok}
 * or the problem type, and the time until the answer was ready.
 *
 * <p>{@code /tsa} answers are recorded too (role {@code anonymous}, no document hash): each is a
 * token signed with the service's TSA key, and the trail is where an operator finds out what was
 * signed and when. Group commit makes this cheap; what it costs is the wait for the commit.
 *
 * <p>Implementation notes. The document hash is computed on the event loop only for bodies up to
 * {@link #INLINE_DIGEST_BYTES}; a larger one is hashed on a worker thread, so a 100 MiB upload
 * never stalls the loop. Free-form values (path, profile) are cut to {@link #MAX_TEXT} characters so
 * a crafted request cannot bloat the trail.
 */
final class RecordAuditHandler implements Handler<RoutingContext> {

    /** Bodies up to this size are hashed in place: tens of microseconds. */
    static final int INLINE_DIGEST_BYTES = 64 * 1024;

    static final int MAX_TEXT = 128;

    private static final String STATE = "signdesk.audit";

    private static final Logger LOG = LoggerFactory.getLogger(RecordAuditHandler.class);

    private final AuditLog log;
    private final Clock clock;

    RecordAuditHandler(AuditLog log, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What the audit knows of one request; written on the event loop, except the document hash. */
    private static final class Pending {
        final RecordAuditHandler owner;
        final Instant at;
        final long startNanos;
        volatile String documentSha256;
        boolean recorded;

        Pending(RecordAuditHandler owner, Instant at, long startNanos) {
            this.owner = owner;
            this.at = at;
            this.startNanos = startNanos;
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.put(STATE, new Pending(this, clock.instant(), System.nanoTime()));
        ctx.next();
    }

    /**
     * Answers {@code 202 {"id"}} with {@code Location: location + id}, for a job that was accepted,
     * once the request is recorded (see {@link #end}).
     */
    static void accepted(RoutingContext ctx, String location, String id) {
        ctx.response()
                .setStatusCode(202)
                .putHeader("Content-Type", "application/json")
                .putHeader("Location", location + id);
        end(ctx, new io.vertx.core.json.JsonObject().put("id", id).toBuffer());
    }

    /**
     * Sends a successful answer (status and headers already set) once its audit record is durable;
     * on a route without audit, at once.
     */
    static void end(RoutingContext ctx, Buffer body) {
        Pending p = ctx.get(STATE);
        if (p == null) {
            ctx.response().end(body);
            return;
        }
        record(ctx, ctx.response().getStatusCode(), "ok").onComplete(done -> {
            if (done.succeeded()) {
                ctx.response().end(body);
            } else {
                ctx.fail(unavailable());
            }
        });
    }

    /**
     * Records a failure answer for {@link ProblemHandler}: completes when the record is durable,
     * fails (with the 503 problem to send instead) when it cannot be written, and completes at once
     * on a route without audit or when the request was already recorded.
     */
    static Future<Void> recordProblem(RoutingContext ctx, HttpProblem problem) {
        Pending p = ctx.get(STATE);
        if (p == null || p.recorded) {
            return Future.succeededFuture();
        }
        return record(ctx, problem.status(), problem.type()).recover(e -> {
            // the 503 sent instead is not logged by ProblemHandler: this is its one line
            LOG.error(
                    "request {} answered 503: its {} could not be recorded in the audit trail: {}",
                    LogRequestHandler.requestId(ctx),
                    problem.status(),
                    e.getMessage());
            return Future.failedFuture(unavailable());
        });
    }

    /**
     * Where a handler reports the document a request carries inside its body (two-step signing's
     * JSON): take it on the event loop, call it from any thread before the answer is sent.
     */
    static Consumer<byte[]> documentOf(RoutingContext ctx) {
        Pending p = ctx.get(STATE);
        return p == null ? document -> {} : document -> p.documentSha256 = sha256Hex(document);
    }

    private static Future<Void> record(RoutingContext ctx, int status, String outcome) {
        Pending p = ctx.get(STATE);
        p.recorded = true;
        return documentDigest(ctx, p).compose(sha -> {
            String role = AuthenticateHandler.role(ctx);
            AuditEvent event = new AuditEvent(
                    p.at,
                    LogRequestHandler.requestId(ctx),
                    role == null ? "anonymous" : role,
                    AuthenticateHandler.keyId(ctx),
                    cut(ctx.request().method().name() + " " + ctx.normalizedPath()),
                    sha,
                    profile(ctx),
                    status,
                    outcome,
                    (System.nanoTime() - p.startNanos) / 1_000_000);
            return Future.fromCompletionStage(
                            p.owner.log.append(event), ctx.vertx().getOrCreateContext())
                    .mapEmpty();
        });
    }

    /** The hash a handler reported, else that of an {@code application/pdf} body, else null. */
    private static Future<String> documentDigest(RoutingContext ctx, Pending p) {
        if (p.documentSha256 != null) {
            return Future.succeededFuture(p.documentSha256);
        }
        String type = ctx.request().getHeader("Content-Type");
        boolean pdf = type != null
                && type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT).equals(SignDocumentHandler.PDF);
        if (!pdf) {
            return Future.succeededFuture(null);
        }
        // the document routes receive through ReceiveBodyHandler: in memory, or spooled to a file
        // that lives until the request ends, so it can still be read here
        ReceivedBody received = ReceiveBodyHandler.body(ctx);
        if (received != null && received.onDisk()) {
            return ctx.vertx().executeBlocking(() -> sha256Hex(received.bytes()), false);
        }
        Buffer body = received != null
                ? received.buffer()
                : ctx.body() == null ? null : ctx.body().buffer();
        if (body == null || body.length() == 0) {
            return Future.succeededFuture(null);
        }
        if (body.length() <= INLINE_DIGEST_BYTES) {
            return Future.succeededFuture(sha256Hex(body.getBytes()));
        }
        return ctx.vertx().executeBlocking(() -> sha256Hex(body.getBytes()), false);
    }

    private static String profile(RoutingContext ctx) {
        List<String> values = ctx.queryParam("profile");
        return values.isEmpty() || values.get(0).isBlank()
                ? null
                : cut(values.get(0).trim());
    }

    private static String cut(String s) {
        return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT);
    }

    private static HttpProblem unavailable() {
        return HttpProblem.unavailable(
                "audit-unavailable",
                "The audit trail cannot record the operation",
                "the operation could not be recorded in the audit trail, so its result is withheld; retry shortly",
                5);
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
