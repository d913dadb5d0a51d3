package vn.signdesk.pdfrender;

import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;
import org.apache.pdfbox.rendering.RenderDestination;

/**
 * PDFBox's renderer within a pixel budget: for the page, and for every image the page draws. Both
 * are sized by the file, not by the caller: a crop box of 10^18 points makes PDFBox allocate a
 * raster of 2^31 pixels at any positive scale, and a 40 000 by 40 000 image costs 4.8 GB decoded
 * whatever the page it is drawn on. So the page is weighed at the scale asked for (callers pick the
 * largest scale within the budget with {@link #scaleWithin}), every image is weighed before PDFBox
 * decodes it, and anything over the budget stops the page with {@link PixelBudgetException}.
 *
 * <p>What is weighed is what PDFBox would allocate: the image's pixels at the subsampling PDFBox
 * will use (only when {@link #setSubsamplingAllowed subsampling} is allowed), and those of its soft
 * mask and stencil mask, which PDFBox scales to the larger of the two; a stencil mask drawn with a
 * colour is also painted through a buffer the size of its box on the device. Every image of the page
 * goes through here: those of forms, patterns, annotation appearances, Type 3 glyphs and inline images
 * too. The check is arithmetic on the image dictionary, so it costs nothing next to drawing.
 */
public class BoundedPdfRenderer extends PDFRenderer {

    private final PDDocument document;
    private final long maxPagePixels;
    private final long maxImagePixels;

    /**
     * @param maxPagePixels the most pixels a rendered page may have
     * @param maxImagePixels the most pixels one image (or its mask) may decode to
     */
    public BoundedPdfRenderer(PDDocument document, long maxPagePixels, long maxImagePixels) {
        super(document);
        if (maxPagePixels < 1 || maxImagePixels < 1) {
            throw new IllegalArgumentException("the pixel budgets must be positive");
        }
        this.document = document;
        this.maxPagePixels = maxPagePixels;
        this.maxImagePixels = maxImagePixels;
    }

    /**
     * The pixels PDFBox allocates for a page with this crop box rendered at this scale (1 is 72 dpi):
     * each side floored, and at least one.
     */
    public static double pagePixels(PDRectangle cropBox, double scale) {
        double width = Math.max(Math.floor(cropBox.getWidth() * scale), 1);
        double height = Math.max(Math.floor(cropBox.getHeight() * scale), 1);
        return width * height;
    }

    /**
     * The largest scale, up to {@code wanted}, at which a page with this crop box takes at most
     * {@code maxPixels}; 0 when no scale does (a box of no finite size).
     */
    public static double scaleWithin(PDRectangle cropBox, double wanted, long maxPixels) {
        if (pagePixels(cropBox, wanted) <= maxPixels) {
            return wanted;
        }
        double within = 0;
        double over = wanted;
        for (int i = 0; i < 64; i++) {
            double mid = (within + over) / 2;
            if (pagePixels(cropBox, mid) <= maxPixels) {
                within = mid;
            } else {
                over = mid;
            }
        }
        return within;
    }

    /** Every rendering of a page comes here; the page is weighed before its raster is allocated. */
    @Override
    public BufferedImage renderImage(int pageIndex, float scale, ImageType type, RenderDestination destination)
            throws IOException {
        double pixels = pagePixels(document.getPage(pageIndex).getCropBox(), scale);
        if (!(pixels <= maxPagePixels)) {
            throw new PixelBudgetException("page " + (pageIndex + 1) + " at this resolution would take " + (long) pixels
                    + " pixels; at most " + maxPagePixels + " are allowed");
        }
        return super.renderImage(pageIndex, scale, type, destination);
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
                throw new PixelBudgetException(what + " of " + (long) width + " by " + (long) height
                        + " pixels" + (subsampling > 1 ? " (subsampled by " + subsampling + ")" : "")
                        + " is over the " + maxImagePixels + " pixels one image may take");
            }
        }
    }
}
