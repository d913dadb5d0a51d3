package vn.signdesk.signing.appearance;

import eu.europa.esig.dss.enumerations.VisualSignatureAlignmentHorizontal;
import eu.europa.esig.dss.enumerations.VisualSignatureAlignmentVertical;
import eu.europa.esig.dss.enumerations.VisualSignatureRotation;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.SignatureFieldParameters;
import eu.europa.esig.dss.pdf.AnnotationBox;
import eu.europa.esig.dss.pdf.IPdfObjFactory;
import eu.europa.esig.dss.pdf.PdfAnnotation;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxDocumentReader;
import eu.europa.esig.dss.pdf.visible.SignatureFieldDimensionAndPositionBuilder;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.TimeZone;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import vn.signdesk.signing.InvalidDocumentException;

/**
 * Puts Decree 30/2020/ND-CP appearances on PAdES signatures made with EU DSS and PDFBox: the
 * visible signature ({@link SignatureAppearance}) and the copy / attachment stamp ({@link CopyStamp}).
 *
 * <p>Use: give the {@code PAdESService} the {@link #pdfObjectFactory()} once, then for each
 * signature call {@link #apply} or {@link #applyCopyStamp} on its parameters with the document to be
 * signed, after any other {@code bLevel()} set-up. Both set the signing date of the parameters to the
 * time shown (whole seconds), so the appearance and the signed attributes always agree; do not set
 * the signing date after them. Two-step signing draws the same appearance again in its second step
 * when the same document, appearance and signing time are applied, so nothing has to be kept.
 *
 * <p>Errors: arguments that are wrong by themselves (page 0, a box smaller than the seal) raise
 * {@link IllegalArgumentException}; a document that cannot take the appearance (no such page or
 * field, a field already signed, a box off the page or over another annotation, an unreadable PDF)
 * raises {@link InvalidDocumentException}. Messages are for a person and checked before DSS runs.
 *
 * <p>Implementation notes: the layout is computed here, from the document, once, and travels to
 * {@link Decree30SignatureDrawer} inside {@link Decree30ImageParameters}. Rectangles follow
 * {@link Placement}: points from the top-left of the page as displayed; DSS's
 * {@link VisualSignatureRotation#AUTOMATIC} turns them with the page's /Rotate.
 */
public final class Decree30Appearance {

    /** Vietnam's time zone: always UTC+07:00 (no daylight saving). */
    public static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    /** Distance of the copy stamp from the top and right edges of page 1, in points (5 mm). */
    static final float COPY_STAMP_MARGIN = (float) (5 * Placement.POINTS_PER_MM);

    private static final DateTimeFormatter ISO_8601_SECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX").withZone(VIETNAM);

    private Decree30Appearance() {}

    /**
     * Returns the DSS PDF object factory that draws Decree 30 appearances; set it on the service with
     * {@code PAdESService.setPdfObjFactory(...)} (and on validators, if wanted: it validates like
     * DSS's PDFBox factory). Other visible signatures are drawn by DSS's native PDFBox drawer. Each
     * call returns a new factory; configure it, then share it between threads.
     */
    public static IPdfObjFactory pdfObjectFactory() {
        return new Decree30PdfObjFactory();
    }

    /**
     * Formats a signing time as shown in appearances: ISO 8601, whole seconds, Vietnam's offset, e.g.
     * {@code 2026-11-22T10:15:30+07:00}.
     */
    public static String formatSigningTime(Instant signingTime) {
        return ISO_8601_SECONDS.format(signingTime.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Makes {@code params} draw {@code appearance} and sign at {@code signingTime}.
     *
     * @param params the parameters of the signature to add; its image parameters and signing date
     *     are replaced
     * @param document the PDF to be signed, read (with the parameters' password, if any) to place the
     *     appearance
     * @param appearance what to show and where
     * @param signingTime the signing time, shown and signed, truncated to whole seconds
     * @throws IllegalArgumentException if the appearance does not fit its box
     * @throws InvalidDocumentException if the document has no such page or no such empty signature
     *     field, or the box lies off the page or over an existing annotation
     */
    public static void apply(
            PAdESSignatureParameters params,
            DSSDocument document,
            SignatureAppearance appearance,
            Instant signingTime) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(appearance, "appearance");
        Instant time = signingTime.truncatedTo(ChronoUnit.SECONDS);
        List<StampLayout.Paragraph> paragraphs = new ArrayList<>(3);
        paragraphs.add(new StampLayout.Paragraph("Ký bởi: " + appearance.signerName(), true));
        if (appearance.organisationOrNull() != null) {
            paragraphs.add(new StampLayout.Paragraph(appearance.organisationOrNull(), true));
        }
        paragraphs.add(timeLine(time));
        StampLayout.ImageSize signerSize = pngSizeOrNull(appearance.signerPngOrNull());

        try (PdfBoxDocumentReader reader = open(document, params)) {
            PDDocument pdf = reader.getPDDocument();
            SignatureFieldParameters field = new SignatureFieldParameters();
            field.setRotation(VisualSignatureRotation.AUTOMATIC);
            Decree30ImageParameters image;
            if (appearance.placement() instanceof Placement.OnPage onPage) {
                requirePage(pdf, onPage.page());
                field.setPage(onPage.page());
                field.setOriginX(onPage.x());
                field.setOriginY(onPage.y());
                field.setWidth(onPage.width());
                field.setHeight(onPage.height());
                StampLayout layout = StampLayout.signature(
                        onPage.width(), onPage.height(), paragraphs, signerSize, appearance.sealDiameterPoints());
                image = new Decree30ImageParameters(layout, appearance.signerPngOrNull(), appearance.sealPngOrNull());
                image.setFieldParameters(field);
                requireFreeSpot(reader, image);
            } else {
                Placement.InField inField = (Placement.InField) appearance.placement();
                EmptyField target = emptySignatureField(pdf, inField.fieldName());
                field.setFieldId(inField.fieldName());
                field.setPage(target.page);
                StampLayout layout;
                try {
                    layout = StampLayout.signature(
                            target.uprightWidth,
                            target.uprightHeight,
                            paragraphs,
                            signerSize,
                            appearance.sealDiameterPoints());
                } catch (IllegalArgumentException e) {
                    throw new InvalidDocumentException(
                            "The signature field '" + inField.fieldName() + "' is too small: " + e.getMessage(), e);
                }
                image = new Decree30ImageParameters(layout, appearance.signerPngOrNull(), appearance.sealPngOrNull());
                image.setFieldParameters(field);
            }
            setSigningTime(params, time);
            params.setImageParameters(image);
        } catch (IOException e) {
            throw new InvalidDocumentException("The PDF could not be read.", e);
        }
    }

    /**
     * Makes {@code params} draw the copy stamp {@code stamp} in the top-right corner of page 1 (5 mm
     * from the edges, inside the top-right quarter of the page) and sign at {@code signingTime}.
     *
     * @param params the parameters of the signature to add; its image parameters and signing date
     *     are replaced
     * @param document the PDF to be signed, read to find page 1's size and rotation
     * @param stamp the copy form and organisation
     * @param signingTime the signing time, shown and signed, truncated to whole seconds
     * @throws InvalidDocumentException if page 1 is too small for the stamp, or its top-right corner
     *     already carries an annotation
     */
    public static void applyCopyStamp(
            PAdESSignatureParameters params, DSSDocument document, CopyStamp stamp, Instant signingTime) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(stamp, "stamp");
        Instant time = signingTime.truncatedTo(ChronoUnit.SECONDS);
        List<StampLayout.Paragraph> paragraphs = List.of(
                new StampLayout.Paragraph(stamp.copyForm(), true),
                new StampLayout.Paragraph(stamp.organisation(), true),
                timeLine(time));

        try (PdfBoxDocumentReader reader = open(document, params)) {
            PDDocument pdf = reader.getPDDocument();
            requirePage(pdf, 1);
            PDPage page = pdf.getPage(0);
            boolean swapped = page.getRotation() % 180 != 0;
            PDRectangle media = page.getMediaBox();
            float pageW = swapped ? media.getHeight() : media.getWidth();
            float pageH = swapped ? media.getWidth() : media.getHeight();
            StampLayout layout;
            try {
                layout = StampLayout.copyStamp(paragraphs, pageW / 2 - COPY_STAMP_MARGIN);
            } catch (IllegalArgumentException e) {
                throw new InvalidDocumentException(e.getMessage(), e);
            }
            if (layout.height() > pageH / 2 - COPY_STAMP_MARGIN) {
                throw new InvalidDocumentException("The first page is too small for a copy stamp.");
            }
            SignatureFieldParameters field = new SignatureFieldParameters();
            field.setRotation(VisualSignatureRotation.AUTOMATIC);
            field.setPage(1);
            field.setOriginX(COPY_STAMP_MARGIN);
            field.setOriginY(COPY_STAMP_MARGIN);
            field.setWidth(layout.width());
            field.setHeight(layout.height());
            Decree30ImageParameters image = new Decree30ImageParameters(layout, null, null);
            image.setFieldParameters(field);
            image.setAlignmentHorizontal(VisualSignatureAlignmentHorizontal.RIGHT);
            image.setAlignmentVertical(VisualSignatureAlignmentVertical.TOP);
            requireFreeSpot(reader, image);
            setSigningTime(params, time);
            params.setImageParameters(image);
        } catch (IOException e) {
            throw new InvalidDocumentException("The PDF could not be read.", e);
        }
    }

    /** Signs at {@code time} and writes the signature dictionary's /M with Vietnam's offset too. */
    private static void setSigningTime(PAdESSignatureParameters params, Instant time) {
        params.bLevel().setSigningDate(Date.from(time));
        params.setSigningTimeZone(TimeZone.getTimeZone(VIETNAM));
    }

    /** The message for a page number the document does not have. */
    static String noSuchPage(int page, int pages) {
        return "The document has " + pages + (pages == 1 ? " page" : " pages") + "; there is no page " + page
                + " to place the signature on.";
    }

    private static PdfBoxDocumentReader open(DSSDocument document, PAdESSignatureParameters params) {
        char[] password = params.getPasswordProtection();
        try {
            return new PdfBoxDocumentReader(document, password == null ? null : new String(password));
        } catch (eu.europa.esig.dss.pades.exception.InvalidPasswordException
                | org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException e) {
            throw new InvalidDocumentException("The PDF is encrypted and cannot be opened without its password.", e);
        } catch (IOException | RuntimeException e) {
            throw new InvalidDocumentException("The file is not a readable PDF.", e);
        }
    }

    private static void requirePage(PDDocument pdf, int page) {
        int pages = pdf.getNumberOfPages();
        if (page > pages) {
            throw new InvalidDocumentException(noSuchPage(page, pages));
        }
    }

    /** Checks what DSS would otherwise reject later, with a message for a person. */
    private static void requireFreeSpot(PdfBoxDocumentReader reader, Decree30ImageParameters image) throws IOException {
        int pageNumber = image.getFieldParameters().getPage();
        AnnotationBox pageBox = reader.getPageBox(pageNumber);
        AnnotationBox box = new SignatureFieldDimensionAndPositionBuilder(
                        image, null, pageBox, reader.getPageRotation(pageNumber))
                .build()
                .getAnnotationBox();
        float epsilon = 0.01f;
        if (box.getMinX() < pageBox.getMinX() - epsilon
                || box.getMinY() < pageBox.getMinY() - epsilon
                || box.getMaxX() > pageBox.getMaxX() + epsilon
                || box.getMaxY() > pageBox.getMaxY() + epsilon) {
            throw new InvalidDocumentException(String.format(
                    "The signature box does not fit on page %d, which is %.0f x %.0f mm.",
                    pageNumber, mm(pageBox.getWidth()), mm(pageBox.getHeight())));
        }
        for (PdfAnnotation annotation : reader.getPdfAnnotations(pageNumber)) {
            if (box.isOverlap(annotation)) {
                throw new InvalidDocumentException("The signature box overlaps an existing annotation or form field"
                        + " on page " + pageNumber + "; choose another place.");
            }
        }
    }

    private record EmptyField(int page, float uprightWidth, float uprightHeight) {}

    private static EmptyField emptySignatureField(PDDocument pdf, String name) throws IOException {
        PDAcroForm acroForm = pdf.getDocumentCatalog().getAcroForm(null);
        PDField field = acroForm == null ? null : acroForm.getField(name);
        if (field == null) {
            throw new InvalidDocumentException("The document has no signature field named '" + name + "'.");
        }
        if (!(field instanceof PDSignatureField signatureField)) {
            throw new InvalidDocumentException("The field '" + name + "' is not a signature field.");
        }
        if (signatureField.getSignature() != null) {
            throw new InvalidDocumentException("The signature field '" + name + "' is already signed.");
        }
        List<PDAnnotationWidget> widgets = signatureField.getWidgets();
        PDRectangle rect = widgets.isEmpty() ? null : widgets.get(0).getRectangle();
        if (rect == null || rect.getWidth() <= 0 || rect.getHeight() <= 0) {
            throw new InvalidDocumentException("The signature field '" + name + "' is invisible (it has no box).");
        }
        int page = pageOf(pdf, widgets.get(0));
        if (page < 1) {
            throw new InvalidDocumentException("The signature field '" + name + "' is on no page of the document.");
        }
        boolean swapped = pdf.getPage(page - 1).getRotation() % 180 != 0;
        return new EmptyField(
                page,
                Math.abs(swapped ? rect.getHeight() : rect.getWidth()),
                Math.abs(swapped ? rect.getWidth() : rect.getHeight()));
    }

    /** The 1-based page holding {@code widget}: its /P if it is right, else the page listing it; 0 if none. */
    private static int pageOf(PDDocument pdf, PDAnnotationWidget widget) throws IOException {
        PDPage declared = widget.getPage();
        if (declared != null) {
            int index = pdf.getPages().indexOf(declared);
            if (index >= 0) {
                return index + 1;
            }
        }
        int number = 1;
        for (PDPage page : pdf.getPages()) {
            for (var annotation : page.getAnnotations()) {
                if (annotation.getCOSObject() == widget.getCOSObject()) {
                    return number;
                }
            }
            number++;
        }
        return 0;
    }

    /** The signing time line: it may wrap after its label, never inside the time. */
    private static StampLayout.Paragraph timeLine(Instant time) {
        return new StampLayout.Paragraph("Thời gian ký: " + formatSigningTime(time), false);
    }

    /**
     * Reads the size of a PNG: pixels from its IHDR chunk and, from its pHYs chunk when that gives
     * pixels per metre, its natural width in points (PNG specification, 11.2.2 and 11.3.5.3). The
     * PNG was decoded once on the way in, so its chunk structure is sound.
     */
    static StampLayout.ImageSize pngSizeOrNull(byte[] pngOrNull) {
        if (pngOrNull == null) {
            return null;
        }
        int width = readInt(pngOrNull, 16);
        int height = readInt(pngOrNull, 20);
        float naturalWidth = 0;
        for (int at = 8; at + 8 <= pngOrNull.length; ) {
            int length = readInt(pngOrNull, at);
            String type = new String(pngOrNull, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if ("IDAT".equals(type) || length < 0 || at + 12 + length > pngOrNull.length) {
                break;
            }
            if ("pHYs".equals(type) && length == 9 && pngOrNull[at + 16] == 1) {
                int pixelsPerMetre = readInt(pngOrNull, at + 8);
                // Accept 25 to 2540 dpi; anything else is not a real resolution.
                if (pixelsPerMetre >= 1000 && pixelsPerMetre <= 100_000) {
                    naturalWidth = (float) (width * 1000.0 / pixelsPerMetre * Placement.POINTS_PER_MM);
                }
            }
            at += 12 + length;
        }
        return new StampLayout.ImageSize(width, height, naturalWidth);
    }

    private static int readInt(byte[] b, int at) {
        return (b[at] & 0xff) << 24 | (b[at + 1] & 0xff) << 16 | (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
    }

    private static double mm(float points) {
        return points / Placement.POINTS_PER_MM;
    }
}
