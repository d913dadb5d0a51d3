package vn.signdesk.ocr;

/**
 * The input is over one of the {@link OcrLimits}: refused before the expensive work (or, for the page
 * timeout, stopped inside it) so that no input can exhaust memory or hold a worker forever.
 */
public final class ScanLimitException extends OcrException {

    /** Which bound was crossed. */
    public enum Limit {
        FILE_SIZE("file-too-large"),
        PAGES("too-many-pages"),
        PAGE_PIXELS("page-too-large"),
        PAGE_TIMEOUT("page-timeout"),
        /** A PDF whose fonts would take minutes to build (a character map spanning millions of codes). */
        DOCUMENT_COMPLEXITY("document-too-complex");

        private final String kind;

        Limit(String kind) {
            this.kind = kind;
        }
    }

    private final Limit limit;

    public ScanLimitException(Limit limit, String message) {
        super(message, null);
        this.limit = limit;
    }

    /** The bound that was crossed. */
    public Limit limit() {
        return limit;
    }

    @Override
    public String kind() {
        return limit.kind;
    }
}
