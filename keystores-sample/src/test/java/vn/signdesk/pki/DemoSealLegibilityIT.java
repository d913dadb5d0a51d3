package vn.signdesk.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.signdesk.pki.DemoImages.BAND_INNER;
import static vn.signdesk.pki.DemoImages.BAND_OUTER;
import static vn.signdesk.pki.DemoImages.CENTRE_TEXT_HEIGHT;
import static vn.signdesk.pki.DemoImages.CENTRE_TEXT_TOP;
import static vn.signdesk.pki.DemoImages.LOWER_ARC_HALF_SPAN;
import static vn.signdesk.pki.DemoImages.SEAL_CENTRE;
import static vn.signdesk.pki.DemoImages.UPPER_ARC_HALF_SPAN;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads the demo seal with the real Tesseract (Vietnamese model), as a person reads a seal: the band
 * is unrolled from polar to straight lines, one strip per arc, and the centre is cut out. The seal and
 * the strips stay in {@code target/seal-ocr} for a person to look at.
 */
class DemoSealLegibilityIT {

    private static final Path OUT = Path.of("target", "seal-ocr");
    /** Room kept off the rings when unrolling the band, in pixels of the seal. */
    private static final double RING_MARGIN = 2;
    /** White paper around each image given to Tesseract, which reads poorly up to the edge. */
    private static final int PADDING = 24;

    @BeforeAll
    static void outputDirectory() throws IOException {
        Files.createDirectories(OUT);
    }

    @Test
    void sealPng_department_readsTheCityCommitteeTheDepartmentAndThePlace() throws Exception {
        byte[] png = DemoImages.sealPng();
        Files.write(OUT.resolve("seal.png"), png);
        BufferedImage seal = ImageIO.read(new ByteArrayInputStream(png));

        String upper = Tesseract.readLine(save(upperArc(seal), "department-upper-arc.png"));
        String centre = Tesseract.readLine(save(centre(seal), "department-centre.png"));
        String lower = Tesseract.readLine(save(lowerArc(seal), "department-lower-arc.png"));

        assertReads(upper, "UBND THÀNH PHỐ HÀ NỘI", 2);
        assertThat(squeeze(upper))
                .as("diacritics of the upper arc, read %s", upper)
                .contains("HÀNỘI");
        assertReads(centre, "SỞ TƯ PHÁP", 1);
        assertThat(squeeze(centre))
                .as("diacritics of the centre, read %s", centre)
                .contains("TƯPHÁP");
        assertReads(lower, "TP. HÀ NỘI", 2);
        assertThat(squeeze(lower))
                .as("diacritics of the lower arc, read %s", lower)
                .contains("HÀNỘI");
    }

    @Test
    void drawSeal_anotherDepartment_readsThatDepartmentsWords() throws Exception {
        SealText health = SealText.ofDepartment("Sở Y tế", "Tỉnh Bắc Ninh");
        BufferedImage seal = DemoImages.drawSeal(health);
        save(seal, "health-seal.png");

        String upper = Tesseract.readLine(save(upperArc(seal), "health-upper-arc.png"));
        String centre = Tesseract.readLine(save(centre(seal), "health-centre.png"));

        assertReads(upper, "UBND TỈNH BẮC NINH", 2);
        assertThat(squeeze(upper)).as("read %s", upper).doesNotContain("HÀNỘI");
        assertReads(centre, "SỞ Y TẾ", 1);
    }

    /** The band above the centre, unrolled left to right, letters upright; black ink on white. */
    private static BufferedImage upperArc(BufferedImage seal) {
        return unroll(seal, UPPER_ARC_HALF_SPAN, true);
    }

    /** The band below the centre, unrolled left to right as read from below, letters upright. */
    private static BufferedImage lowerArc(BufferedImage seal) {
        return unroll(seal, LOWER_ARC_HALF_SPAN, false);
    }

    /**
     * Maps the band between the rings to a rectangle: a column per step of arc length at the band's
     * middle radius, a row per pixel of radius, the letters' tops at the strip's top.
     */
    private static BufferedImage unroll(BufferedImage seal, double halfSpan, boolean upper) {
        double inner = BAND_INNER - RING_MARGIN;
        double outer = BAND_OUTER + RING_MARGIN;
        int width = (int) Math.ceil(2 * halfSpan * (inner + outer) / 2);
        int height = (int) Math.ceil(outer - inner);
        BufferedImage strip = paper(width, height);
        for (int u = 0; u < width; u++) {
            double along = -halfSpan + 2 * halfSpan * (u + 0.5) / width;
            double angle = upper ? along : Math.PI - along;
            for (int v = 0; v < height; v++) {
                double depth = (v + 0.5) / height * (outer - inner);
                double radius = upper ? outer - depth : inner + depth;
                double x = SEAL_CENTRE + radius * Math.sin(angle);
                double y = SEAL_CENTRE - radius * Math.cos(angle);
                strip.setRGB(u + PADDING, v + PADDING, grey(ink(seal, x, y)));
            }
        }
        return strip;
    }

    /** The organisation's line across the centre, inside the inner rings only. */
    private static BufferedImage centre(BufferedImage seal) {
        double radius = DemoImages.INNER_RING_RADIUS - 12;
        int top = (int) (CENTRE_TEXT_TOP - 6);
        int left = (int) (SEAL_CENTRE - radius);
        int width = (int) (2 * radius);
        int height = (int) (CENTRE_TEXT_HEIGHT + 12);
        BufferedImage cut = paper(width, height);
        for (int v = 0; v < height; v++) {
            for (int u = 0; u < width; u++) {
                double x = left + u + 0.5;
                double y = top + v + 0.5;
                boolean inside = Math.hypot(x - SEAL_CENTRE, y - SEAL_CENTRE) < radius;
                cut.setRGB(u + PADDING, v + PADDING, grey(inside ? ink(seal, x, y) : 0));
            }
        }
        return cut;
    }

    private static BufferedImage paper(int width, int height) {
        BufferedImage image = new BufferedImage(width + 2 * PADDING, height + 2 * PADDING, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                image.setRGB(x, y, 0xffffff);
            }
        }
        return image;
    }

    /** How much ink covers the seal at a point between pixels (0 paper, 1 full ink): its alpha, bilinear. */
    private static double ink(BufferedImage seal, double x, double y) {
        double fx = x - 0.5;
        double fy = y - 0.5;
        int x0 = (int) Math.floor(fx);
        int y0 = (int) Math.floor(fy);
        double dx = fx - x0;
        double dy = fy - y0;
        return (alpha(seal, x0, y0) * (1 - dx) + alpha(seal, x0 + 1, y0) * dx) * (1 - dy)
                + (alpha(seal, x0, y0 + 1) * (1 - dx) + alpha(seal, x0 + 1, y0 + 1) * dx) * dy;
    }

    private static double alpha(BufferedImage seal, int x, int y) {
        if (x < 0 || y < 0 || x >= seal.getWidth() || y >= seal.getHeight()) {
            return 0;
        }
        return (seal.getRGB(x, y) >>> 24) / 255.0;
    }

    private static int grey(double ink) {
        int level = (int) Math.round(255 * (1 - Math.min(1, ink)));
        return level << 16 | level << 8 | level;
    }

    private static Path save(BufferedImage image, String name) throws IOException {
        Path file = OUT.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static void assertReads(String read, String expected, int maxEdits) {
        assertThat(levenshtein(squeeze(read), squeeze(expected)))
                .as("Tesseract read '%s' where the seal says '%s'", read.strip(), expected)
                .isLessThanOrEqualTo(maxEdits);
    }

    /** Capitals in NFC without any white space, so that letter spacing on the seal does not count. */
    private static String squeeze(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC)
                .toUpperCase(Locale.forLanguageTag("vi"))
                .replaceAll("\\s+", "");
    }

    /** Edits (insert, delete, replace one code point) that turn {@code a} into {@code b}. */
    static int levenshtein(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        int[] previous = new int[y.length + 1];
        int[] current = new int[y.length + 1];
        for (int j = 0; j <= y.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= x.length; i++) {
            current[0] = i;
            for (int j = 1; j <= y.length; j++) {
                int replace = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
                current[j] = Math.min(replace, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length];
    }
}
