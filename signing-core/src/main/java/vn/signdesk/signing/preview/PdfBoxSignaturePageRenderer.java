package vn.signdesk.signing.preview;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.apache.pdfbox.rendering.ImageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.pdfrender.BoundedPdfRenderer;
import vn.signdesk.pdfrender.CharacterMapTooLargeException;
import vn.signdesk.pdfrender.CharacterMaps;
import vn.signdesk.signing.DocumentTooComplexException;
import vn.signdesk.signing.InvalidDocumentException;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.SignDeskException;
import vn.signdesk.signing.UnsupportedDocumentException;
import vn.signdesk.signing.internal.PdfPreflight;

/**
 * {@link SignaturePageRenderer} on PDFBox's renderer.
 *
 * <p>Implementation notes. The document is parsed once, leniently, after the byte checks of {@link
 * PdfPreflight}; the AcroForm is read without PDFBox's fix-ups, which would add to the document what
 * the signer never signed. A widget without a {@code /P} entry is found on its page through the
 * pages' annotation lists (looked through once, only when needed). Document order is the order of
 * the end of each signature's last byte range, as the verifier orders its report. Only pages with a
 * visible box are rendered, at most {@link PreviewLimits#maxPages()}, each at the configured dpi or
 * coarser so it stays within {@link PreviewLimits#maxPixelsPerPage()}; large embedded images are
 * subsampled, and a page holding an image that would decode to more than {@link
 * PreviewLimits#maxImagePixels()} is left out. A page PDFBox cannot draw is left out rather than
 * failing the preview.
 */
final class PdfBoxSignaturePageRenderer implements SignaturePageRenderer {

    private static final Logger LOG = LoggerFactory.getLogger(PdfBoxSignaturePageRenderer.class);

    /** A box smaller than this many points either way is an invisible signature's empty rectangle. */
    private static final float MIN_VISIBLE_POINTS = 1f;

    private final PreviewLimits limits;

    PdfBoxSignaturePageRenderer(PreviewLimits limits) {
        this.limits = limits;
    }

    @Override
    public SignaturePages render(PdfInput document) {
        PdfPreflight.checkBytes(document, limits.document());
        String password = document.passwordOrNull() == null ? "" : new String(document.passwordOrNull());
        try (PDDocument pdf = Loader.loadPDF(document.bytes(), password)) {
            int pageCount = pdf.getNumberOfPages();
            if (pageCount > limits.document().maxPages()) {
                throw new UnsupportedDocumentException("the PDF has " + pageCount + " pages; at most "
                        + limits.document().maxPages() + " are accepted");
            }
            List<SignaturePages.Signature> signatures = signatures(pdf);
            TreeSet<Integer> shown = new TreeSet<>();
            signatures.forEach(s -> s.boxes().forEach(b -> shown.add(b.page())));
            if (!shown.isEmpty()) {
                // fonts are built only to draw a page; a document without a visible signature draws none
                try {
                    CharacterMaps.check(pdf);
                } catch (CharacterMapTooLargeException e) {
                    throw new DocumentTooComplexException(e.getMessage());
                }
            }
            List<SignaturePages.PageImage> pages = new ArrayList<>();
            BoundedPdfRenderer renderer =
                    new BoundedPdfRenderer(pdf, limits.maxPixelsPerPage(), limits.maxImagePixels());
            renderer.setSubsamplingAllowed(true);
            int leftOut = 0;
            for (int page : shown) {
                SignaturePages.PageImage image = pages.size() < limits.maxPages() ? draw(pdf, renderer, page) : null;
                if (image == null) {
                    leftOut++;
                } else {
                    pages.add(image);
                }
            }
            return new SignaturePages(pageCount, signatures, pages, leftOut);
        } catch (InvalidPasswordException e) {
            throw new UnsupportedDocumentException(
                    document.passwordOrNull() == null
                            ? "the PDF is encrypted: give the password that opens it"
                            : "the password given does not open this encrypted PDF",
                    e);
        } catch (SignDeskException e) {
            throw e;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new InvalidDocumentException("the PDF cannot be read: its structure is damaged", e);
        }
    }

    /** Every signed signature field, in document order, with its visible boxes. */
    private List<SignaturePages.Signature> signatures(PDDocument pdf) {
        PDAcroForm form = pdf.getDocumentCatalog().getAcroForm(null);
        if (form == null) {
            return List.of();
        }
        record Found(long end, PDSignatureField field, PDSignature signature) {}
        List<Found> found = new ArrayList<>();
        Map<COSDictionary, Boolean> seen = new IdentityHashMap<>();
        Iterator<PDField> fields = form.getFieldIterator();
        while (fields.hasNext()) {
            if (fields.next() instanceof PDSignatureField field
                    && field.getSignature() != null
                    && seen.put(field.getCOSObject(), Boolean.TRUE) == null) {
                PDSignature signature = field.getSignature();
                found.add(new Found(revisionEnd(signature.getByteRange()), field, signature));
            }
        }
        found.sort(Comparator.comparingLong(Found::end));
        PageFinder pages = new PageFinder(pdf);
        List<SignaturePages.Signature> out = new ArrayList<>();
        for (Found f : found) {
            List<SignaturePages.Box> boxes = new ArrayList<>();
            for (PDAnnotationWidget widget : f.field().getWidgets()) {
                PDRectangle rect = widget.getRectangle();
                if (rect == null
                        || rect.getWidth() < MIN_VISIBLE_POINTS
                        || rect.getHeight() < MIN_VISIBLE_POINTS
                        || widget.isHidden()
                        || widget.isNoView()) {
                    continue;
                }
                int index = pages.indexOf(widget);
                if (index >= 0) {
                    boxes.add(box(pdf.getPage(index), index + 1, rect));
                }
            }
            out.add(new SignaturePages.Signature(
                    out.size() + 1,
                    f.field().getFullyQualifiedName(),
                    "ETSI.RFC3161".equals(f.signature().getSubFilter()),
                    boxes));
        }
        return out;
    }

    /** The end of the last byte range: the end of the revision the signature signs. */
    private static long revisionEnd(int[] byteRange) {
        long end = Long.MAX_VALUE;
        if (byteRange != null && byteRange.length >= 2 && byteRange.length % 2 == 0) {
            end = (long) byteRange[byteRange.length - 2] + byteRange[byteRange.length - 1];
        }
        return end;
    }

    /** Where a widget rectangle falls on its page as displayed, in fractions of the page. */
    static SignaturePages.Box box(PDPage page, int number, PDRectangle rect) {
        PDRectangle crop = page.getCropBox();
        double cw = Math.max(crop.getWidth(), 1e-3);
        double ch = Math.max(crop.getHeight(), 1e-3);
        // unrotated, from the top-left corner: u to the right, v downwards
        double u0 = (rect.getLowerLeftX() - crop.getLowerLeftX()) / cw;
        double u1 = (rect.getUpperRightX() - crop.getLowerLeftX()) / cw;
        double v0 = 1 - (rect.getUpperRightY() - crop.getLowerLeftY()) / ch;
        double v1 = 1 - (rect.getLowerLeftY() - crop.getLowerLeftY()) / ch;
        // /Rotate turns the page clockwise for display (ISO 32000-1 §7.7.3.3, Table 30)
        double[] xy =
                switch (Math.floorMod(page.getRotation(), 360)) {
                    case 90 -> new double[] {1 - v1, u0, 1 - v0, u1};
                    case 180 -> new double[] {1 - u1, 1 - v1, 1 - u0, 1 - v0};
                    case 270 -> new double[] {v0, 1 - u1, v1, 1 - u0};
                    default -> new double[] {u0, v0, u1, v1};
                };
        double left = clamp(xy[0]);
        double top = clamp(xy[1]);
        return new SignaturePages.Box(number, left, top, clamp(xy[2]) - left, clamp(xy[3]) - top);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    /** The page drawn within the limits, or null when PDFBox cannot draw it. */
    private SignaturePages.PageImage draw(PDDocument pdf, BoundedPdfRenderer renderer, int pageNumber) {
        PDRectangle crop = pdf.getPage(pageNumber - 1).getCropBox();
        double scale = BoundedPdfRenderer.scaleWithin(crop, limits.dpi() / 72.0, limits.maxPixelsPerPage());
        if (!(scale > 0)) {
            LOG.debug("page {} has no size that can be drawn", pageNumber);
            return null;
        }
        try {
            // floored to a float that stays within: a rounded-up scale could be a pixel over
            BufferedImage image = renderer.renderImage(pageNumber - 1, Math.nextDown((float) scale), ImageType.RGB);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            if (!ImageIO.write(image, "png", png)) {
                throw new IllegalStateException("no PNG writer in this JVM");
            }
            return new SignaturePages.PageImage(pageNumber, png.toByteArray(), image.getWidth(), image.getHeight());
        } catch (IOException | RuntimeException | StackOverflowError e) {
            LOG.debug("page {} cannot be drawn: {}", pageNumber, e.toString());
            return null;
        }
    }

    /** Finds the page of a widget: its {@code /P}, else the page whose annotations list it. */
    private static final class PageFinder {
        private final PDDocument pdf;
        private Map<COSDictionary, Integer> byAnnotation;

        PageFinder(PDDocument pdf) {
            this.pdf = pdf;
        }

        int indexOf(PDAnnotationWidget widget) {
            PDPage page = widget.getPage();
            int index = page == null ? -1 : pdf.getPages().indexOf(page);
            if (index >= 0) {
                return index;
            }
            if (byAnnotation == null) {
                byAnnotation = new IdentityHashMap<>();
                int i = 0;
                for (PDPage p : pdf.getPages()) {
                    try {
                        for (PDAnnotation a : p.getAnnotations()) {
                            byAnnotation.putIfAbsent(a.getCOSObject(), i);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    i++;
                }
            }
            return byAnnotation.getOrDefault(widget.getCOSObject(), -1);
        }
    }
}
