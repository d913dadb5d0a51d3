package vn.signdesk.signing.preview;

import java.util.List;
import java.util.Objects;

/**
 * The signatures of a PDF with where they are drawn, and images of the pages that show them.
 *
 * @param pageCount the document's number of pages
 * @param signatures every signed signature field (signatures and document timestamps), in document
 *     order, numbered from 1
 * @param pages the rendered pages that carry a visible signature box, in page order, at most {@link
 *     PreviewLimits#maxPages()}
 * @param pagesLeftOut pages with a visible signature box that were not rendered because of that bound
 */
public record SignaturePages(int pageCount, List<Signature> signatures, List<PageImage> pages, int pagesLeftOut) {

    public SignaturePages {
        signatures = List.copyOf(signatures);
        pages = List.copyOf(pages);
    }

    /**
     * One signed signature field.
     *
     * @param number its place in document order, from 1: the report's signature of the same place
     * @param fieldName the field's fully qualified name
     * @param documentTimestamp whether it holds an RFC 3161 document timestamp rather than a signature
     * @param boxes where its visible widgets are; empty for an invisible signature
     */
    public record Signature(int number, String fieldName, boolean documentTimestamp, List<Box> boxes) {

        public Signature {
            Objects.requireNonNull(fieldName, "fieldName");
            boxes = List.copyOf(boxes);
        }
    }

    /**
     * A rectangle on a page as a reader sees it (after the page's rotation), in fractions of the page's
     * width and height from its top-left corner, so it can be laid over the page's image at any size.
     *
     * @param page the page, from 1
     * @param left distance of the left edge from the page's left edge, 0 to 1
     * @param top distance of the top edge from the page's top edge, 0 to 1
     * @param width 0 to 1
     * @param height 0 to 1
     */
    public record Box(int page, double left, double top, double width, double height) {}

    /**
     * One rendered page.
     *
     * @param page the page, from 1
     * @param png the image, PNG
     * @param width its width in pixels
     * @param height its height in pixels
     */
    public record PageImage(int page, byte[] png, int width, int height) {

        public PageImage {
            Objects.requireNonNull(png, "png");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PageImage other
                    && page == other.page
                    && width == other.width
                    && height == other.height
                    && java.util.Arrays.equals(png, other.png);
        }

        @Override
        public int hashCode() {
            return 31 * page + java.util.Arrays.hashCode(png);
        }

        @Override
        public String toString() {
            return "PageImage[page " + page + ", " + width + "x" + height + ", " + png.length + " bytes]";
        }
    }
}
