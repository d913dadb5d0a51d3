package vn.signdesk.pdfrender;

/**
 * A page, or an image on it, would take more pixels than the {@link BoundedPdfRenderer} allows: the
 * page is not drawn. Unchecked, so that PDFBox's content stream engine, which logs and skips the
 * {@code IOException}s of a drawing operator, cannot swallow it and leave a page drawn without it.
 */
public final class PixelBudgetException extends RuntimeException {

    public PixelBudgetException(String message) {
        super(message);
    }
}
