package vn.signdesk.signing.appearance;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Where each part of an appearance goes inside its box: the signer image, the seal, and each text
 * line with its font size. Coordinates are PDF points in the upright box, origin bottom-left.
 *
 * <p>Implementation notes: the seal always keeps its real size; its right edge lies one third into
 * the signer image and the two share a vertical centre line, as Decree 30/2020, Appendix I asks
 * ("trùm lên khoảng 1/3 hình ảnh chữ ký ... về phía bên trái"). The signer image starts at its
 * natural size (its real size when the PNG states a resolution, else half the seal's height) and
 * may shrink to half of that. Each image size is tried with the text beside the images and below
 * them; the winner is the first of: text at {@link #PREFERRED_FONT_SIZE} or more, then fewer
 * lines (names and the signing time unbroken), then the larger image, then the larger text. Text wraps at spaces (inside a word only as a last resort, and never
 * inside the signing time) and shrinks from {@link #MAX_FONT_SIZE} down to {@link #MIN_FONT_SIZE};
 * if nothing fits, the box is too small. Pure arithmetic: the same input always gives the same
 * layout, which PAdES needs because the appearance is drawn twice (for the digest, then for the
 * signed file) and must be byte-identical.
 */
record StampLayout(float width, float height, float fontSize, List<Line> lines, Box signerOrNull, Box sealOrNull)
        implements Serializable {

    /** Padding inside the box and between the images and the text, in points. */
    static final float PADDING = 3f;

    /** Largest text size of a signature appearance, in points. */
    static final float MAX_FONT_SIZE = 10f;

    /** Text size below which a larger text wins over a larger signer image, in points. */
    static final float PREFERRED_FONT_SIZE = 8f;

    /** Smallest text size still legible on print, in points. */
    static final float MIN_FONT_SIZE = 6f;

    /** Text size of a copy stamp (Decree 30/2020, Appendix I: "cỡ chữ 10"), in points. */
    static final float COPY_STAMP_FONT_SIZE = 10f;

    /** The smallest text of a copy stamp on a small page, in points. */
    static final float MIN_COPY_STAMP_FONT_SIZE = 4f;

    /** Line distance as a multiple of the font size. */
    static final float LEADING = 1.2f;

    /** Height of a signer image of unknown resolution, as a fraction of the seal's diameter. */
    static final float SIGNER_TO_SEAL_HEIGHT = 0.5f;

    private static final float FONT_STEP = 0.25f;

    private static final float[] SIGNER_SCALES = {1f, 0.9f, 0.8f, 0.7f, 0.6f, 0.5f};

    /** A text line and where its baseline starts. */
    record Line(String text, float x, float baseline) implements Serializable {}

    /** A rectangle: lower-left corner, width and height. */
    record Box(float x, float y, float width, float height) implements Serializable {}

    /**
     * A text before wrapping. It may always wrap at spaces; only a paragraph whose words may be cut
     * is broken inside a word, as a last resort for a very long name.
     */
    record Paragraph(String text, boolean wordsMayBeCut) {}

    /**
     * Size of the signer image: its pixels and, when known, its natural size in points.
     *
     * @param naturalWidthOrZero width in points at the image's stated resolution, 0 if none
     */
    record ImageSize(int pixelWidth, int pixelHeight, float naturalWidthOrZero) {
        float aspect() {
            return (float) pixelWidth / pixelHeight;
        }
    }

    /**
     * Lays out a signature appearance in a {@code width} x {@code height} box.
     *
     * @param paragraphs the text lines before wrapping
     * @param signerOrNull size of the signer image, or null without one
     * @param sealDiameter the seal's diameter in points, or 0 without a seal
     * @throws IllegalArgumentException if the seal or the text does not fit the box
     */
    static StampLayout signature(
            float width, float height, List<Paragraph> paragraphs, ImageSize signerOrNull, float sealDiameter) {
        float innerW = width - 2 * PADDING;
        float innerH = height - 2 * PADDING;
        if (sealDiameter > 0 && (sealDiameter > innerW || sealDiameter > innerH)) {
            throw new IllegalArgumentException(String.format(
                    "The seal is %.1f mm across at its real size, but the signature box is only %.1f x %.1f mm;"
                            + " make the box at least %.1f mm in both directions.",
                    mm(sealDiameter), mm(width), mm(height), mm(sealDiameter + 2 * PADDING)));
        }
        if (innerW <= 0 || innerH <= 0) {
            throw tooSmall(width, height);
        }
        if (signerOrNull == null && sealDiameter == 0) {
            Text text = fit(paragraphs, innerW, innerH);
            if (text == null) {
                throw tooSmall(width, height);
            }
            return new StampLayout(
                    width, height, text.size, text.place(PADDING, PADDING, innerW, innerH, false), null, null);
        }
        StampLayout best = null;
        float bestScale = 0;
        float[] scales = signerOrNull == null ? new float[] {1f} : SIGNER_SCALES;
        for (float scale : scales) {
            Group group = Group.of(signerOrNull, sealDiameter, scale, innerW, innerH);
            for (StampLayout candidate :
                    new StampLayout[] {beside(width, height, paragraphs, group), above(width, height, paragraphs, group)
                    }) {
                if (candidate != null && (best == null || better(candidate, scale, best, bestScale))) {
                    best = candidate;
                    bestScale = scale;
                }
            }
        }
        if (best == null) {
            throw tooSmall(width, height);
        }
        return best;
    }

    /** Ranks layouts: legible text first, then no wrapped line, then the larger image, then larger text. */
    private static boolean better(StampLayout a, float aScale, StampLayout b, float bScale) {
        boolean aLegible = a.fontSize >= PREFERRED_FONT_SIZE;
        boolean bLegible = b.fontSize >= PREFERRED_FONT_SIZE;
        if (aLegible != bLegible) {
            return aLegible;
        }
        if (a.lines.size() != b.lines.size()) {
            return a.lines.size() < b.lines.size();
        }
        if (aScale != bScale) {
            return aScale > bScale;
        }
        return a.fontSize > b.fontSize;
    }

    /**
     * Lays out a copy stamp: 10 pt lines, as wide as the longest line but at most {@code maxWidth}
     * (longer lines wrap), as high as its lines. On a page too narrow for that (a small scan, whose
     * page is the size of its image) the text shrinks, half a point at a time, down to {@link
     * #MIN_COPY_STAMP_FONT_SIZE}, so the stamp keeps its place on the page.
     */
    static StampLayout copyStamp(List<Paragraph> paragraphs, float maxWidth) {
        float innerMax = maxWidth - 2 * PADDING;
        List<String> lines = null;
        float size = COPY_STAMP_FONT_SIZE;
        for (; size >= MIN_COPY_STAMP_FONT_SIZE; size -= 0.5f) {
            lines = wrap(paragraphs, innerMax, size, false);
            if (lines == null) {
                lines = wrap(paragraphs, innerMax, size, true);
            }
            if (lines != null && widest(lines, size) <= innerMax) {
                break;
            }
            lines = null;
        }
        if (lines == null) {
            throw new IllegalArgumentException(
                    String.format("The first page is too narrow (%.1f mm) for a copy stamp.", mm(2 * maxWidth)));
        }
        float innerW = (float) Math.ceil(widest(lines, size));
        float innerH = (float) Math.ceil(textHeight(lines.size(), size));
        Text text = new Text(size, lines);
        return new StampLayout(
                innerW + 2 * PADDING,
                innerH + 2 * PADDING,
                size,
                text.place(PADDING, PADDING, innerW, innerH, false),
                null,
                null);
    }

    private static StampLayout beside(float width, float height, List<Paragraph> paragraphs, Group group) {
        float innerW = width - 2 * PADDING;
        float innerH = height - 2 * PADDING;
        float textW = innerW - group.width - PADDING;
        if (group.height > innerH || textW <= 0) {
            return null;
        }
        Text text = fit(paragraphs, textW, innerH);
        if (text == null) {
            return null;
        }
        float groupY = PADDING + (innerH - group.height) / 2;
        float textX = PADDING + group.width + PADDING;
        return new StampLayout(
                width,
                height,
                text.size,
                text.place(textX, PADDING, textW, innerH, false),
                group.signer(PADDING, groupY),
                group.seal(PADDING, groupY));
    }

    private static StampLayout above(float width, float height, List<Paragraph> paragraphs, Group group) {
        float innerW = width - 2 * PADDING;
        float innerH = height - 2 * PADDING;
        float textH = innerH - group.height - PADDING;
        if (group.width > innerW || textH <= 0) {
            return null;
        }
        Text text = fit(paragraphs, innerW, textH);
        if (text == null) {
            return null;
        }
        float groupX = PADDING + (innerW - group.width) / 2;
        float groupY = PADDING + textH + PADDING;
        return new StampLayout(
                width,
                height,
                text.size,
                text.place(PADDING, PADDING, innerW, textH, true),
                group.signer(groupX, groupY),
                group.seal(groupX, groupY));
    }

    /** The signer image and the seal as one group; sizes in points. */
    private record Group(float width, float height, float signerW, float signerH, float seal) {

        /** The group with the signer image at {@code scale} of its natural size, kept within the box. */
        static Group of(ImageSize signerOrNull, float seal, float scale, float maxW, float maxH) {
            if (signerOrNull == null) {
                return new Group(seal, seal, 0, 0, seal);
            }
            float aspect = signerOrNull.aspect();
            float naturalW = signerOrNull.naturalWidthOrZero() > 0
                    ? signerOrNull.naturalWidthOrZero()
                    : (seal > 0 ? seal * SIGNER_TO_SEAL_HEIGHT : maxH) * aspect;
            float w = naturalW * scale;
            if (w / aspect > maxH) {
                w = maxH * aspect;
            }
            if (width(w, seal) > maxW) {
                // The widest signer image whose group is maxW wide; the seal keeps its size.
                w = seal == 0 || maxW >= 3 * seal ? maxW : Math.max(0, (maxW - seal) * 1.5f);
            }
            float h = w / aspect;
            return new Group(width(w, seal), Math.max(h, seal), w, h, seal);
        }

        /** Width of a group whose signer image is {@code w} wide: the seal sticks out left by seal - w/3. */
        private static float width(float w, float seal) {
            return seal > 0 ? Math.max(seal + 2 * w / 3, w) : w;
        }

        private float signerLeft() {
            return seal > signerW / 3 ? seal - signerW / 3 : 0;
        }

        Box signer(float x, float y) {
            if (signerW <= 0) {
                return null;
            }
            return new Box(x + signerLeft(), y + (height - signerH) / 2, signerW, signerH);
        }

        Box seal(float x, float y) {
            if (seal <= 0) {
                return null;
            }
            float left = signerW <= 0 ? 0 : signerLeft() + signerW / 3 - seal;
            return new Box(x + left, y + (height - seal) / 2, seal, seal);
        }
    }

    /** Wrapped lines at one font size. */
    private record Text(float size, List<String> lines) {

        /** Places the lines in the given area, vertically centred, left-aligned or centred. */
        List<Line> place(float x, float y, float w, float h, boolean centred) {
            float block = textHeight(lines.size(), size);
            float top = y + (h + block) / 2;
            List<Line> placed = new ArrayList<>(lines.size());
            float baseline = top - AppearanceFont.ASCENT * size;
            for (String line : lines) {
                float lineX = centred ? x + (w - AppearanceFont.width(line, size)) / 2 : x;
                placed.add(new Line(line, lineX, baseline));
                baseline -= LEADING * size;
            }
            return List.copyOf(placed);
        }
    }

    /**
     * The largest size that fits the area, wrapping at spaces only; failing that, also inside words
     * where allowed; null if nothing fits.
     */
    private static Text fit(List<Paragraph> paragraphs, float w, float h) {
        for (boolean cutWords : new boolean[] {false, true}) {
            for (float size = MAX_FONT_SIZE; size >= MIN_FONT_SIZE; size -= FONT_STEP) {
                List<String> lines = wrap(paragraphs, w, size, cutWords);
                if (lines != null && textHeight(lines.size(), size) <= h) {
                    return new Text(size, lines);
                }
            }
        }
        return null;
    }

    private static float widest(List<String> lines, float size) {
        float max = 0;
        for (String line : lines) {
            max = Math.max(max, AppearanceFont.width(line, size));
        }
        return max;
    }

    /** Height of {@code n} lines: ascent of the first, leading between, descent of the last. */
    static float textHeight(int n, float size) {
        return n == 0 ? 0 : (n - 1) * LEADING * size + (AppearanceFont.ASCENT + AppearanceFont.DESCENT) * size;
    }

    /**
     * Wraps each paragraph at spaces to {@code w} points; a word longer than a line is cut when
     * {@code cutWords} and its paragraph allows it, else the result is null.
     */
    static List<String> wrap(List<Paragraph> paragraphs, float w, float size, boolean cutWords) {
        List<String> out = new ArrayList<>();
        for (Paragraph paragraph : paragraphs) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.text().split(" +")) {
                String candidate = line.isEmpty() ? word : line + " " + word;
                if (AppearanceFont.width(candidate, size) <= w) {
                    line.setLength(0);
                    line.append(candidate);
                    continue;
                }
                if (!line.isEmpty()) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                String rest = word;
                while (AppearanceFont.width(rest, size) > w) {
                    if (!cutWords || !paragraph.wordsMayBeCut() || rest.length() == 1) {
                        return null;
                    }
                    int cut = rest.length() - 1;
                    while (cut > 1 && AppearanceFont.width(rest.substring(0, cut), size) > w) {
                        cut--;
                    }
                    out.add(rest.substring(0, cut));
                    rest = rest.substring(cut);
                }
                line.append(rest);
            }
            if (!line.isEmpty()) {
                out.add(line.toString());
            }
        }
        return out;
    }

    private static IllegalArgumentException tooSmall(float width, float height) {
        return new IllegalArgumentException(String.format(
                "The signature box (%.1f x %.1f mm) is too small for its text at %.0f pt; make it larger.",
                mm(width), mm(height), MIN_FONT_SIZE));
    }

    private static double mm(float points) {
        return points / Placement.POINTS_PER_MM;
    }
}
