package vn.signdesk.signing.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.junit.jupiter.api.Test;

/** Where a widget rectangle falls on a page as displayed, for each page rotation. */
class PdfBoxSignaturePageRendererTest {

    /** A 100 x 200 point page; the rectangle's lower-left corner is at (10, 20), 30 wide, 40 high. */
    private static final PDRectangle RECT = new PDRectangle(10, 20, 30, 40);

    @Test
    void box_unrotatedPage_measuresFromTheTopLeft() {
        assertBox(box(0), 0.10, 0.70, 0.30, 0.20);
    }

    @Test
    void box_pageRotated90_turnsTheBoxClockwise() {
        // displayed 200 wide and 100 high; the page's bottom edge becomes its left edge
        assertBox(box(90), 0.10, 0.10, 0.20, 0.30);
    }

    @Test
    void box_pageRotated180_turnsTheBoxUpsideDown() {
        assertBox(box(180), 0.60, 0.10, 0.30, 0.20);
    }

    @Test
    void box_pageRotated270_turnsTheBoxCounterClockwise() {
        assertBox(box(270), 0.70, 0.60, 0.20, 0.30);
    }

    @Test
    void box_cropBoxOffset_measuresFromTheCropBox() {
        PDPage page = new PDPage(new PDRectangle(0, 0, 200, 300));
        page.setCropBox(new PDRectangle(0, 100, 100, 200));
        SignaturePages.Box b = PdfBoxSignaturePageRenderer.box(page, 1, new PDRectangle(10, 120, 30, 40));
        assertBox(b, 0.10, 0.70, 0.30, 0.20);
    }

    private static SignaturePages.Box box(int rotation) {
        PDPage page = new PDPage(new PDRectangle(100, 200));
        page.setRotation(rotation);
        return PdfBoxSignaturePageRenderer.box(page, 3, RECT);
    }

    private static void assertBox(SignaturePages.Box b, double left, double top, double width, double height) {
        assertThat(b.left()).as("left").isCloseTo(left, within(1e-6));
        assertThat(b.top()).as("top").isCloseTo(top, within(1e-6));
        assertThat(b.width()).as("width").isCloseTo(width, within(1e-6));
        assertThat(b.height()).as("height").isCloseTo(height, within(1e-6));
    }
}
