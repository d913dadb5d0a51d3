package vn.signdesk.ocr.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.w3c.dom.NodeList;
import vn.signdesk.ocr.InvalidScanException;
import vn.signdesk.ocr.OcrLimits;
import vn.signdesk.ocr.ScanLimitException;

/**
 * TIFF (one or many pages), PNG and JPEG through the JDK's Image I/O readers. Dimensions are read from
 * the headers before any pixel is decoded; the resolution comes from the standard metadata tree.
 */
final class ImagePageSource implements PageSource {

    private final ImageInputStream stream;
    private final ImageReader reader;
    private final int pages;
    private final OcrLimits limits;

    ImagePageSource(byte[] bytes, ScanFormat format, OcrLimits limits) {
        this.limits = limits;
        try {
            stream = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes));
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(
                    switch (format) {
                        case TIFF -> "tiff";
                        case PNG -> "png";
                        case JPEG -> "jpeg";
                        case PDF -> throw new IllegalArgumentException("not an image format");
                    });
            if (!readers.hasNext()) {
                throw new InvalidScanException("no reader for " + format + " images in this JDK", null);
            }
            reader = readers.next();
            reader.setInput(stream, false, false);
            pages = reader.getNumImages(true);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidScanException ise) {
                throw ise;
            }
            throw new InvalidScanException("the " + format + " image cannot be read", e);
        }
        if (pages < 1) {
            throw new InvalidScanException("the " + format + " image has no page", null);
        }
    }

    @Override
    public int pageCount() {
        return pages;
    }

    @Override
    public SourcePage page(int index) {
        try {
            long w = reader.getWidth(index);
            long h = reader.getHeight(index);
            if (w * h > limits.maxPixelsPerPage()) {
                throw new ScanLimitException(
                        ScanLimitException.Limit.PAGE_PIXELS,
                        "page " + (index + 1) + " is " + w + " x " + h + " pixels, over the limit of "
                                + limits.maxPixelsPerPage() / 1_000_000 + " megapixels");
            }
            if (w < 1 || h < 1) {
                throw new InvalidScanException("page " + (index + 1) + " has no pixels", null);
            }
            int dpi = dpiOrZero(reader.getImageMetadata(index));
            BufferedImage img = PageImages.normalize(reader.read(index));
            return new SourcePage(index, img, dpi, null, List.of());
        } catch (IOException | RuntimeException e) {
            if (e instanceof ScanLimitException || e instanceof InvalidScanException) {
                throw (RuntimeException) e;
            }
            throw new InvalidScanException("page " + (index + 1) + " cannot be decoded", e);
        }
    }

    /** Dots per inch from javax_imageio_1.0 Dimension/HorizontalPixelSize (millimetres a pixel). */
    private static int dpiOrZero(IIOMetadata meta) {
        if (meta == null || !meta.isStandardMetadataFormatSupported()) {
            return 0;
        }
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree("javax_imageio_1.0");
        NodeList nodes = root.getElementsByTagName("HorizontalPixelSize");
        if (nodes.getLength() == 0) {
            return 0;
        }
        try {
            double mmPerPixel = Double.parseDouble(((IIOMetadataNode) nodes.item(0)).getAttribute("value"));
            if (mmPerPixel <= 0) {
                return 0;
            }
            int dpi = (int) Math.round(25.4 / mmPerPixel);
            return dpi >= 50 && dpi <= 2400 ? dpi : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public boolean signed() {
        return false;
    }

    @Override
    public void close() {
        reader.dispose();
        try {
            stream.close();
        } catch (IOException ignored) {
            // a byte-array stream: nothing to release
        }
    }
}
