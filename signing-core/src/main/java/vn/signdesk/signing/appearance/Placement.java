package vn.signdesk.signing.appearance;

import java.util.Objects;

/**
 * Where a visible signature goes: a rectangle on a page, or an existing empty signature field.
 *
 * <p>Rectangles are in PDF points (1/72 inch; {@link #onPageMm} converts from millimetres), measured
 * from the <em>top-left</em> corner of the page as a reader sees it, that is after the page's
 * {@code /Rotate}: {@code x} to the right, {@code y} downwards to the top edge of the box. The
 * appearance is drawn upright in that view, whatever the page's rotation. Pages are numbered from 1.
 */
public sealed interface Placement {

    /** Points per millimetre. */
    double POINTS_PER_MM = 72.0 / 25.4;

    /**
     * A new signature field on a page.
     *
     * @param page the page, 1-based
     * @param x distance of the box's left edge from the page's left edge, in points
     * @param y distance of the box's top edge from the page's top edge, in points
     * @param width the box's width in points
     * @param height the box's height in points
     */
    record OnPage(int page, float x, float y, float width, float height) implements Placement {

        public OnPage {
            if (page < 1) {
                throw new IllegalArgumentException("Page numbers start at 1, got " + page + ".");
            }
            if (!Float.isFinite(x) || !Float.isFinite(y) || x < 0 || y < 0) {
                throw new IllegalArgumentException(
                        "The signature box must start inside the page (x and y at least 0), got x=" + x + ", y=" + y
                                + ".");
            }
            if (!Float.isFinite(width) || !Float.isFinite(height) || width <= 0 || height <= 0) {
                throw new IllegalArgumentException(
                        "The signature box needs a positive width and height, got " + width + " x " + height + ".");
            }
        }
    }

    /**
     * An existing, not yet signed signature field of the document, found by its fully qualified name.
     *
     * @param fieldName the field's name, e.g. {@code "Signature1"}
     */
    record InField(String fieldName) implements Placement {

        public InField {
            Objects.requireNonNull(fieldName, "fieldName");
            if (fieldName.isBlank()) {
                throw new IllegalArgumentException("The signature field name is empty.");
            }
        }
    }

    /** A box on a page, in points from the page's top-left corner (see {@link OnPage}). */
    static OnPage onPage(int page, float x, float y, float width, float height) {
        return new OnPage(page, x, y, width, height);
    }

    /** A box on a page, in millimetres from the page's top-left corner, converted to points. */
    static OnPage onPageMm(int page, double xMm, double yMm, double widthMm, double heightMm) {
        return new OnPage(
                page,
                (float) (xMm * POINTS_PER_MM),
                (float) (yMm * POINTS_PER_MM),
                (float) (widthMm * POINTS_PER_MM),
                (float) (heightMm * POINTS_PER_MM));
    }

    /** An existing empty signature field. */
    static InField inField(String fieldName) {
        return new InField(fieldName);
    }
}
