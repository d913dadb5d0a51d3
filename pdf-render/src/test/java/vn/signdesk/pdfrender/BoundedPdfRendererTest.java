package vn.signdesk.pdfrender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.junit.jupiter.api.Test;
import vn.signdesk.fixtures.RawPdf;

/**
 * Every way a page can make PDFBox decode an image is weighed before the decoding: image XObjects,
 * inline images, images inside forms and annotation appearances, soft masks and stencil masks. The
 * oversized images here would each take gigabytes of heap if drawn; the test JVM would not survive one.
 */
class BoundedPdfRendererTest {

    private static final long BOUND = 4_000_000L;

    @Test
    void anImageWithinTheBound_isDrawn() throws IOException {
        byte[] pdf = page("q 200 0 0 200 100 500 cm /Im1 Do Q", "/XObject << /Im1 6 0 R >>", rgbImage(100, 100, ""));
        BufferedImage drawn = render(pdf, false);
        // the image covers (100..300, 500..700) in points; at 72 dpi, row 842-600 is inside it
        assertThat(drawn.getRGB(200, 842 - 600) & 0xffffff).isEqualTo(0xff0000);
        assertThat(drawn.getRGB(50, 50) & 0xffffff).isEqualTo(0xffffff);
    }

    @Test
    void anImageXObjectOverTheBound_stopsThePageBeforeItIsDecoded() {
        byte[] pdf = page("q 500 0 0 700 40 60 cm /Im1 Do Q", "/XObject << /Im1 6 0 R >>", hugeImage(""));
        assertThatThrownBy(() -> render(pdf, false))
                .isInstanceOf(PixelBudgetException.class)
                .hasMessageContaining("30000 by 30000")
                .hasMessageContaining(String.valueOf(BOUND));
    }

    @Test
    void anInlineImageOverTheBound_stopsThePage() {
        byte[] pdf = page(
                "q 500 0 0 700 40 60 cm BI /W 30000 /H 30000 /BPC 8 /CS /RGB ID \u00ff\u0000\u0000 EI Q", "", null);
        assertThatThrownBy(() -> render(pdf, false)).isInstanceOf(PixelBudgetException.class);
    }

    @Test
    void anImageInsideAForm_isWeighedToo() {
        RawPdf file = base("q /Fm1 Do Q", "/XObject << /Fm1 7 0 R >>");
        file.object(7, formDrawingImage6("[0 0 595 842]", "q 500 0 0 700 40 60 cm /Im1 Do Q"));
        file.object(6, hugeImage(""));
        assertThatThrownBy(() -> render(file.bytes(), false)).isInstanceOf(PixelBudgetException.class);
    }

    @Test
    void anImageInAnAnnotationAppearance_isWeighedToo() {
        RawPdf file = base("", "");
        file.object(
                3,
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents 4 0 R"
                        + " /Annots [8 0 R] >>");
        file.object(8, "<< /Type /Annot /Subtype /Stamp /Rect [40 60 540 760] /F 4 /AP << /N 7 0 R >> >>");
        file.object(7, formDrawingImage6("[0 0 500 700]", "q 500 0 0 700 0 0 cm /Im1 Do Q"));
        file.object(6, hugeImage(""));
        assertThatThrownBy(() -> render(file.bytes(), false)).isInstanceOf(PixelBudgetException.class);
    }

    @Test
    void aSmallImageWithAHugeSoftMask_isWeighedByItsMask() {
        RawPdf file = base("q 200 0 0 200 100 500 cm /Im1 Do Q", "/XObject << /Im1 6 0 R >>");
        file.object(6, rgbImage(10, 10, "/SMask 9 0 R"));
        file.object(
                9,
                "<< /Type /XObject /Subtype /Image /Width 30000 /Height 30000 /BitsPerComponent 8"
                        + " /ColorSpace /DeviceGray /Length 1 >>\nstream\n\u0000\nendstream");
        assertThatThrownBy(() -> render(file.bytes(), false))
                .isInstanceOf(PixelBudgetException.class)
                .hasMessageContaining("soft mask");
    }

    @Test
    void aStencilMaskStretchedFarBeyondThePage_isWeighedByItsBoxOnTheDevice() {
        byte[] pdf = page("q 0 0 1 rg 1000000 0 0 1000000 0 0 cm BI /W 1 /H 1 /IM true ID \u0000 EI Q", "", null);
        assertThatThrownBy(() -> render(pdf, false))
                .isInstanceOf(PixelBudgetException.class)
                .hasMessageContaining("stencil");
    }

    @Test
    void subsampling_letsALargeImageDrawnSmallThrough_andOnlyThen() throws IOException {
        // 4800 x 4800 = 23 megapixels drawn on 200 x 200 points (200 x 200 pixels at 72 dpi): subsampled
        // by 8 it decodes to 600 x 600
        String image = "<< /Type /XObject /Subtype /Image /Width 4800 /Height 4800 /BitsPerComponent 8"
                + " /ColorSpace /DeviceGray /Length 1 >>\nstream\n\u0000\nendstream";
        byte[] pdf = page("q 200 0 0 200 100 500 cm /Im1 Do Q", "/XObject << /Im1 6 0 R >>", image);
        assertThat(render(pdf, true).getWidth()).isEqualTo(595);
        assertThatThrownBy(() -> render(pdf, false)).isInstanceOf(PixelBudgetException.class);
    }

    @Test
    void aPageWhoseBoxIsHuge_isRefusedAtTheScaleAsked_andScaleWithinFindsOneThatFits() throws IOException {
        // no width, and a height of 10^18 points that PDFBox reads as 2^31-1: at 72 dpi PDFBox would
        // allocate a raster of 1 x 2^31-1 pixels
        byte[] pdf = RawPdf.onePage()
                .object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 0 1000000000000000000] /Contents 4 0 R >>")
                .bytes();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            BoundedPdfRenderer renderer = new BoundedPdfRenderer(doc, BOUND, BOUND);
            assertThatThrownBy(() -> renderer.renderImage(0, 1f, ImageType.RGB))
                    .isInstanceOf(PixelBudgetException.class)
                    .hasMessageContaining("page 1");

            PDRectangle box = doc.getPage(0).getCropBox();
            double scale = BoundedPdfRenderer.scaleWithin(box, 1, BOUND);
            assertThat(scale).isPositive().isLessThan(0.002);
            assertThat(BoundedPdfRenderer.pagePixels(box, scale)).isLessThanOrEqualTo(BOUND);
            assertThat(BoundedPdfRenderer.pagePixels(box, scale * 1.01)).isGreaterThan(BOUND);
        }
    }

    @Test
    void scaleWithin_keepsTheScaleAskedWhenThePageFits_andIsZeroForABoxOfNoFiniteSize() {
        PDRectangle a4 = new PDRectangle(595, 842);
        assertThat(BoundedPdfRenderer.scaleWithin(a4, 2, BOUND)).isEqualTo(2);
        assertThat(BoundedPdfRenderer.pagePixels(a4, 2)).isEqualTo(1190.0 * 1684);
        assertThat(BoundedPdfRenderer.scaleWithin(new PDRectangle(Float.POSITIVE_INFINITY, 10), 1, BOUND))
                .isZero();
    }

    private static BufferedImage render(byte[] pdf, boolean subsampling) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            BoundedPdfRenderer renderer = new BoundedPdfRenderer(doc, BOUND, BOUND);
            renderer.setSubsamplingAllowed(subsampling);
            return renderer.renderImageWithDPI(0, 72, ImageType.RGB);
        }
    }

    /** One page with the given content and resources, and object 6 when given. */
    private static byte[] page(String content, String resources, String object6OrNull) {
        RawPdf file = base(content, resources);
        if (object6OrNull != null) {
            file.object(6, object6OrNull);
        }
        return file.bytes();
    }

    private static RawPdf base(String content, String resources) {
        return RawPdf.onePage()
                .object(
                        3,
                        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << " + resources
                                + " >> /Contents 4 0 R >>")
                .stream(4, content);
    }

    /** A form XObject whose content draws object 6 as /Im1. */
    private static String formDrawingImage6(String bbox, String content) {
        return "<< /Type /XObject /Subtype /Form /BBox " + bbox + " /Resources << /XObject << /Im1 6 0 R >> >>"
                + " /Length " + content.length() + " >>\nstream\n" + content + "\nendstream";
    }

    /** A red RGB image, uncompressed. */
    private static String rgbImage(int width, int height, String extraEntries) {
        String samples = "\u00ff\u0000\u0000".repeat(width * height);
        return "<< /Type /XObject /Subtype /Image /Width " + width + " /Height " + height + " /BitsPerComponent 8"
                + " /ColorSpace /DeviceRGB " + extraEntries + " /Length " + samples.length() + " >>\nstream\n"
                + samples + "\nendstream";
    }

    /** 30 000 by 30 000 RGB pixels (2.7 GB decoded) declared over a three-byte stream. */
    private static String hugeImage(String extraEntries) {
        return "<< /Type /XObject /Subtype /Image /Width 30000 /Height 30000 /BitsPerComponent 8"
                + " /ColorSpace /DeviceRGB " + extraEntries + " /Length 3 >>\nstream\n\u00ff\u0000\u0000\nendstream";
    }
}
