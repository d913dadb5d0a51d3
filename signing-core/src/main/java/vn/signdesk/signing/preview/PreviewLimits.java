package vn.signdesk.signing.preview;

import java.util.Objects;
import vn.signdesk.signing.DocumentLimits;

/**
 * Bounds on one page preview: how many pages are rendered, how finely, and which documents are read
 * at all.
 *
 * @param maxPages the most pages rendered for one document; the others are counted, not drawn
 * @param dpi the resolution pages are rendered at, unless that would exceed {@code maxPixelsPerPage}
 * @param maxPixelsPerPage the largest image of one page, in pixels (a huge page is drawn coarser)
 * @param document the bounds on the document itself (size, page count)
 */
public record PreviewLimits(int maxPages, int dpi, long maxPixelsPerPage, DocumentLimits document) {

    /** Four pages at 100 dpi, at most two megapixels each (an A4 page at 100 dpi is 0.97). */
    public static final PreviewLimits DEFAULT = new PreviewLimits(4, 100, 2_000_000L, DocumentLimits.DEFAULT);

    public PreviewLimits {
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be at least 1");
        }
        if (dpi < 18 || dpi > 300) {
            throw new IllegalArgumentException("dpi must be between 18 and 300");
        }
        if (maxPixelsPerPage < 10_000) {
            throw new IllegalArgumentException("maxPixelsPerPage must be at least 10000");
        }
        Objects.requireNonNull(document, "document");
    }

    /**
     * The most pixels one image of a drawn page may decode to, after PDFBox's subsampling: eight
     * pages' worth. An image drawn within the page and subsampled decodes to under four times its
     * area on the page; only an image stretched far beyond its page, or a huge one drawn unsubsampled,
     * comes near this, and its page is left out.
     */
    public long maxImagePixels() {
        return 8 * maxPixelsPerPage;
    }
}
