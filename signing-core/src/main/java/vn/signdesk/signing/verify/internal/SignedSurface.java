package vn.signdesk.signing.verify.internal;

import java.awt.geom.Point2D;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNumber;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.util.Matrix;
import org.apache.pdfbox.util.Vector;

/**
 * What the pages of a signed revision show, as rectangles: the text and images their content draws
 * and the annotations that show, so that a change to an annotation after signing can be judged by
 * whether it alters what a page shows over signed content (an overlay put over text, an overlay
 * taken away from text it hid).
 *
 * <p>Implementation notes. A page's content is run through PDFBox's graphics engine once, on first
 * question about that page, collecting the box of every visible glyph (its advance by the font's
 * ascent and descent, through the text rendering matrix) and of every image; paths are left out, so
 * that rules, boxes and background fills are not "content". Annotations count with their /Rect when
 * they show ({@link #shows}). Boxes are in default user space, as /Rect is. A page whose content
 * cannot be run is all content, and so is one with more boxes than {@link #MAX_BOXES}.
 */
final class SignedSurface {

    private static final int MAX_BOXES = 200_000;
    private static final Set<COSName> RENDERED_WITHOUT_APPEARANCE = Set.of(
            COSName.getPDFName("Text"),
            COSName.getPDFName("FreeText"),
            COSName.getPDFName("Square"),
            COSName.getPDFName("Circle"),
            COSName.getPDFName("Line"),
            COSName.getPDFName("Polygon"),
            COSName.getPDFName("PolyLine"),
            COSName.getPDFName("Ink"),
            COSName.getPDFName("Highlight"),
            COSName.getPDFName("Underline"),
            COSName.getPDFName("StrikeOut"),
            COSName.getPDFName("Squiggly"),
            COSName.getPDFName("Stamp"),
            COSName.getPDFName("Caret"),
            COSName.getPDFName("FileAttachment"),
            COSName.getPDFName("Sound"),
            COSName.getPDFName("Redact"));

    private static final int HIDDEN = 1 << 1;
    private static final int NO_VIEW = 1 << 5;

    /** A rectangle in default user space, normalised. */
    record Box(double x0, double y0, double x1, double y1) {

        /** The rectangle of an annotation's /Rect, or null when it has none. */
        static Box of(COSBase rect) {
            if (!(Snapshot.deref(rect) instanceof COSArray a) || a.size() < 4) {
                return null;
            }
            double[] v = new double[4];
            for (int i = 0; i < 4; i++) {
                if (!(Snapshot.deref(a.get(i)) instanceof COSNumber n)) {
                    return null;
                }
                v[i] = n.floatValue();
            }
            return new Box(Math.min(v[0], v[2]), Math.min(v[1], v[3]), Math.max(v[0], v[2]), Math.max(v[1], v[3]));
        }

        Box union(Box other) {
            return other == null
                    ? this
                    : new Box(
                            Math.min(x0, other.x0),
                            Math.min(y0, other.y0),
                            Math.max(x1, other.x1),
                            Math.max(y1, other.y1));
        }

        boolean overlaps(Box other) {
            return x0 < other.x1 && other.x0 < x1 && y0 < other.y1 && other.y0 < y1;
        }

        boolean hasArea() {
            return x1 > x0 && y1 > y0;
        }
    }

    private final Snapshot signed;
    private final Map<Integer, List<Box>> content = new HashMap<>();

    SignedSurface(Snapshot signed) {
        this.signed = signed;
    }

    /**
     * Whether an annotation shows: not hidden (/F Hidden or NoView), a /Rect with an area, and an
     * appearance, or a type viewers draw without one. Popups, links and widgets without appearance do not.
     */
    static boolean shows(COSDictionary annotation) {
        int flags = annotation.getInt(COSName.F, 0);
        Box box = Box.of(annotation.getItem(COSName.RECT));
        if ((flags & (HIDDEN | NO_VIEW)) != 0 || box == null || !box.hasArea()) {
            return false;
        }
        return annotation.getDictionaryObject(COSName.AP) instanceof COSDictionary ap && ap.containsKey(COSName.N)
                || RENDERED_WITHOUT_APPEARANCE.contains(annotation.getCOSName(COSName.SUBTYPE));
    }

    /**
     * Whether {@code box} on page {@code page} lies over what the signed revision shows there: text or
     * images of the page content, or an annotation that shows, other than {@code exceptOrNull}.
     */
    boolean overSignedContent(int page, Box box, COSObjectKey exceptOrNull) {
        if (box == null || !box.hasArea()) {
            return false;
        }
        for (Box ink : content.computeIfAbsent(page, this::ink)) {
            if (box.overlaps(ink)) {
                return true;
            }
        }
        for (Map.Entry<COSObjectKey, Integer> a : signed.annotations.entrySet()) {
            if (a.getValue() != page || a.getKey().equals(exceptOrNull)) {
                continue;
            }
            if (signed.resolve(a.getKey()) instanceof COSDictionary other
                    && shows(other)
                    && box.overlaps(Box.of(other.getItem(COSName.RECT)))) {
                return true;
            }
        }
        return false;
    }

    /** The boxes of the text and images page {@code page} of the signed revision draws. */
    private List<Box> ink(int page) {
        COSDictionary dict = null;
        for (Map.Entry<COSObjectKey, Integer> p : signed.pages.entrySet()) {
            if (p.getValue() == page && signed.resolve(p.getKey()) instanceof COSDictionary d) {
                dict = d;
            }
        }
        List<Box> boxes = new ArrayList<>();
        if (dict == null) {
            return everything();
        }
        try {
            new Ink(new PDPage(dict), boxes).processPage(new PDPage(dict));
            return boxes.size() >= MAX_BOXES ? everything() : boxes;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return everything();
        }
    }

    private static List<Box> everything() {
        return List.of(new Box(-Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE));
    }

    /** Collects the boxes of glyphs and images; paths draw nothing that counts. */
    private static final class Ink extends PDFGraphicsStreamEngine {
        private final List<Box> boxes;
        private final Point2D.Float current = new Point2D.Float();

        Ink(PDPage page, List<Box> boxes) {
            super(page);
            this.boxes = boxes;
        }

        @Override
        protected void showGlyph(Matrix trm, PDFont font, int code, Vector displacement) {
            RenderingMode mode = getGraphicsState().getTextState().getRenderingMode();
            if (mode == RenderingMode.NEITHER || mode == RenderingMode.NEITHER_CLIP || boxes.size() >= MAX_BOXES) {
                return;
            }
            PDFontDescriptor d = font.getFontDescriptor();
            float ascent = d != null && d.getAscent() > 0 ? d.getAscent() / 1000f : 0.8f;
            float descent = d != null && d.getDescent() < 0 ? d.getDescent() / 1000f : -0.2f;
            float width = displacement.getX() != 0 ? displacement.getX() : 0.5f;
            add(trm, 0, descent, width, ascent);
        }

        @Override
        public void drawImage(PDImage image) {
            if (boxes.size() < MAX_BOXES) {
                add(getGraphicsState().getCurrentTransformationMatrix(), 0, 0, 1, 1);
            }
        }

        private void add(Matrix m, float x0, float y0, float x1, float y1) {
            Point2D.Float[] corners = {
                m.transformPoint(x0, y0), m.transformPoint(x1, y0), m.transformPoint(x0, y1), m.transformPoint(x1, y1)
            };
            double minX = Double.MAX_VALUE;
            double minY = Double.MAX_VALUE;
            double maxX = -Double.MAX_VALUE;
            double maxY = -Double.MAX_VALUE;
            for (Point2D.Float c : corners) {
                minX = Math.min(minX, c.x);
                minY = Math.min(minY, c.y);
                maxX = Math.max(maxX, c.x);
                maxY = Math.max(maxY, c.y);
            }
            boxes.add(new Box(minX, minY, maxX, maxY));
        }

        @Override
        public void appendRectangle(Point2D p0, Point2D p1, Point2D p2, Point2D p3) {
            current.setLocation(p0);
        }

        @Override
        public void clip(int windingRule) {}

        @Override
        public void moveTo(float x, float y) {
            current.setLocation(x, y);
        }

        @Override
        public void lineTo(float x, float y) {
            current.setLocation(x, y);
        }

        @Override
        public void curveTo(float x1, float y1, float x2, float y2, float x3, float y3) {
            current.setLocation(x3, y3);
        }

        @Override
        public Point2D getCurrentPoint() {
            return current;
        }

        @Override
        public void closePath() {}

        @Override
        public void endPath() {}

        @Override
        public void strokePath() {}

        @Override
        public void fillPath(int windingRule) {}

        @Override
        public void fillAndStrokePath(int windingRule) {}

        @Override
        public void shadingFill(COSName shadingName) {}
    }
}
