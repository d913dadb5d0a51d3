package vn.signdesk.pdfrender;

/**
 * An image of the page would decode to more pixels than the {@link BoundedPdfRenderer} allows: the
 * page is not drawn. Unchecked, so that PDFBox's content stream engine, which logs and skips the
 * {@code IOException}s of a drawing operator, cannot swallow it and leave a page drawn without it.
 */
public final class ImageTooLargeException extends RuntimeException {

    public ImageTooLargeException(String message) {
        super(message);
    }
}
