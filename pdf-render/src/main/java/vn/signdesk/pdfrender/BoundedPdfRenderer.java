package vn.signdesk.pdfrender;

import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;

/**
 * PDFBox's renderer with a bound on what any one image of a page may cost: a page's own size is
 * chosen by its caller, but the images it draws are sized by the file (a 40 000 by 40 000 image
 * costs 4.8 GB decoded, whatever the page it is drawn on), so every image is weighed before PDFBox
 * decodes it and an image over the bound stops the page with {@link ImageTooLargeException}.
 *
 * <p>What is weighed is what PDFBox would allocate: the image's pixels at the subsampling PDFBox
 * will use (only when {@link #setSubsamplingAllowed subsampling} is allowed), and those of its soft
 * mask and stencil mask, which PDFBox scales to the larger of the two; a stencil mask drawn with a
 * colour is also painted through a buffer the size of its box on the device. Every image of the page
 * goes through here: those of forms, patterns, annotation appearances, Type 3 glyphs and inline images
 * too. The check is arithmetic on the image dictionary, so it costs nothing next to drawing.
 */
public class BoundedPdfRenderer extends PDFRenderer {

    private final long maxImagePixels;

    /**
     * @param maxImagePixels the most pixels one image (or its mask) may decode to
     */
    public BoundedPdfRenderer(PDDocument document, long maxImagePixels) {
        super(document);
        if (maxImagePixels < 1) {
            throw new IllegalArgumentException("maxImagePixels must be positive");
        }
        this.maxImagePixels = maxImagePixels;
    }

    /** The bound this renderer holds images to. */
    public long maxImagePixels() {
        return maxImagePixels;
    }

    @Override
    protected PageDrawer createPageDrawer(PageDrawerParameters parameters) throws IOException {
        return new BoundedPageDrawer(parameters);
    }

    private final class BoundedPageDrawer extends PageDrawer {

        BoundedPageDrawer(PageDrawerParameters parameters) throws IOException {
            super(parameters);
        }

        @Override
        public void drawImage(PDImage image) throws IOException {
            AffineTransform at =
                    getGraphicsState().getCurrentTransformationMatrix().createAffineTransform();
            int subsampling = isSubsamplingAllowed() && !image.isStencil() ? getSubsampling(image, at) : 1;
            weigh("an image", image.getWidth(), image.getHeight(), subsampling);
            if (image instanceof PDImageXObject xobject) {
                PDImageXObject softMask = xobject.getSoftMask();
                if (softMask != null) {
                    weigh("the soft mask of an image", softMask.getWidth(), softMask.getHeight(), subsampling);
                }
                PDImageXObject mask = xobject.getMask();
                if (mask != null) {
                    weigh("the mask of an image", mask.getWidth(), mask.getHeight(), subsampling);
                }
            }
            if (image.isStencil()) {
                AffineTransform device = new AffineTransform(getGraphics().getTransform());
                device.concatenate(at);
                Rectangle2D box = device.createTransformedShape(new Rectangle2D.Float(0, 0, 1, 1))
                        .getBounds2D();
                weigh("a stencil mask's box", Math.ceil(box.getWidth()), Math.ceil(box.getHeight()), 1);
            }
            super.drawImage(image);
        }

        private void weigh(String what, double width, double height, int subsampling) {
            double pixels = Math.ceil(width / subsampling) * Math.ceil(height / subsampling);
            if (!(pixels <= maxImagePixels)) {
                throw new ImageTooLargeException(what + " of " + (long) width + " by " + (long) height
                        + " pixels" + (subsampling > 1 ? " (subsampled by " + subsampling + ")" : "")
                        + " is over the " + maxImagePixels + " pixels one image may take");
            }
        }
    }
}
