package vn.signdesk.ocr.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.nio.ByteBuffer;

/**
 * Pixel work on page images: a page is kept as one of three kinds, bilevel ({@code TYPE_BYTE_BINARY},
 * what fax-coded scans decode to), grey ({@code TYPE_BYTE_GRAY}) or colour ({@code TYPE_INT_RGB}), and
 * every operation here keeps its kind, so that a bilevel scan stays small in the PDF (CCITT G4).
 */
public final class PageImages {

    private PageImages() {}

    /** The image as one of the three kinds; alpha is composited over white. */
    public static BufferedImage normalize(BufferedImage in) {
        int type = in.getType();
        if (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_INT_RGB) {
            return in;
        }
        if (isBilevel(in)) {
            if (type == BufferedImage.TYPE_BYTE_BINARY && blackIsZero(in)) {
                return in;
            }
            return redraw(in, BufferedImage.TYPE_BYTE_BINARY);
        }
        boolean grey = in.getColorModel().getNumColorComponents() == 1
                || (in.getColorModel() instanceof IndexColorModel icm && allGrey(icm));
        return redraw(in, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    }

    public static boolean isBilevel(BufferedImage img) {
        if (img.getColorModel() instanceof IndexColorModel icm && icm.getMapSize() == 2) {
            return allGrey(icm);
        }
        return img.getColorModel().getPixelSize() == 1;
    }

    private static boolean blackIsZero(BufferedImage img) {
        return img.getColorModel() instanceof IndexColorModel icm && (icm.getRGB(0) & 0xffffff) == 0;
    }

    private static boolean allGrey(IndexColorModel icm) {
        for (int i = 0; i < icm.getMapSize(); i++) {
            if (icm.getRed(i) != icm.getGreen(i) || icm.getGreen(i) != icm.getBlue(i)) {
                return false;
            }
        }
        return true;
    }

    private static BufferedImage redraw(BufferedImage in, int type) {
        BufferedImage out = new BufferedImage(in.getWidth(), in.getHeight(), type);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, in.getWidth(), in.getHeight());
            g.drawImage(in, 0, 0, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Pixels in the layout Tesseract's SetImage takes: 1 byte a pixel (grey) or 3 (R, G, B). */
    public record RawPixels(ByteBuffer buffer, int width, int height, int bytesPerPixel, int bytesPerLine) {}

    public static RawPixels raw(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        if (img.getType() == BufferedImage.TYPE_INT_RGB) {
            int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
            ByteBuffer buf = ByteBuffer.allocateDirect(w * h * 3);
            byte[] row = new byte[w * 3];
            for (int y = 0; y < h; y++) {
                int base = y * w;
                for (int x = 0; x < w; x++) {
                    int p = px[base + x];
                    row[3 * x] = (byte) (p >> 16);
                    row[3 * x + 1] = (byte) (p >> 8);
                    row[3 * x + 2] = (byte) p;
                }
                buf.put(row);
            }
            buf.flip();
            return new RawPixels(buf, w, h, 3, w * 3);
        }
        BufferedImage grey =
                img.getType() == BufferedImage.TYPE_BYTE_GRAY ? img : redraw(img, BufferedImage.TYPE_BYTE_GRAY);
        byte[] data = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        ByteBuffer buf = ByteBuffer.allocateDirect(w * h);
        buf.put(data, 0, w * h);
        buf.flip();
        return new RawPixels(buf, w, h, 1, w);
    }

    /** Rotated clockwise by a multiple of 90 degrees, exactly (no resampling). */
    public static BufferedImage rotateQuarter(BufferedImage in, int degrees) {
        int d = ((degrees % 360) + 360) % 360;
        if (d == 0) {
            return in;
        }
        int w = in.getWidth();
        int h = in.getHeight();
        boolean swap = d == 90 || d == 270;
        BufferedImage out = sameKind(in, swap ? h : w, swap ? w : h);
        Raster src = in.getRaster();
        WritableRaster dst = out.getRaster();
        int bands = src.getNumBands();
        int[] row = new int[w * bands];
        for (int y = 0; y < h; y++) {
            src.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int nx;
                int ny;
                switch (d) {
                    case 90 -> {
                        nx = h - 1 - y;
                        ny = x;
                    }
                    case 180 -> {
                        nx = w - 1 - x;
                        ny = h - 1 - y;
                    }
                    default -> {
                        nx = y;
                        ny = w - 1 - x;
                    }
                }
                for (int b = 0; b < bands; b++) {
                    dst.setSample(nx, ny, b, row[x * bands + b]);
                }
            }
        }
        return out;
    }

    /**
     * Rotated clockwise by a small angle about the centre, same size, uncovered corners white; bilevel
     * images by nearest neighbour (they stay bilevel), others bilinear.
     */
    public static BufferedImage rotateSmall(BufferedImage in, double degrees) {
        BufferedImage out = sameKind(in, in.getWidth(), in.getHeight());
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            boolean bilevel = in.getType() == BufferedImage.TYPE_BYTE_BINARY;
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION,
                    bilevel
                            ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR
                            : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(
                    in,
                    AffineTransform.getRotateInstance(
                            Math.toRadians(degrees), in.getWidth() / 2.0, in.getHeight() / 2.0),
                    null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static BufferedImage sameKind(BufferedImage in, int w, int h) {
        if (in.getType() == BufferedImage.TYPE_BYTE_BINARY && in.getColorModel() instanceof IndexColorModel icm) {
            return new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY, icm);
        }
        return new BufferedImage(w, h, in.getType());
    }

    /** Luminance (0 black .. 255 white) of a downscaled copy whose longer side is at most {@code maxSide}. */
    public static Grey greySample(BufferedImage in, int maxSide) {
        int step = Math.max(1, (Math.max(in.getWidth(), in.getHeight()) + maxSide - 1) / maxSide);
        int w = in.getWidth() / step;
        int h = in.getHeight() / step;
        byte[] lum = new byte[w * h];
        Raster r = in.getRaster();
        int bands = r.getNumBands();
        boolean rgb = in.getType() == BufferedImage.TYPE_INT_RGB;
        boolean binary = in.getType() == BufferedImage.TYPE_BYTE_BINARY;
        int[] px = new int[bands];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v;
                if (rgb) {
                    int p = in.getRGB(x * step, y * step);
                    v = (((p >> 16) & 0xff) * 30 + ((p >> 8) & 0xff) * 59 + (p & 0xff) * 11) / 100;
                } else {
                    r.getPixel(x * step, y * step, px);
                    v = binary ? px[0] * 255 : px[0];
                }
                lum[y * w + x] = (byte) v;
            }
        }
        return new Grey(lum, w, h, step);
    }

    /** A luminance sample and the step it was taken at. */
    public record Grey(byte[] lum, int width, int height, int step) {
        public int at(int x, int y) {
            return lum[y * width + x] & 0xff;
        }
    }

    /**
     * Whitens dark bands along the edges (the shadow of the scanner lid, punched-hole strips): rows and
     * columns within 6% of an edge that are more than half dark, walking in from the edge until one is not.
     */
    public static BufferedImage cleanBorders(BufferedImage in) {
        Grey g = greySample(in, 1000);
        int top = darkBand(g, true, false);
        int bottom = darkBand(g, true, true);
        int left = darkBand(g, false, false);
        int right = darkBand(g, false, true);
        if (top + bottom + left + right == 0) {
            return in;
        }
        int s = g.step();
        Graphics2D gr = in.createGraphics();
        try {
            gr.setColor(Color.WHITE);
            int w = in.getWidth();
            int h = in.getHeight();
            if (top > 0) {
                gr.fillRect(0, 0, w, (top + 1) * s);
            }
            if (bottom > 0) {
                gr.fillRect(0, h - (bottom + 1) * s, w, (bottom + 1) * s);
            }
            if (left > 0) {
                gr.fillRect(0, 0, (left + 1) * s, h);
            }
            if (right > 0) {
                gr.fillRect(w - (right + 1) * s, 0, (right + 1) * s, h);
            }
        } finally {
            gr.dispose();
        }
        return in;
    }

    private static int darkBand(Grey g, boolean rows, boolean fromEnd) {
        int lines = rows ? g.height() : g.width();
        int length = rows ? g.width() : g.height();
        int max = lines * 6 / 100;
        int band = 0;
        for (int i = 0; i < max; i++) {
            int line = fromEnd ? lines - 1 - i : i;
            int dark = 0;
            for (int j = 0; j < length; j++) {
                int v = rows ? g.at(j, line) : g.at(line, j);
                if (v < 96) {
                    dark++;
                }
            }
            if (dark * 2 <= length) {
                break;
            }
            band = i + 1;
        }
        return band;
    }
}
