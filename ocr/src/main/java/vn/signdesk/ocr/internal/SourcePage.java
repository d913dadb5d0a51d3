package vn.signdesk.ocr.internal;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * One decoded page of an input.
 *
 * @param index 0-based
 * @param image the page image
 * @param dpi the image's resolution as declared by the file (or the PDF rendering resolution); 0 when
 *     the file declares none
 * @param textOrNull for PDF pages that carry text: that text (then the page is not recognised)
 * @param textWords for PDF pages that carry text: its words in pixels of {@code image}
 */
public record SourcePage(int index, BufferedImage image, int dpi, String textOrNull, List<Word> textWords) {

    public boolean hasTextLayer() {
        return textOrNull != null;
    }
}
