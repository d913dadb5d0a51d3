package vn.signdesk.ocr;

/**
 * The text of one page.
 *
 * @param number page number, from 1
 * @param text the recognised (or, for PDF pages that carry text, extracted) text
 * @param meanConfidence Tesseract's mean word confidence, 0 to 100; 100 for text taken from the PDF
 * @param hocr the page as hOCR 1.2 (an XHTML {@code div class="ocr_page"} with word boxes in pixels of
 *     the page image)
 * @param source where the text came from
 * @param rotationDegrees clockwise rotation applied before recognition (0, 90, 180, 270)
 * @param deskewDegrees small-angle correction applied before recognition
 */
public record OcrPage(
        int number,
        String text,
        double meanConfidence,
        String hocr,
        Source source,
        int rotationDegrees,
        double deskewDegrees) {

    /** Where a page's text came from. */
    public enum Source {
        /** recognised by Tesseract */
        OCR,
        /** the PDF page already carried text; it was kept as it is */
        TEXT_LAYER
    }
}
