package vn.signdesk.ocr;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of an OCR run: the pages' text with confidences and hOCR, and the searchable PDF/A.
 *
 * @param pages one entry per page, in order
 * @param searchablePdfOrNull the searchable PDF/A when it was asked for, else null
 * @param pdfaPart 2 (PDF/A-2b) or 3 (PDF/A-3b, with the original attached); 0 without a PDF
 * @param sourceSha256 SHA-256 of the input, recorded in the PDF/A's metadata
 * @param signedSource whether the input was a PDF with signatures (left untouched: the PDF/A is a
 *     separate derivative)
 */
public record OcrResult(
        List<OcrPage> pages, byte[] searchablePdfOrNull, int pdfaPart, String sourceSha256, boolean signedSource) {

    public OcrResult {
        pages = List.copyOf(pages);
    }

    /** All pages' text, separated by form feeds ({@code \f}), as Tesseract's own text output does. */
    public String text() {
        return pages.stream().map(OcrPage::text).collect(Collectors.joining("\f"));
    }

    /**
     * The searchable PDF/A: each page's image with an invisible text layer over the words.
     *
     * @throws IllegalStateException when the options did not ask for it
     */
    public byte[] searchablePdfA() {
        if (searchablePdfOrNull == null) {
            throw new IllegalStateException("no searchable PDF was asked for");
        }
        return searchablePdfOrNull;
    }

    /** Mean of the pages' confidences, 0 for no pages. */
    public double meanConfidence() {
        return pages.stream().mapToDouble(OcrPage::meanConfidence).average().orElse(0);
    }
}
