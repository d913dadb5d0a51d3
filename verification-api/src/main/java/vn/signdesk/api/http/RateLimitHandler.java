package vn.signdesk.api.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import vn.signdesk.api.HttpLimits;

/**
 * Limits the request rate of each credential on {@code /v1/*} with a token bucket per credential
 * ({@link HttpLimits#ratePerSecond()} refill, {@link HttpLimits#burst()} capacity); a request over
 * the limit fails with a 429 problem of type {@code rate-limited} and a {@code Retry-After} that
 * says when the next one will pass.
 *
 * <p>Implementation notes. Runs after authentication, so only known credentials get a bucket and
 * the map is bounded by their number. A credential is identified by what an authentication
 * handler put under {@link #CREDENTIAL} (e.g. a client certificate's fingerprint), else by a hash
 * of the bearer key (the key itself is never kept), else by the role. Buckets are shared by every
 * event loop; each is a few arithmetic operations under its own lock.
 */
final class RateLimitHandler implements Handler<RoutingContext> {

    /** Context key under which an authentication handler may name the credential. */
    static final String CREDENTIAL = "signdesk.credential";

    private final HttpLimits limits;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    RateLimitHandler(HttpLimits limits) {
        this(limits, System::nanoTime);
    }

    RateLimitHandler(HttpLimits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String credential = credential(ctx);
        TokenBucket bucket = buckets.computeIfAbsent(
                credential, k -> new TokenBucket(limits.ratePerSecond(), limits.burst(), nanoTime.getAsLong()));
        long waitNanos = bucket.tryTake(nanoTime.getAsLong());
        if (waitNanos == 0) {
            ctx.next();
            return;
        }
        long retryAfter = Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        ctx.fail(new HttpProblem(
                429,
                "rate-limited",
                "Too many requests",
                "this credential may make " + format(limits.ratePerSecond()) + " requests per second (bursts of "
                        + limits.burst() + "); retry after " + retryAfter + " s",
                Map.of("Retry-After", Long.toString(retryAfter))));
    }

    private static String credential(RoutingContext ctx) {
        String named = ctx.get(CREDENTIAL);
        if (named != null) {
            return named;
        }
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization != null) {
            return "key:" + sha256Hex(authorization.trim());
        }
        return "role:" + AuthenticateHandler.role(ctx);
    }

    private static String format(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A token bucket: {@code capacity} tokens, refilled at {@code ratePerSecond}, one per request. */
    static final class TokenBucket {

        private final double tokensPerNano;
        private final double capacity;
        private double tokens;
        private long lastNanos;

        TokenBucket(double ratePerSecond, int capacity, long nowNanos) {
            this.tokensPerNano = ratePerSecond / TimeUnit.SECONDS.toNanos(1);
            this.capacity = capacity;
            this.tokens = capacity;
            this.lastNanos = nowNanos;
        }

        /** Takes a token: 0 when one was there, else the nanoseconds until one will be. */
        synchronized long tryTake(long nowNanos) {
            long elapsed = Math.max(0, nowNanos - lastNanos);
            tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
            lastNanos = nowNanos;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / tokensPerNano));
        }
    }
}
