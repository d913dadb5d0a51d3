package vn.signdesk.signing.revocation;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cache of certificate-check answers (OCSP responses, CRLs, CA certificates) in which each answer
 * lives until its own nextUpdate, with refresh ahead, a negative cache and stale-if-error.
 *
 * <p>Implementation notes. One Caffeine {@link AsyncLoadingCache} per kind: concurrent first
 * requests of a key share one load future, so there is one fetch in flight per key, and loads run on
 * the given executor, never holding a map lock while a responder is slow. Every entry is an
 * {@link Entry} that may hold an answer, a remembered failure, or both (an answer gone stale whose
 * refresh failed). Caffeine's expiry keeps an answer until {@code staleUntil} (nextUpdate capped by
 * the maximum lifetime, plus the stale-if-error bound) and a failure until its retry time; the
 * freshness decisions are made here against the same clock that drives the ticker. Caffeine's refresh
 * (one in flight per key) serves both refresh ahead, started in the background when a hit falls in
 * the window before staleness, and the synchronous refetch of a stale answer. The loader never throws:
 * a failure becomes an entry, which is what makes it cacheable and lets a reload keep the stale
 * answer; it is logged once at WARN, and not again until its retry time has passed.
 *
 * @param <K> the key: a URL (logged without user info or query) or a key whose {@code toString()}
 *     is fit for a log line
 * @param <V> the cached answer
 */
final class CheckCache<K, V> {

    private static final Logger LOG = LoggerFactory.getLogger(CheckCache.class);

    /** Fetches the answer for a key; throws on any failure. */
    @FunctionalInterface
    interface Fetch<K, V> {
        Loaded<V> fetch(K key) throws Exception;
    }

    /** A fetched answer and its nextUpdate, null when it has none. */
    record Loaded<V>(V value, Instant nextUpdateOrNull) {}

    /** An answer and its times, or a failure, or a stale answer whose last refresh failed. */
    record Entry<V>(V valueOrNull, Instant freshUntil, Instant staleUntil, Instant retryAfterOrNull) {}

    private static final ThreadLocal<Boolean> LAST_GET_FROM_CACHE = ThreadLocal.withInitial(() -> false);

    private final java.util.concurrent.ConcurrentMap<K, CompletableFuture<Entry<V>>> refreshing =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final String kind;
    private final Fetch<K, V> fetch;
    private final Clock clock;
    private final CertificateCheckConfig config;
    private final AsyncLoadingCache<K, Entry<V>> cache;
    private final LongAdder hits = new LongAdder();
    private final LongAdder staleHits = new LongAdder();
    private final LongAdder negativeHits = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private final LongAdder loadFailures = new LongAdder();
    private final Executor executor;

    /** A cache bounded by {@link CertificateCheckConfig#maxEntries()}. */
    CheckCache(String kind, CertificateCheckConfig config, Executor executor, Fetch<K, V> fetch) {
        this(kind, config, executor, fetch, null, 0);
    }

    /**
     * A cache bounded by total weight instead of entry count.
     *
     * @param weigherOrNull the weight of an answer (a failure weighs 1); null to bound by entry count
     * @param maxWeight the most total weight held, when a weigher is given
     */
    CheckCache(
            String kind,
            CertificateCheckConfig config,
            Executor executor,
            Fetch<K, V> fetch,
            ToIntFunction<V> weigherOrNull,
            long maxWeight) {
        this.kind = kind;
        this.executor = executor;
        this.fetch = fetch;
        this.config = config;
        this.clock = config.clock();
        Ticker ticker = () -> {
            Instant now = clock.instant();
            return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        };
        Caffeine<Object, Object> builder = Caffeine.newBuilder();
        if (weigherOrNull == null) {
            builder.maximumSize(config.maxEntries());
        } else {
            builder.maximumWeight(maxWeight)
                    .weigher((K key, Entry<V> e) ->
                            e.valueOrNull() == null ? 1 : Math.max(1, weigherOrNull.applyAsInt(e.valueOrNull())));
        }
        this.cache = builder.ticker(ticker)
                .executor(executor)
                .expireAfter(new EntryExpiry<K, V>(clock))
                .recordStats()
                .buildAsync(new CacheLoader<K, Entry<V>>() {
                    @Override
                    public Entry<V> load(K key) {
                        return CheckCache.this.load(key, null);
                    }

                    @Override
                    public Entry<V> reload(K key, Entry<V> old) {
                        return CheckCache.this.load(key, old);
                    }
                });
    }

    /**
     * Returns the answer for a key: fresh from the cache, fetched, or stale within the stale-if-error
     * bound when its responder fails; empty when there is none. Never throws.
     */
    Optional<V> get(K key) {
        Instant now = clock.instant();
        CompletableFuture<Entry<V>> before = cache.asMap().get(key); // the map view records no statistics
        LAST_GET_FROM_CACHE.set(false);
        Entry<V> e = join(cache.get(key));
        // an answer counts as cached when it was already there and this call fetched nothing
        boolean wasCached = before != null && before.isDone() && !before.isCompletedExceptionally();
        if (e == null) {
            return Optional.empty();
        }
        boolean mayFetch = e.retryAfterOrNull() == null || !now.isBefore(e.retryAfterOrNull());
        if (e.valueOrNull() != null && now.isBefore(e.freshUntil())) {
            if (mayFetch && !now.isBefore(e.freshUntil().minus(config.refreshAhead()))) {
                // refresh ahead: the caller gets the cached answer now, the next one a newer answer
                refresh(key);
            }
            hits.increment();
            LAST_GET_FROM_CACHE.set(wasCached);
            return Optional.of(e.valueOrNull());
        }
        if (mayFetch) {
            Entry<V> refreshed = join(refresh(key));
            if (refreshed != null) {
                e = refreshed;
            }
            now = clock.instant();
            if (e.valueOrNull() != null && now.isBefore(e.freshUntil())) {
                return Optional.of(e.valueOrNull());
            }
        }
        if (e.valueOrNull() != null && now.isBefore(e.staleUntil())) {
            staleHits.increment();
            LAST_GET_FROM_CACHE.set(wasCached);
            return Optional.of(e.valueOrNull());
        }
        negativeHits.increment();
        return Optional.empty();
    }

    /**
     * Starts a refresh of {@code key}, or joins the one in flight. The fresh entry is put into the
     * cache before the in-flight mark is removed, so whoever asks next sees it: Caffeine's own
     * refresh neither coalesces explicit calls nor always installs its result (it drops it when the
     * entry was touched meanwhile), and every caller inside the refresh-ahead window would then start
     * another fetch.
     */
    private CompletableFuture<Entry<V>> refresh(K key) {
        CompletableFuture<Entry<V>> started = new CompletableFuture<>();
        CompletableFuture<Entry<V>> inFlight = refreshing.putIfAbsent(key, started);
        if (inFlight != null) {
            return inFlight;
        }
        Entry<V> old = cache.synchronous().getIfPresent(key);
        try {
            executor.execute(() -> {
                Entry<V> fresh = null;
                try {
                    fresh = load(key, old);
                    cache.put(key, CompletableFuture.completedFuture(fresh));
                } finally {
                    refreshing.remove(key, started);
                    started.complete(fresh);
                }
            });
        } catch (RuntimeException rejected) {
            // the checks are closing: keep what is cached
            refreshing.remove(key, started);
            started.complete(null);
        }
        return started;
    }

    /** Whether the last {@link #get} in this thread answered from the cache without fetching. */
    static boolean lastGetFromCache() {
        return LAST_GET_FROM_CACHE.get();
    }

    CacheStats stats() {
        com.github.benmanes.caffeine.cache.stats.CacheStats s =
                cache.synchronous().stats();
        return new CacheStats(
                hits.sum(),
                staleHits.sum(),
                negativeHits.sum(),
                s.missCount(),
                loads.sum(),
                loadFailures.sum(),
                s.evictionCount(),
                cache.synchronous().estimatedSize());
    }

    private Entry<V> load(K key, Entry<V> oldOrNull) {
        Instant started = clock.instant();
        try {
            Loaded<V> loaded = fetch.fetch(key);
            loads.increment();
            Instant now = clock.instant();
            Instant fresh =
                    loaded.nextUpdateOrNull() == null ? now.plus(config.defaultLifetime()) : loaded.nextUpdateOrNull();
            fresh = min(fresh, now.plus(config.maxLifetime()));
            // an answer already past its nextUpdate is kept no longer than a failure would be
            fresh = max(fresh, now.plus(config.negativeTtl()));
            return new Entry<>(loaded.value(), fresh, fresh.plus(config.staleIfError()), null);
        } catch (Exception | LinkageError e) {
            loadFailures.increment();
            Instant retry = clock.instant().plus(config.negativeTtl());
            LOG.warn(
                    "{} fetch for {} failed after {} ms, not retried for {} s: {}",
                    kind,
                    key instanceof String url ? HttpFetcher.forLog(url) : key,
                    Duration.between(started, clock.instant()).toMillis(),
                    config.negativeTtl().toSeconds(),
                    String.valueOf(e.getMessage()));
            if (oldOrNull != null && oldOrNull.valueOrNull() != null) {
                return new Entry<>(oldOrNull.valueOrNull(), oldOrNull.freshUntil(), oldOrNull.staleUntil(), retry);
            }
            return new Entry<>(null, retry, retry, retry);
        }
    }

    private static <V> Entry<V> join(CompletableFuture<Entry<V>> future) {
        try {
            return future.join();
        } catch (RuntimeException e) {
            // the loader does not throw; this is a cancelled refresh or a rejected task
            return null;
        }
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Keeps an entry until the later of its stale bound and its retry time. */
    private static final class EntryExpiry<K, V> implements Expiry<K, Entry<V>> {
        private final Clock clock;

        EntryExpiry(Clock clock) {
            this.clock = clock;
        }

        @Override
        public long expireAfterCreate(K key, Entry<V> e, long currentTime) {
            Instant end = e.staleUntil();
            if (e.retryAfterOrNull() != null && e.retryAfterOrNull().isAfter(end)) {
                end = e.retryAfterOrNull();
            }
            long nanos = Duration.between(clock.instant(), end).toNanos();
            return Math.max(1, nanos);
        }

        @Override
        public long expireAfterUpdate(K key, Entry<V> e, long currentTime, long currentDuration) {
            return expireAfterCreate(key, e, currentTime);
        }

        @Override
        public long expireAfterRead(K key, Entry<V> e, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
