package vn.signdesk.pki;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The demo appearance images (Decree 30/2020): a blue handwritten signature and a red round seal,
 * both PNG on a transparent background at 300 dpi.
 *
 * <p>Implementation notes. Drawn with Java2D on a {@link BufferedImage}, which needs no display and
 * no fonts (a headless server may have none), so the seal's lettering is imitated with strokes. All
 * randomness comes from fixed seeds, so the same JVM produces the same bytes every time; the images
 * are made once per JVM and copied out. The PNGs carry a pHYs chunk of 300 dpi so that tools which
 * honour it place them at their real size.
 */
final class DemoImages {

    /** Pixels per metre at 300 dpi, for the PNG pHYs chunk. */
    private static final int PIXELS_PER_METRE = 11811;

    static final int SIGNATURE_WIDTH = 600;
    static final int SIGNATURE_HEIGHT = 240;
    /** 40 mm at 300 dpi. */
    static final int SEAL_SIZE = (int) Math.round(DemoPki.SEAL_DIAMETER_MM / 25.4 * 300);

    private static final Color INK_BLUE = new Color(20, 48, 156);
    private static final Color SEAL_RED = new Color(206, 22, 38, 235);

    private DemoImages() {}

    private static final class Holder {
        static final byte[] SIGNATURE = png(drawSignature());
        static final byte[] SEAL = png(drawSeal());
    }

    static byte[] signaturePng() {
        return Holder.SIGNATURE.clone();
    }

    static byte[] sealPng() {
        return Holder.SEAL.clone();
    }

    static BufferedImage drawSignature() {
        BufferedImage image = new BufferedImage(SIGNATURE_WIDTH, SIGNATURE_HEIGHT, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = prepare(image);
        g.setColor(INK_BLUE);

        // a capital loop, a run of cursive letters, a final rise, and an underline flourish
        Path2D.Double stroke = new Path2D.Double();
        stroke.moveTo(70, 150);
        stroke.curveTo(40, 60, 150, 20, 160, 80);
        stroke.curveTo(168, 130, 90, 175, 80, 140);
        stroke.curveTo(72, 110, 150, 100, 190, 120);
        stroke.curveTo(215, 132, 210, 90, 232, 92);
        stroke.curveTo(252, 94, 236, 140, 258, 138);
        stroke.curveTo(280, 136, 282, 84, 302, 88);
        stroke.curveTo(322, 92, 300, 142, 326, 140);
        stroke.curveTo(350, 138, 356, 60, 372, 48);
        stroke.curveTo(388, 38, 384, 100, 376, 132);
        stroke.curveTo(370, 158, 404, 146, 420, 118);
        stroke.curveTo(436, 92, 452, 96, 448, 124);
        stroke.curveTo(444, 150, 478, 140, 500, 104);
        stroke.curveTo(512, 84, 530, 70, 548, 62);
        drawVariableWidth(g, stroke, 2.2, 5.2);

        Path2D.Double underline = new Path2D.Double();
        underline.moveTo(96, 196);
        underline.curveTo(220, 170, 380, 168, 470, 182);
        underline.curveTo(520, 190, 540, 200, 500, 206);
        drawVariableWidth(g, underline, 1.6, 4.4);

        // the dot over the i and a short crossbar
        g.fill(new Ellipse2D.Double(296, 58, 7, 7));
        g.setStroke(new BasicStroke(3.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(350, 72, 398, 64));
        g.dispose();
        return image;
    }

    /** Draws a path as short segments whose width swells and thins like a pen under changing pressure. */
    private static void drawVariableWidth(Graphics2D g, Path2D path, double minWidth, double maxWidth) {
        PathIterator it = path.getPathIterator(null, 0.4);
        double[] coords = new double[6];
        double lastX = 0;
        double lastY = 0;
        double travelled = 0;
        while (!it.isDone()) {
            int type = it.currentSegment(coords);
            if (type == PathIterator.SEG_LINETO) {
                double length = Math.hypot(coords[0] - lastX, coords[1] - lastY);
                travelled += length;
                double pressure = 0.5 + 0.5 * Math.sin(travelled / 38.0) * Math.cos(travelled / 97.0);
                float width = (float) (minWidth + (maxWidth - minWidth) * pressure);
                g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(new Line2D.Double(lastX, lastY, coords[0], coords[1]));
            }
            lastX = coords[0];
            lastY = coords[1];
            it.next();
        }
    }

    static BufferedImage drawSeal() {
        int size = SEAL_SIZE;
        double c = size / 2.0;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = prepare(image);
        g.setColor(SEAL_RED);

        ring(g, c, c - 8, 11f);
        ring(g, c, c - 22, 2.5f);
        ring(g, c, c * 0.635, 3.5f);
        ring(g, c, c * 0.595, 1.5f);

        // imitated lettering around the band: glyph-like strokes, upright to the ring, with a gap at the bottom
        Random random = new Random(302020L);
        double bandInner = c * 0.68;
        double bandOuter = c - 34;
        int glyphs = 34;
        for (int i = 0; i < glyphs; i++) {
            double angle = Math.toRadians(-130 + 260.0 * i / (glyphs - 1)) - Math.PI / 2;
            drawGlyph(g, c, angle, bandInner, bandOuter, random, true);
        }
        // separators between the two lines of lettering
        for (double degrees : new double[] {153, 207}) {
            double angle = Math.toRadians(degrees) - Math.PI / 2;
            double r = (bandInner + bandOuter) / 2;
            star(g, c + r * Math.cos(angle), c + r * Math.sin(angle), 11, 4.4, angle + Math.PI / 2);
        }
        // lower lettering, upright when read from below as on a real seal
        for (int i = 0; i < 7; i++) {
            double angle = Math.toRadians(194 - 28.0 * i / 6) - Math.PI / 2;
            drawGlyph(g, c, angle, bandInner, bandOuter, random, false);
        }

        star(g, c, c - 12, 62, 24, 0);
        // two short lines of imitated text under the star, like the office's name
        for (int line = 0; line < 2; line++) {
            double y = c + 58 + line * 26;
            double half = line == 0 ? 82 : 56;
            double x = c - half;
            while (x < c + half - 6) {
                double w = 6 + random.nextInt(9);
                drawGlyphAt(g, x, y, Math.min(w, c + half - x), 16, random);
                x += w + 4;
            }
        }
        g.dispose();
        return image;
    }

    private static void drawGlyph(
            Graphics2D g, double c, double angle, double inner, double outer, Random random, boolean topOutward) {
        AffineTransform saved = g.getTransform();
        g.translate(c + Math.cos(angle) * (inner + outer) / 2, c + Math.sin(angle) * (inner + outer) / 2);
        g.rotate(topOutward ? angle + Math.PI / 2 : angle - Math.PI / 2);
        double height = (outer - inner) * 0.72;
        drawGlyphAt(g, -7, -height / 2, 14, height, random);
        g.setTransform(saved);
    }

    /** Draws two or three strokes inside a box, like one capital letter. */
    private static void drawGlyphAt(Graphics2D g, double x, double y, double w, double h, Random random) {
        g.setStroke(new BasicStroke(3.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        int shape = random.nextInt(6);
        Path2D.Double p = new Path2D.Double();
        switch (shape) {
            case 0 -> {
                p.moveTo(x, y + h);
                p.lineTo(x + w / 2, y);
                p.lineTo(x + w, y + h);
                p.moveTo(x + w / 4, y + h * 0.6);
                p.lineTo(x + w * 0.75, y + h * 0.6);
            }
            case 1 -> {
                p.moveTo(x, y);
                p.lineTo(x, y + h);
                p.moveTo(x + w, y);
                p.lineTo(x + w, y + h);
                p.moveTo(x, y + h / 2);
                p.lineTo(x + w, y + h / 2);
            }
            case 2 -> {
                p.moveTo(x + w, y);
                p.lineTo(x, y);
                p.lineTo(x, y + h);
                p.lineTo(x + w, y + h);
                p.moveTo(x, y + h / 2);
                p.lineTo(x + w * 0.7, y + h / 2);
            }
            case 3 -> {
                p.moveTo(x, y + h);
                p.lineTo(x, y);
                p.lineTo(x + w, y + h);
                p.lineTo(x + w, y);
            }
            case 4 -> p.append(new Ellipse2D.Double(x, y, w, h), false);
            default -> {
                p.moveTo(x, y);
                p.lineTo(x + w, y);
                p.moveTo(x + w / 2, y);
                p.lineTo(x + w / 2, y + h);
            }
        }
        g.draw(p);
    }

    private static void ring(Graphics2D g, double c, double radius, float width) {
        g.setStroke(new BasicStroke(width));
        g.draw(new Ellipse2D.Double(c - radius, c - radius, 2 * radius, 2 * radius));
    }

    /** Fills a five-pointed star centred on (x, y), pointing along {@code rotation} (0 = up). */
    private static void star(Graphics2D g, double x, double y, double outer, double inner, double rotation) {
        Path2D.Double star = new Path2D.Double();
        for (int i = 0; i < 10; i++) {
            double r = i % 2 == 0 ? outer : inner;
            double a = rotation - Math.PI / 2 + i * Math.PI / 5;
            if (i == 0) {
                star.moveTo(x + r * Math.cos(a), y + r * Math.sin(a));
            } else {
                star.lineTo(x + r * Math.cos(a), y + r * Math.sin(a));
            }
        }
        star.closePath();
        g.fill(star);
    }

    private static Graphics2D prepare(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        return g;
    }

    /** Encodes as PNG with a 300 dpi pHYs chunk, in memory (no ImageIO disk cache). */
    static byte[] png(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata metadata =
                    writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image), param);
            IIOMetadataNode phys = new IIOMetadataNode("pHYs");
            phys.setAttribute("pixelsPerUnitXAxis", Integer.toString(PIXELS_PER_METRE));
            phys.setAttribute("pixelsPerUnitYAxis", Integer.toString(PIXELS_PER_METRE));
            phys.setAttribute("unitSpecifier", "meter");
            IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
            root.appendChild(phys);
            metadata.mergeTree("javax_imageio_png_1.0", root);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, metadata), param);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode a demo image", e);
        } finally {
            writer.dispose();
        }
    }
}
