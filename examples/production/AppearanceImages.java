import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Draws the appearance images of the production example's seal profile, as an operator would scan
 * them: {@code signature.png} (a blue handwritten signature) and {@code seal.png} (a red round seal
 * with the organisation's name around its ring and a star in its centre, 40 mm across), both on a
 * transparent background at 300 dpi (PNG pHYs), so they are placed at their real size.
 *
 * <p>Run with the JDK alone, no build: {@code java AppearanceImages.java OUT_DIR "ORGANISATION"}.
 * The lettering uses DejaVu Sans (package fonts-dejavu-core), which has every Vietnamese diacritic.
 */
public final class AppearanceImages {

    private static final double DPI = 300;
    private static final Color INK_BLUE = new Color(20, 48, 156);
    private static final Color SEAL_RED = new Color(206, 22, 38, 235);

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: java AppearanceImages.java OUT_DIR ORGANISATION");
            System.exit(1);
        }
        File dir = new File(args[0]);
        write(signature(), new File(dir, "signature.png"));
        write(seal(args[1], 40), new File(dir, "seal.png"));
    }

    /** A signature: a capital loop, a run of cursive letters and an underline flourish. */
    static BufferedImage signature() {
        BufferedImage image = new BufferedImage(600, 240, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = prepare(image);
        g.setColor(INK_BLUE);
        g.setStroke(new BasicStroke(7f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double p = new Path2D.Double();
        p.moveTo(60, 160);
        p.curveTo(30, 60, 160, 10, 170, 80);
        p.curveTo(178, 140, 90, 180, 82, 140);
        p.curveTo(76, 105, 160, 100, 200, 125);
        for (int i = 0; i < 6; i++) {
            double x = 200 + i * 45;
            p.curveTo(x + 15, 140, x + 10, 85, x + 25, 88);
            p.curveTo(x + 42, 92, x + 28, 142, x + 45, 138);
        }
        p.curveTo(500, 135, 520, 60, 540, 50);
        g.draw(p);
        g.setStroke(new BasicStroke(5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Path2D.Double flourish = new Path2D.Double();
        flourish.moveTo(70, 200);
        flourish.curveTo(220, 175, 400, 215, 560, 180);
        g.draw(flourish);
        g.dispose();
        return image;
    }

    /** A round seal {@code diameterMm} across: two rings, the name set around the top, a star inside. */
    static BufferedImage seal(String organisation, double diameterMm) {
        int size = (int) Math.round(diameterMm / 25.4 * DPI);
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = prepare(image);
        g.setColor(SEAL_RED);
        double c = size / 2.0;
        double outer = c - 6;
        double inner = outer * 0.70;
        g.setStroke(new BasicStroke(9f));
        g.draw(new Ellipse2D.Double(c - outer, c - outer, 2 * outer, 2 * outer));
        g.setStroke(new BasicStroke(4f));
        g.draw(new Ellipse2D.Double(c - inner, c - inner, 2 * inner, 2 * inner));
        ringText(g, organisation.toUpperCase(java.util.Locale.ROOT), c, (outer + inner) / 2, outer - inner);
        g.fill(star(c, c, inner * 0.45, inner * 0.18));
        g.dispose();
        return image;
    }

    /** Sets {@code text} clockwise around a circle of {@code radius}, centred on the top, letters upright to it. */
    private static void ringText(Graphics2D g, String text, double c, double radius, double band) {
        FontRenderContext frc = g.getFontRenderContext();
        Font font = new Font("DejaVu Sans", Font.BOLD, 10).deriveFont((float) (band * 0.55));
        GlyphVector glyphs = font.createGlyphVector(frc, text);
        double width = glyphs.getLogicalBounds().getWidth();
        // at most 300 degrees of the ring; a longer name is set in a narrower font
        double maxArc = Math.toRadians(300) * radius;
        if (width > maxArc) {
            font = font.deriveFont(AffineTransform.getScaleInstance(maxArc / width, 1));
            glyphs = font.createGlyphVector(frc, text);
            width = glyphs.getLogicalBounds().getWidth();
        }
        double baseline = radius - font.getLineMetrics(text, frc).getAscent() / 2.5;
        double angle = -Math.PI / 2 - width / 2 / radius;
        for (int i = 0; i < glyphs.getNumGlyphs(); i++) {
            double advance = glyphs.getGlyphMetrics(i).getAdvance();
            double a = angle + advance / 2 / baseline;
            AffineTransform t = new AffineTransform();
            t.translate(c + baseline * Math.cos(a), c + baseline * Math.sin(a));
            t.rotate(a + Math.PI / 2);
            t.translate(-advance / 2, 0);
            java.awt.Shape glyph = glyphs.getGlyphOutline(i, (float) -glyphs.getGlyphPosition(i).getX(), 0);
            g.fill(t.createTransformedShape(glyph));
            angle += advance / baseline;
        }
    }

    private static Path2D star(double cx, double cy, double outer, double inner) {
        Path2D.Double star = new Path2D.Double();
        for (int i = 0; i < 10; i++) {
            double r = i % 2 == 0 ? outer : inner;
            double a = -Math.PI / 2 + i * Math.PI / 5;
            if (i == 0) {
                star.moveTo(cx + r * Math.cos(a), cy + r * Math.sin(a));
            } else {
                star.lineTo(cx + r * Math.cos(a), cy + r * Math.sin(a));
            }
        }
        star.closePath();
        return star;
    }

    private static Graphics2D prepare(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        return g;
    }

    /** Writes a PNG whose pHYs chunk says 300 dpi. */
    private static void write(BufferedImage image, File file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), null);
        IIOMetadataNode phys = new IIOMetadataNode("pHYs");
        String pixelsPerMetre = Long.toString(Math.round(DPI / 0.0254));
        phys.setAttribute("pixelsPerUnitXAxis", pixelsPerMetre);
        phys.setAttribute("pixelsPerUnitYAxis", pixelsPerMetre);
        phys.setAttribute("unitSpecifier", "meter");
        IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
        root.appendChild(phys);
        metadata.mergeTree("javax_imageio_png_1.0", root);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file)) {
            writer.setOutput(out);
            writer.write(new IIOImage(image, null, metadata));
        } finally {
            writer.dispose();
        }
    }
}
