package vn.signdesk.api.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import vn.signdesk.signing.revocation.CacheStats;
import vn.signdesk.signing.revocation.CertificateChecks;

/**
 * The service's metrics, in a Micrometer Prometheus registry scraped at {@code GET /metrics}: HTTP
 * requests by route pattern and outcome, the crypto pool, the certificate-check caches, signatures
 * by profile and level, and the JVM basics.
 *
 * <p>Implementation notes. Plain Micrometer rather than vertx-micrometer-metrics: the request timer
 * is recorded by {@link LogRequestHandler} at the same moment and with the same route pattern,
 * status and problem type as the request's log line, which Vert.x's own HTTP metrics cannot label
 * (they know neither the problem type nor, without extra set-up, the route), and the Vert.x
 * instance needs no metrics options at creation. Label values are bounded: route patterns of the
 * router (or {@code unmatched}), status classes, problem types, known HTTP methods, profile names.
 * The certificate-check counters are read from the core's counters when scraped; until the
 * signing runtime is built they read 0.
 */
final class ServiceMetrics implements AutoCloseable {

    /** The content type of the Prometheus text exposition format 0.0.4. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** A successful signature of a request, put in the context by the signing handler. */
    record Signature(String profile, String level) {}

    /** The context key of a {@link Signature}. */
    static final String SIGNATURE = "signdesk.signature";

    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");

    /** Buckets from a cached verification (ms) to a large B-LTA signature (tens of seconds). */
    private static final Duration[] BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofMillis(2500),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** Micrometer holds the objects of gauges and function counters weakly: these must outlive them. */
    private final List<Object> measured = new ArrayList<>();

    ServiceMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Gauges of the crypto pool: tasks waiting for a worker, workers busy, and the limits. */
    void bindCryptoPool(CryptoPool pool) {
        measured.add(pool);
        Gauge.builder("signdesk.crypto.pool.queued", pool, CryptoPool::queued)
                .description("tasks accepted by the crypto pool and waiting for a worker")
                .register(registry);
        Gauge.builder("signdesk.crypto.pool.active", pool, CryptoPool::active)
                .description("crypto pool workers running a task")
                .register(registry);
        Gauge.builder("signdesk.crypto.pool.threads", pool, CryptoPool::threads)
                .description("crypto pool workers")
                .register(registry);
        Gauge.builder("signdesk.crypto.pool.max.pending", pool, CryptoPool::maxPending)
                .description("tasks the crypto pool accepts before it answers 503")
                .register(registry);
    }

    /**
     * Counters and a hit-ratio gauge for each certificate-check cache (ocsp, crl, aia).
     *
     * @param statsOrNull the current counters, or null while there is no runtime yet
     */
    void bindCertificateChecks(Supplier<CertificateChecks.Stats> statsOrNull) {
        bindCache("ocsp", () -> cache(statsOrNull, CertificateChecks.Stats::ocsp));
        bindCache("crl", () -> cache(statsOrNull, CertificateChecks.Stats::crl));
        bindCache("aia", () -> cache(statsOrNull, CertificateChecks.Stats::aia));
    }

    private void bindCache(String name, Supplier<CacheStats> stats) {
        measured.add(stats);
        Tags tags = Tags.of("cache", name);
        counter("hits", "answers served fresh from the cache", tags, stats, CacheStats::hits);
        counter("stale.hits", "stale answers served while the responder fails", tags, stats, CacheStats::staleHits);
        counter("negative.hits", "requests answered from a remembered failure", tags, stats, CacheStats::negativeHits);
        counter("misses", "requests that had to wait for a fetch", tags, stats, CacheStats::misses);
        counter("loads", "fetches that succeeded", tags, stats, CacheStats::loads);
        counter("load.failures", "fetches that failed", tags, stats, CacheStats::loadFailures);
        counter("evictions", "entries removed for age or size", tags, stats, CacheStats::evictions);
        Gauge.builder("signdesk.certificate.check.cache.size", stats, s -> s.get()
                        .size())
                .description("entries held by the certificate-check cache")
                .tags(tags)
                .register(registry);
        Gauge.builder("signdesk.certificate.check.cache.hit.ratio", stats, s -> hitRatio(s.get()))
                .description("share of lookups answered from the cache (fresh or stale) since start")
                .tags(tags)
                .register(registry);
    }

    private void counter(
            String name, String description, Tags tags, Supplier<CacheStats> stats, ToLongFunction<CacheStats> value) {
        FunctionCounter.builder("signdesk.certificate.check.cache." + name, stats, s -> value.applyAsLong(s.get()))
                .description(description)
                .tags(tags)
                .register(registry);
    }

    private static CacheStats cache(
            Supplier<CertificateChecks.Stats> statsOrNull, Function<CertificateChecks.Stats, CacheStats> pick) {
        CertificateChecks.Stats all = statsOrNull.get();
        return all == null ? new CacheStats(0, 0, 0, 0, 0, 0, 0, 0) : pick.apply(all);
    }

    private static double hitRatio(CacheStats s) {
        long served = s.hits() + s.staleHits() + s.negativeHits();
        long lookups = served + s.misses();
        return lookups == 0 ? Double.NaN : (double) served / lookups;
    }

    /**
     * Records one finished request.
     *
     * @param route the route pattern, e.g. {@code /v1/sign}, or {@code unmatched}
     * @param status the response status, or 0 when the connection closed before an answer
     * @param outcome {@code ok}, the problem type of a problem answer, {@code error} for another
     *     4xx/5xx answer (e.g. a 503 of {@code /health/ready}), or {@code aborted}
     */
    void recordRequest(String route, String method, int status, String outcome, long nanos) {
        Timer.builder("signdesk.http.server.requests")
                .description("HTTP requests by route pattern, method, status class and outcome")
                .tags(
                        "route",
                        route,
                        "method",
                        METHODS.contains(method) ? method : "OTHER",
                        "status",
                        status == 0 ? "none" : (status / 100) + "xx",
                        "outcome",
                        outcome)
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Counts one signature produced by the service. */
    void countSignature(Signature signature) {
        Counter.builder("signdesk.signatures")
                .description("signatures produced, by signing profile and PAdES level")
                .tags("profile", signature.profile(), "level", signature.level())
                .register(registry)
                .increment();
    }

    /** The registry's state in the Prometheus text format. */
    String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
