package vn.signdesk.ocr.internal;

import vn.signdesk.ocr.OcrLimits;
import vn.signdesk.ocr.ScanLimitException;
import vn.signdesk.ocr.UnsupportedScanException;

/** Opens the right {@link PageSource} for an input, after the size and format checks. */
public final class PageSources {

    private PageSources() {}

    /** The format of the bytes; refuses oversized and unsupported inputs. */
    public static ScanFormat check(byte[] bytes, OcrLimits limits) {
        if (bytes.length > limits.maxBytes()) {
            throw new ScanLimitException(
                    ScanLimitException.Limit.FILE_SIZE,
                    "the file has " + bytes.length + " bytes, over the limit of " + limits.maxBytes());
        }
        ScanFormat format = ScanFormat.detectOrNull(bytes);
        if (format == null) {
            throw new UnsupportedScanException("the file is not a PDF, TIFF, PNG or JPEG");
        }
        return format;
    }

    /** Opens the pages; refuses more pages than the limit. */
    public static PageSource open(byte[] bytes, ScanFormat format, OcrLimits limits, int renderDpi) {
        PageSource source = format == ScanFormat.PDF
                ? new PdfPageSource(bytes, limits, renderDpi)
                : new ImagePageSource(bytes, format, limits);
        if (source.pageCount() > limits.maxPages()) {
            int n = source.pageCount();
            source.close();
            throw new ScanLimitException(
                    ScanLimitException.Limit.PAGES,
                    "the file has " + n + " pages, over the limit of " + limits.maxPages());
        }
        return source;
    }
}
