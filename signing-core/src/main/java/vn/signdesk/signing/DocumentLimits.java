package vn.signdesk.signing;

/**
 * Bounds on untrusted documents, checked before any expensive work.
 *
 * @param maxBytes largest accepted file
 * @param maxPages largest accepted page count
 */
public record DocumentLimits(long maxBytes, int maxPages) {

    /** 100 MiB and 5 000 pages: above any administrative file a branch receives. */
    public static final DocumentLimits DEFAULT = new DocumentLimits(100L << 20, 5_000);

    public DocumentLimits {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        if (maxPages <= 0) {
            throw new IllegalArgumentException("maxPages must be positive");
        }
    }
}
