package vn.signdesk.signing;

import java.util.Objects;

/**
 * Bounds on untrusted documents, checked before any expensive work.
 *
 * @param maxBytes largest accepted file
 * @param maxPages largest accepted page count
 * @param readBudget what reading one file may cost: decoded bytes, objects, nesting
 */
public record DocumentLimits(long maxBytes, int maxPages, PdfReadBudget readBudget) {

    /**
     * 100 MiB, 5 000 pages and the default read budget: above any administrative file a branch
     * receives.
     */
    public static final DocumentLimits DEFAULT = new DocumentLimits(100L << 20, 5_000, PdfReadBudget.DEFAULT);

    public DocumentLimits {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        if (maxPages <= 0) {
            throw new IllegalArgumentException("maxPages must be positive");
        }
        Objects.requireNonNull(readBudget, "readBudget");
    }

    /** Size and page bounds with the default read budget. */
    public DocumentLimits(long maxBytes, int maxPages) {
        this(maxBytes, maxPages, PdfReadBudget.DEFAULT);
    }
}
