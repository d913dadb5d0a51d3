package vn.signdesk.signing.revocation;

import eu.europa.esig.dss.spi.x509.aia.AIASource;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLSource;
import eu.europa.esig.dss.spi.x509.revocation.ocsp.OCSPSource;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import vn.signdesk.signing.LocalResponder;

/**
 * Certificate checks over HTTP with a shared in-memory cache: an OCSP source, a CRL source and an AIA
 * source for DSS, to give a {@code CertificateVerifier} when signing or verifying.
 *
 * <p>Build one per process (or per configuration) and share it: the caches are what makes a second
 * verification of documents signed under the same chain ask no responder at all. Cache semantics:
 * each OCSP response (keyed by issuer key and serial), CRL (keyed by URL) and CA certificate (keyed by
 * URL) is fresh until its own nextUpdate, capped by {@link CertificateCheckConfig#maxLifetime()} (CA
 * certificates and answers without nextUpdate: {@link CertificateCheckConfig#defaultLifetime()}); a
 * hit within {@link CertificateCheckConfig#refreshAhead()} of staleness starts a background refresh;
 * one fetch is in flight per key; a failed fetch is remembered for {@link
 * CertificateCheckConfig#negativeTtl()}; while a responder fails, an answer past its freshness is still
 * served for up to {@link CertificateCheckConfig#staleIfError()}. When nothing can be had, the sources
 * return null (or an empty set), never throw, and DSS reports the missing revocation data.
 *
 * <p>Implementation notes. Fetches run on a private pool of daemon threads, one per fetch in flight,
 * which is bounded by the number of distinct keys being loaded at once; {@link #close()} stops it.
 */
public final class CertificateChecks implements AutoCloseable {

    private final ExecutorService executor;
    private final Duration fetchDeadline;
    private final CachedOcspSource ocsp;
    private final CachedCrlSource crl;
    private final CachedAiaSource aia;

    private CertificateChecks(
            CertificateCheckConfig config,
            Map<String, LocalResponder> local,
            Predicate<URI> allowedOrNull,
            java.net.InetSocketAddress proxyOrNull) {
        this.fetchDeadline = config.connectTimeout().plus(config.readTimeout());
        AtomicInteger number = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread t = new Thread(runnable, "certificate-check-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpFetcher fetcher = new HttpFetcher(
                config.connectTimeout(), config.readTimeout(), local, allowedOrNull, proxyOrNull, executor);
        this.ocsp = new CachedOcspSource(fetcher, config, executor);
        this.crl = new CachedCrlSource(fetcher, config, executor);
        this.aia = new CachedAiaSource(fetcher, config, executor);
    }

    /** Certificate checks over the network only, with the given settings. */
    public static CertificateChecks create(CertificateCheckConfig config) {
        return builder(config).build();
    }

    /** A builder, to add in-process responders for some URL bases. */
    public static Builder builder(CertificateCheckConfig config) {
        return new Builder(config);
    }

    /** The OCSP source; thread-safe, shared by every verifier. */
    public OCSPSource ocspSource() {
        return ocsp;
    }

    /** The CRL source; thread-safe, shared by every verifier. */
    public CRLSource crlSource() {
        return crl;
    }

    /** The AIA (CA certificate) source; thread-safe, shared by every verifier. */
    public AIASource aiaSource() {
        return aia;
    }

    /** The counters of the three caches, for metrics. */
    public Stats stats() {
        return new Stats(ocsp.stats(), crl.stats(), aia.stats());
    }

    /** Stops the fetch threads; the sources then answer from the cache only. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            // a fetch that ignores the interrupt still ends within its own deadline
            executor.awaitTermination(fetchDeadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The counters of the OCSP, CRL and AIA caches. */
    public record Stats(CacheStats ocsp, CacheStats crl, CacheStats aia) {}

    /** Collects in-process responders before building. */
    public static final class Builder {
        private final CertificateCheckConfig config;
        private final Map<String, LocalResponder> local = new LinkedHashMap<>();
        private Predicate<URI> allowedOrNull;
        private java.net.InetSocketAddress proxyOrNull;

        private Builder(CertificateCheckConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * Answers URLs under a base in-process instead of over the network: the demo PKI's responder
         * when the command line runs without a service. Such answers are cached like fetched ones.
         *
         * @param baseUrl the base, without trailing slash, e.g. {@code http://pki.signdesk.test}
         */
        public Builder localResponder(String baseUrl, LocalResponder responder) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(responder, "responder");
            local.put(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl, responder);
            return this;
        }

        /**
         * Restricts which network URLs certificates may send the checks to (by default, any http or
         * https URL): a service verifying documents from anyone can keep certificates from pointing
         * it at internal hosts. With a policy, redirects are not followed. In-process bases are always
         * allowed.
         */
        public Builder allowUrls(Predicate<URI> allowed) {
            this.allowedOrNull = Objects.requireNonNull(allowed, "allowed");
            return this;
        }

        /** Sends every network fetch through an HTTP proxy. */
        public Builder proxy(java.net.InetSocketAddress proxy) {
            this.proxyOrNull = Objects.requireNonNull(proxy, "proxy");
            return this;
        }

        /** Builds the checks; their caches start empty. */
        public CertificateChecks build() {
            return new CertificateChecks(config, local, allowedOrNull, proxyOrNull);
        }
    }
}
