package vn.signdesk.signing.revocation;

/**
 * The counters of one certificate-check cache, for metrics.
 *
 * @param hits answers served fresh from the cache
 * @param staleHits stale answers served because their responder failed (stale-if-error)
 * @param negativeHits requests answered "nothing" from a remembered failure
 * @param misses requests that found no entry and had to wait for a fetch
 * @param loads fetches that succeeded (first loads and refreshes)
 * @param loadFailures fetches that failed (network, HTTP status, size, unparsable answer)
 * @param evictions entries removed for age or size
 * @param size the entries held now (approximate)
 */
public record CacheStats(
        long hits,
        long staleHits,
        long negativeHits,
        long misses,
        long loads,
        long loadFailures,
        long evictions,
        long size) {}
