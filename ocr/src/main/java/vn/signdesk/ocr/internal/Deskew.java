package vn.signdesk.ocr.internal;

import java.awt.image.BufferedImage;

/**
 * Finds the skew of text lines by projection profiles: dark pixels of a downscaled copy are projected
 * on lines at each candidate angle, and the angle whose profile has the sharpest peaks (largest sum of
 * squared bin counts) wins. A coarse sweep over ±30° in 1° steps, then ±1° around the best in 0.1°.
 *
 * <p>Tesseract copes with a degree or two of skew by itself; what it cannot read is a page scanned at
 * 10 or 20 degrees, which is what this is for. Pages without a clear winner (pictures, almost empty
 * pages) report 0.
 */
public final class Deskew {

    private static final int SAMPLE_SIDE = 1000;
    private static final int MAX_POINTS = 150_000;

    private Deskew() {}

    /**
     * The clockwise tilt of the text lines in degrees (lines falling to the right are positive): rotating
     * the page by the opposite angle makes them horizontal. 0 when unclear.
     */
    public static double angle(BufferedImage img) {
        PageImages.Grey g = PageImages.greySample(img, SAMPLE_SIDE);
        int n = 0;
        int[] xs = new int[g.width() * g.height() / 4 + 1];
        int[] ys = new int[xs.length];
        outer:
        for (int y = 0; y < g.height(); y++) {
            for (int x = 0; x < g.width(); x++) {
                if (g.at(x, y) < 128) {
                    if (n == xs.length) {
                        break outer;
                    }
                    xs[n] = x;
                    ys[n] = y;
                    n++;
                }
            }
        }
        if (n < 200) {
            return 0;
        }
        int stride = Math.max(1, n / MAX_POINTS);
        double zero = score(xs, ys, n, stride, g.width(), g.height(), 0);
        double best = 0;
        double bestScore = zero;
        for (double a = -30; a <= 30; a += 1) {
            double s = score(xs, ys, n, stride, g.width(), g.height(), a);
            if (s > bestScore) {
                bestScore = s;
                best = a;
            }
        }
        double coarse = best;
        for (double a = coarse - 1; a <= coarse + 1.0001; a += 0.1) {
            double s = score(xs, ys, n, stride, g.width(), g.height(), a);
            if (s > bestScore) {
                bestScore = s;
                best = a;
            }
        }
        // a clear winner only: sharper than the unrotated profile by a margin
        if (bestScore < zero * 1.15) {
            return 0;
        }
        return Math.round(best * 10) / 10.0;
    }

    /** Sum of squared counts of the dark pixels projected on lines tilted by {@code degrees}. */
    private static double score(int[] xs, int[] ys, int n, int stride, int w, int h, double degrees) {
        double rad = Math.toRadians(degrees);
        double sin = Math.sin(rad);
        double cos = Math.cos(rad);
        int offset = (int) Math.ceil(w * Math.abs(sin)) + 1;
        int[] bins = new int[(int) Math.ceil(h * Math.abs(cos) + w * Math.abs(sin)) + 2 * offset + 2];
        for (int i = 0; i < n; i += stride) {
            // row of the pixel once the image is rotated by -degrees
            int row = (int) Math.round(ys[i] * cos - xs[i] * sin) + offset;
            if (row >= 0 && row < bins.length) {
                bins[row]++;
            }
        }
        double s = 0;
        for (int b : bins) {
            s += (double) b * b;
        }
        return s;
    }
}
