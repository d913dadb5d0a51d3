package vn.signdesk.signing.revocation;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The settings of {@link CertificateChecks}: HTTP timeouts and response size limits, and how long
 * answers and failures are cached.
 *
 * @param connectTimeout how long to wait for a TCP connection to a responder
 * @param readTimeout how long a whole request may take once connected, body included
 * @param maxOcspResponseBytes the largest OCSP response accepted
 * @param maxCrlBytes the largest CRL accepted
 * @param maxCertificateBytes the largest CA certificate (or PKCS#7 bundle) accepted from an AIA URL
 * @param maxLifetime the longest an answer is considered fresh, whatever its nextUpdate says
 * @param defaultLifetime how long an answer without nextUpdate (and a CA certificate) is fresh
 * @param refreshAhead how long before an answer goes stale a background refresh starts
 * @param negativeTtl how long a failed fetch is remembered before the responder is asked again
 * @param staleIfError how long after going stale an answer is still served while its responder fails
 * @param maxEntries the most entries each cache (OCSP, CRL, AIA) holds
 * @param maxCrlCacheBytes the most bytes of CRLs the CRL cache holds, whatever their number
 * @param clock "now" for freshness and for the caches' ticker; a fixed or movable clock in tests
 */
public record CertificateCheckConfig(
        Duration connectTimeout,
        Duration readTimeout,
        int maxOcspResponseBytes,
        int maxCrlBytes,
        int maxCertificateBytes,
        Duration maxLifetime,
        Duration defaultLifetime,
        Duration refreshAhead,
        Duration negativeTtl,
        Duration staleIfError,
        long maxEntries,
        long maxCrlCacheBytes,
        Clock clock) {

    /** Validates every setting; messages name the setting. */
    public CertificateCheckConfig {
        positive("connectTimeout", connectTimeout);
        positive("readTimeout", readTimeout);
        positive("maxOcspResponseBytes", maxOcspResponseBytes);
        positive("maxCrlBytes", maxCrlBytes);
        positive("maxCertificateBytes", maxCertificateBytes);
        positive("maxLifetime", maxLifetime);
        positive("defaultLifetime", defaultLifetime);
        notNegative("refreshAhead", refreshAhead);
        positive("negativeTtl", negativeTtl);
        notNegative("staleIfError", staleIfError);
        positive("maxEntries", maxEntries);
        positive("maxCrlCacheBytes", maxCrlCacheBytes);
        Objects.requireNonNull(clock, "clock");
        if (defaultLifetime.compareTo(maxLifetime) > 0) {
            throw new IllegalArgumentException("defaultLifetime must not exceed maxLifetime");
        }
    }

    /**
     * Settings for a service: 5 s to connect, 10 s per request; 64 KiB OCSP responses and
     * certificates, 1 MiB CRLs; fresh at most 24 h (1 h without nextUpdate), refreshed 5 min ahead;
     * failures remembered 30 s; stale answers served up to 1 h while a responder is down; 10,000
     * entries per cache and at most 64 MiB of CRLs; the system clock.
     */
    public static CertificateCheckConfig defaults() {
        return new CertificateCheckConfig(
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                64 * 1024,
                1024 * 1024,
                64 * 1024,
                Duration.ofHours(24),
                Duration.ofHours(1),
                Duration.ofMinutes(5),
                Duration.ofSeconds(30),
                Duration.ofHours(1),
                10_000,
                64L * 1024 * 1024,
                Clock.systemUTC());
    }

    /** A copy with other timeouts. */
    public CertificateCheckConfig withTimeouts(Duration connect, Duration read) {
        return copy(d -> {
            d.connectTimeout = connect;
            d.readTimeout = read;
        });
    }

    /** A copy with other freshness settings. */
    public CertificateCheckConfig withLifetimes(Duration max, Duration defaultWithoutNextUpdate, Duration ahead) {
        return copy(d -> {
            d.maxLifetime = max;
            d.defaultLifetime = defaultWithoutNextUpdate;
            d.refreshAhead = ahead;
        });
    }

    /** A copy with other failure settings: how long failures are remembered and stale answers served. */
    public CertificateCheckConfig withFailurePolicy(Duration negative, Duration stale) {
        return copy(d -> {
            d.negativeTtl = negative;
            d.staleIfError = stale;
        });
    }

    /** A copy with another clock. */
    public CertificateCheckConfig withClock(Clock other) {
        return copy(d -> d.clock = other);
    }

    /** A copy whose caches hold at most this many entries each. */
    public CertificateCheckConfig withMaxEntries(long entries) {
        return copy(d -> d.maxEntries = entries);
    }

    /** This configuration with the changes the editor makes to a draft of it, validated anew. */
    private CertificateCheckConfig copy(Consumer<Draft> editor) {
        Draft d = new Draft(this);
        editor.accept(d);
        return d.build();
    }

    /** The components as fields: the one place a copy lists them all. */
    private static final class Draft {
        Duration connectTimeout;
        Duration readTimeout;
        final int maxOcspResponseBytes;
        final int maxCrlBytes;
        final int maxCertificateBytes;
        Duration maxLifetime;
        Duration defaultLifetime;
        Duration refreshAhead;
        Duration negativeTtl;
        Duration staleIfError;
        long maxEntries;
        final long maxCrlCacheBytes;
        Clock clock;

        Draft(CertificateCheckConfig c) {
            connectTimeout = c.connectTimeout;
            readTimeout = c.readTimeout;
            maxOcspResponseBytes = c.maxOcspResponseBytes;
            maxCrlBytes = c.maxCrlBytes;
            maxCertificateBytes = c.maxCertificateBytes;
            maxLifetime = c.maxLifetime;
            defaultLifetime = c.defaultLifetime;
            refreshAhead = c.refreshAhead;
            negativeTtl = c.negativeTtl;
            staleIfError = c.staleIfError;
            maxEntries = c.maxEntries;
            maxCrlCacheBytes = c.maxCrlCacheBytes;
            clock = c.clock;
        }

        CertificateCheckConfig build() {
            return new CertificateCheckConfig(
                    connectTimeout,
                    readTimeout,
                    maxOcspResponseBytes,
                    maxCrlBytes,
                    maxCertificateBytes,
                    maxLifetime,
                    defaultLifetime,
                    refreshAhead,
                    negativeTtl,
                    staleIfError,
                    maxEntries,
                    maxCrlCacheBytes,
                    clock);
        }
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    private static void notNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
    }

    private static void positive(String name, long n) {
        if (n <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + n);
        }
    }
}
