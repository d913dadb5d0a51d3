package vn.signdesk.pki;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.PathIterator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The demo appearance images (Decree 30/2020): a blue handwritten signature and a red round seal
 * bearing the demo department's name, both PNG on a transparent background at 300 dpi.
 *
 * <p>Implementation notes. Drawn with Java2D on a {@link BufferedImage}, which needs no display; the
 * seal's lettering comes from a font bundled with this module ({@link SealLettering}), not from the
 * machine, which may have none. Nothing is random, so the same JVM produces the same bytes every
 * time; the images are made once per JVM and copied out. The PNGs carry a pHYs chunk of 300 dpi so that tools which
 * honour it place them at their real size.
 */
final class DemoImages {

    /** Pixels per metre at 300 dpi, for the PNG pHYs chunk. */
    private static final int PIXELS_PER_METRE = 11811;

    static final int SIGNATURE_WIDTH = 600;
    static final int SIGNATURE_HEIGHT = 240;
    /** 40 mm at 300 dpi. */
    static final int SEAL_SIZE = (int) Math.round(DemoPki.SEAL_DIAMETER_MM / 25.4 * 300);

    /** The centre of the seal, in pixels from its top and left edges. */
    static final double SEAL_CENTRE = SEAL_SIZE / 2.0;
    /** The radius of the thick ring inside the band, around the centre's star and name. */
    static final double INNER_RING_RADIUS = SEAL_CENTRE * 0.635;
    /** The radius that the lettering of the band keeps outside of (the inner ring, and some paper). */
    static final double BAND_INNER = INNER_RING_RADIUS + 7;
    /** The radius that the lettering of the band keeps inside of (the thin outer ring, and some paper). */
    static final double BAND_OUTER = SEAL_CENTRE - 29;
    /** The upper arc's lettering stays within this angle either side of the top, in radians. */
    static final double UPPER_ARC_HALF_SPAN = Math.toRadians(118);
    /** The lower arc's lettering stays within this angle either side of the bottom, in radians. */
    static final double LOWER_ARC_HALF_SPAN = Math.toRadians(38);
    /** Where the centre of the large star is, in pixels from the top. */
    static final double STAR_CENTRE_Y = SEAL_CENTRE - 50;
    /** Where the organisation's name in the centre begins (the top of its highest mark), from the top. */
    static final double CENTRE_TEXT_TOP = SEAL_CENTRE + 8;
    /** The most height the organisation's name in the centre may take. */
    static final double CENTRE_TEXT_HEIGHT = 48;
    /** The words of the demo department's seal, from the department's name in {@link DemoPki}. */
    static final SealText DEPARTMENT_SEAL_TEXT = SealText.ofDepartment(DemoPki.DEPARTMENT, DemoPki.DEPARTMENT_LOCALITY);

    private static final Color INK_BLUE = new Color(20, 48, 156);
    private static final Color SEAL_RED = new Color(206, 22, 38, 235);

    private DemoImages() {}

    private static final class Holder {
        static final byte[] SIGNATURE = png(drawSignature());
        static final byte[] SEAL = png(drawSeal(DEPARTMENT_SEAL_TEXT));
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

    /**
     * Draws a round seal with {@code text}: a thick and a thin outer ring, the band with the parent
     * authority along its upper arc and the place along its lower arc between two stars, a double inner
     * ring, and the organisation's name across the centre under the large star.
     */
    static BufferedImage drawSeal(SealText text) {
        int size = SEAL_SIZE;
        double c = SEAL_CENTRE;
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = prepare(image);
        g.setColor(SEAL_RED);

        ring(g, c, c - 8, 11f);
        ring(g, c, c - 22, 2.5f);
        ring(g, c, INNER_RING_RADIUS, 3.5f);
        ring(g, c, c * 0.595, 1.5f);

        // one size for both arcs, as tall as the band allows
        SealLettering.Extent band = SealLettering.fit(BAND_OUTER - BAND_INNER, text.upperArc(), text.lowerArc())
                .narrowedTo(text.upperArc(), 2 * UPPER_ARC_HALF_SPAN * BAND_INNER)
                .narrowedTo(text.lowerArc(), 2 * LOWER_ARC_HALF_SPAN * BAND_INNER);
        SealLettering.drawOnArc(
                g, c, text.upperArc(), band.size(), BAND_INNER + band.descent(), UPPER_ARC_HALF_SPAN, true);
        SealLettering.drawOnArc(
                g, c, text.lowerArc(), band.size(), BAND_OUTER - band.descent(), LOWER_ARC_HALF_SPAN, false);
        // a star in each gap between the two arcs of lettering, pointing outwards
        double gap = (UPPER_ARC_HALF_SPAN + Math.PI - LOWER_ARC_HALF_SPAN) / 2;
        double middle = (BAND_INNER + BAND_OUTER) / 2;
        for (double angle : new double[] {gap, -gap}) {
            star(g, c + middle * Math.sin(angle), c - middle * Math.cos(angle), 13, 5, angle);
        }

        star(g, c, STAR_CENTRE_Y, 50, 19, 0);
        // the organisation's name as wide as the inner circle allows at the line's lowest point
        double reach = INNER_RING_RADIUS - 16;
        double bottom = CENTRE_TEXT_TOP + CENTRE_TEXT_HEIGHT - c;
        SealLettering.Extent centre = SealLettering.fit(CENTRE_TEXT_HEIGHT, text.centre())
                .narrowedTo(text.centre(), 2 * Math.sqrt(reach * reach - bottom * bottom));
        SealLettering.drawLine(g, c, CENTRE_TEXT_TOP + centre.ascent(), text.centre(), centre.size());
        g.dispose();
        return image;
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
