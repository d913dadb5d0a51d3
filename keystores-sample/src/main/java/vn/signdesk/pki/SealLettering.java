package vn.signdesk.pki;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Lettering for a round seal: words set along an arc of the band, or on one straight line, in the
 * DejaVu Sans Bold font bundled with this module (its licence lies beside it), so that a server with
 * no fonts at all draws the same letters.
 *
 * <p>Implementation notes. Glyph outlines are filled as shapes, so the platform's text rendering
 * settings play no part and one JVM draws the same pixels every time. Letters are narrowed to
 * {@value #CONDENSED} of their width, as a seal's lettering is. Along an arc each letter stands on a
 * circle of the baseline radius, upright to it: on the upper arc its top points outwards, on the lower
 * arc inwards, so both read left to right the way a seal is read. Sizes are fitted to the room: the
 * tallest mark (the stacked diacritics of {@code Ố}, the dot below {@code Ộ}) decides the height.
 * The font is loaded once per JVM; {@link Font#createFont(int, InputStream)} copies it to a
 * temporary file (removed at exit), so {@code java.io.tmpdir} must be writable.
 */
final class SealLettering {

    static final double CONDENSED = 0.85;
    static final String FONT_RESOURCE = "fonts/DejaVuSans-Bold.ttf";
    /** At most this much extra room between letters on an arc, as a share of the font size. */
    private static final double MAX_TRACKING = 0.3;
    /** The size at which the font is measured before it is fitted. */
    private static final float MEASURE_SIZE = 100f;

    private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    private SealLettering() {}

    private static final class Holder {
        static final Font FONT = load();
    }

    private static Font load() {
        try (InputStream in = SealLettering.class.getResourceAsStream(FONT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the seal font " + FONT_RESOURCE + " is missing from the classpath");
            }
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the seal font " + FONT_RESOURCE, e);
        } catch (FontFormatException e) {
            throw new IllegalStateException("the seal font " + FONT_RESOURCE + " is not a TrueType font", e);
        }
    }

    /** A font size and how far the highest mark rises above the baseline and the lowest falls below it. */
    record Extent(double size, double ascent, double descent) {

        double height() {
            return ascent + descent;
        }

        /** This extent, or a smaller one in which {@code text} is at most {@code width} wide, narrowed. */
        Extent narrowedTo(String text, double width) {
            double natural = advance(glyphs(text, size)) * CONDENSED;
            double scale = Math.min(1, width / natural);
            return new Extent(size * scale, ascent * scale, descent * scale);
        }
    }

    /**
     * The size at which the tallest of {@code lines}, from the top of its highest mark to the bottom of
     * its lowest, is {@code height} high.
     */
    static Extent fit(double height, String... lines) {
        double ascent = 0;
        double descent = 0;
        for (String line : lines) {
            Rectangle2D bounds = glyphs(line, MEASURE_SIZE).getVisualBounds();
            ascent = Math.max(ascent, -bounds.getMinY());
            descent = Math.max(descent, bounds.getMaxY());
        }
        double scale = height / (ascent + descent);
        return new Extent(MEASURE_SIZE * scale, ascent * scale, descent * scale);
    }

    /**
     * Sets {@code text} along a circle around ({@code c}, {@code c}), centred on the top of the circle
     * ({@code upper}) or on its bottom, spread over at most {@code halfSpan} radians either side.
     *
     * @param baselineRadius the radius of the letters' baseline
     * @throws IllegalArgumentException when the text at this size does not fit in the span
     */
    static void drawOnArc(
            Graphics2D g, double c, String text, double size, double baselineRadius, double halfSpan, boolean upper) {
        GlyphVector glyphs = glyphs(text, size);
        int count = glyphs.getNumGlyphs();
        double natural = advance(glyphs) * CONDENSED;
        double room = 2 * halfSpan * baselineRadius;
        if (natural > room + 0.5) {
            throw new IllegalArgumentException("'" + text + "' does not fit on the seal's arc at size " + size);
        }
        double tracking = count < 2 ? 0 : Math.min(MAX_TRACKING * size, (room - natural) / (count - 1));
        double start = -(natural + tracking * (count - 1)) / 2;
        for (int i = 0; i < count; i++) {
            double x = glyphs.getGlyphPosition(i).getX();
            double half = glyphs.getGlyphMetrics(i).getAdvance() / 2;
            double angle = (start + (x + half) * CONDENSED + i * tracking) / baselineRadius;
            AffineTransform place = AffineTransform.getTranslateInstance(c, c);
            place.rotate(upper ? angle : -angle);
            place.translate(0, upper ? -baselineRadius : baselineRadius);
            place.scale(CONDENSED, 1);
            place.translate(-(x + half), 0);
            g.fill(place.createTransformedShape(glyphs.getGlyphOutline(i)));
        }
    }

    /** Sets {@code text} on one straight line centred on {@code centreX}, narrowed, on {@code baselineY}. */
    static void drawLine(Graphics2D g, double centreX, double baselineY, String text, double size) {
        GlyphVector glyphs = glyphs(text, size);
        AffineTransform place = AffineTransform.getTranslateInstance(centreX, baselineY);
        place.scale(CONDENSED, 1);
        place.translate(-advance(glyphs) / 2, 0);
        g.fill(place.createTransformedShape(glyphs.getOutline()));
    }

    private static GlyphVector glyphs(String text, double size) {
        Font font = Holder.FONT.deriveFont((float) size);
        int missing = font.canDisplayUpTo(text);
        if (missing >= 0) {
            throw new IllegalArgumentException("the seal font has no glyph for '" + text.charAt(missing) + "'");
        }
        return font.createGlyphVector(FRC, text);
    }

    private static double advance(GlyphVector glyphs) {
        return glyphs.getGlyphPosition(glyphs.getNumGlyphs()).getX();
    }
}
