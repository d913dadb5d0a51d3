package vn.signdesk.ocr;

import java.time.Duration;

/**
 * Bounds on untrusted scans, checked before any expensive work: image dimensions come from the file
 * headers before a pixel is decoded, and PDF pages are rendered at a resolution bounded by their size.
 *
 * @param maxBytes largest accepted file
 * @param maxPages largest accepted page count
 * @param maxPixelsPerPage largest accepted page image, in pixels (width times height)
 * @param pageTimeout longest recognition of one page; Tesseract stops at this deadline
 */
public record OcrLimits(long maxBytes, int maxPages, long maxPixelsPerPage, Duration pageTimeout) {

    /**
     * 100 MiB, 500 pages, 60 megapixels a page (A3 at 500 dpi; A4 at 300 dpi is 8.7), two minutes a
     * page (a clean A4 page takes under two seconds on one core).
     */
    public static final OcrLimits DEFAULT = new OcrLimits(100L << 20, 500, 60_000_000L, Duration.ofMinutes(2));

    public OcrLimits {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        if (maxPages <= 0) {
            throw new IllegalArgumentException("maxPages must be positive");
        }
        if (maxPixelsPerPage <= 0) {
            throw new IllegalArgumentException("maxPixelsPerPage must be positive");
        }
        if (pageTimeout == null || pageTimeout.isNegative() || pageTimeout.isZero()) {
            throw new IllegalArgumentException("pageTimeout must be positive");
        }
    }
}
