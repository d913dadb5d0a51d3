package vn.signdesk.signing.appearance;

import eu.europa.esig.dss.pades.SignatureImageParameters;
import eu.europa.esig.dss.pdf.AnnotationBox;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxUtils;
import eu.europa.esig.dss.pdf.pdfbox.visible.PdfBoxSignatureDrawer;
import eu.europa.esig.dss.pdf.visible.ImageRotationUtils;
import eu.europa.esig.dss.pdf.visible.SignatureFieldBoxBuilder;
import eu.europa.esig.dss.pdf.visible.SignatureFieldDimensionAndPosition;
import eu.europa.esig.dss.pdf.visible.SignatureFieldDimensionAndPositionBuilder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.apache.pdfbox.util.Matrix;
import vn.signdesk.signing.InvalidDocumentException;

/**
 * Draws a Decree 30 appearance (images and real text) into the widget of the signature that DSS's
 * PDFBox signature service is adding. One instance per drawing, made by {@link Decree30DrawerFactory}.
 *
 * <p>Implementation notes: follows DSS's {@code NativePdfBoxVisibleSignatureDrawer} – a one-page
 * template document whose signature widget carries the appearance stream is handed to PDFBox
 * through {@link SignatureOptions#setVisualSignature} – but draws a precomputed {@link StampLayout}
 * instead of DSS's own text-beside-image layout. Where the widget goes (new box or existing field,
 * page rotation) is computed by DSS's own {@link SignatureFieldDimensionAndPositionBuilder}, so
 * DSS's position checks see the same rectangle. The text is shown with a subset of
 * {@link AppearanceFont} embedded as a Type 0 font with a ToUnicode map, hence extractable. Nothing
 * here depends on the clock or on randomness (PDFBox derives the subset tag from the glyphs used),
 * which keeps the two drawings of one signature byte-identical.
 */
final class Decree30SignatureDrawer implements PdfBoxSignatureDrawer, SignatureFieldBoxBuilder {

    /** How far the field DSS computes may differ from the layout's box before it is a mismatch. */
    private static final float SIZE_TOLERANCE = 0.5f;

    private Decree30ImageParameters parameters;
    private PDDocument document;
    private SignatureOptions signatureOptions;

    @Override
    public void init(SignatureImageParameters imageParameters, PDDocument pdDocument, SignatureOptions options) {
        this.parameters = (Decree30ImageParameters) imageParameters;
        this.document = pdDocument;
        this.signatureOptions = options;
        int page = parameters.getFieldParameters().getPage();
        int pages = pdDocument.getNumberOfPages();
        if (page < 1 || page > pages) {
            throw new InvalidDocumentException(Decree30Appearance.noSuchPage(page, pages));
        }
    }

    @Override
    public SignatureFieldDimensionAndPosition buildSignatureFieldBox() {
        PDPage page = document.getPage(parameters.getFieldParameters().getPage() - 1);
        PDRectangle media = page.getMediaBox();
        AnnotationBox pageBox = new AnnotationBox(
                media.getLowerLeftX(), media.getLowerLeftY(), media.getUpperRightX(), media.getUpperRightY());
        return new SignatureFieldDimensionAndPositionBuilder(parameters, null, pageBox, page.getRotation())
                .setSignatureFieldAnnotationBox(existingFieldBoxOrNull())
                .build();
    }

    @Override
    public void draw() throws IOException {
        SignatureFieldDimensionAndPosition position = buildSignatureFieldBox();
        StampLayout layout = parameters.layout();
        boolean swapped = ImageRotationUtils.isSwapOfDimensionsRequired(position.getGlobalRotation());
        AnnotationBox box = position.getAnnotationBox();
        float uprightW = swapped ? box.getHeight() : box.getWidth();
        float uprightH = swapped ? box.getWidth() : box.getHeight();
        if (Math.abs(uprightW - layout.width()) > SIZE_TOLERANCE
                || Math.abs(uprightH - layout.height()) > SIZE_TOLERANCE) {
            throw new IllegalStateException("The appearance was laid out for a box of " + layout.width() + " x "
                    + layout.height() + " pt, but the field is " + uprightW + " x " + uprightH
                    + " pt: apply it with the document that is signed.");
        }
        PDRectangle rectangle = new PDRectangle(box.getMinX(), box.getMinY(), box.getWidth(), box.getHeight());

        try (PDDocument template = new PDDocument()) {
            PDPage originalPage =
                    document.getPage(parameters.getFieldParameters().getPage() - 1);
            PDPage page = new PDPage(originalPage.getMediaBox());
            template.addPage(page);
            PDAcroForm acroForm = new PDAcroForm(template);
            template.getDocumentCatalog().setAcroForm(acroForm);
            PDSignatureField signatureField = new PDSignatureField(acroForm);
            PDAnnotationWidget widget = signatureField.getWidgets().get(0);
            acroForm.setSignaturesExist(true);
            acroForm.setAppendOnly(true);
            acroForm.getCOSObject().setDirect(true);
            acroForm.getFields().add(signatureField);
            widget.setRectangle(rectangle);
            widget.setPrinted(true);

            PDAppearanceDictionary appearance = PdfBoxUtils.createSignatureAppearanceDictionary(template, rectangle);
            widget.setAppearance(appearance);
            try (PDPageContentStream cs = new PDPageContentStream(
                    template, appearance.getNormalAppearance().getAppearanceStream())) {
                rotate(cs, position.getGlobalRotation(), rectangle);
                drawImages(cs, template, layout);
                drawText(cs, template, layout);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
            template.save(out);
            signatureOptions.setVisualSignature(new ByteArrayInputStream(out.toByteArray()));
        }
    }

    private void drawImages(PDPageContentStream cs, PDDocument template, StampLayout layout) throws IOException {
        // The seal goes over the signer image: it covers the image's left third.
        drawImage(cs, template, parameters.signerPngOrNull(), layout.signerOrNull(), "signer");
        drawImage(cs, template, parameters.sealPngOrNull(), layout.sealOrNull(), "seal");
    }

    private static void drawImage(
            PDPageContentStream cs, PDDocument template, byte[] pngOrNull, StampLayout.Box boxOrNull, String name)
            throws IOException {
        if (pngOrNull == null || boxOrNull == null) {
            return;
        }
        PDImageXObject image = PDImageXObject.createFromByteArray(template, pngOrNull, name + ".png");
        cs.drawImage(image, boxOrNull.x(), boxOrNull.y(), boxOrNull.width(), boxOrNull.height());
    }

    private static void drawText(PDPageContentStream cs, PDDocument template, StampLayout layout) throws IOException {
        if (layout.lines().isEmpty()) {
            return;
        }
        PDType0Font font = AppearanceFont.embedSubsetInto(template);
        cs.setNonStrokingColor(0f, 0f, 0f);
        cs.beginText();
        cs.setFont(font, layout.fontSize());
        for (StampLayout.Line line : layout.lines()) {
            cs.setTextMatrix(Matrix.getTranslateInstance(line.x(), line.baseline()));
            cs.showText(line.text());
        }
        cs.endText();
    }

    /** Turns the appearance so that it reads upright on a rotated page, as DSS's native drawer does. */
    private static void rotate(PDPageContentStream cs, int globalRotation, PDRectangle rectangle) throws IOException {
        switch (globalRotation) {
            case ImageRotationUtils.ANGLE_90 -> {
                cs.transform(Matrix.getRotateInstance(Math.toRadians(ImageRotationUtils.ANGLE_270), 0, 0));
                cs.transform(Matrix.getTranslateInstance(-rectangle.getHeight(), 0));
            }
            case ImageRotationUtils.ANGLE_180 -> {
                cs.transform(Matrix.getRotateInstance(Math.toRadians(ImageRotationUtils.ANGLE_180), 0, 0));
                cs.transform(Matrix.getTranslateInstance(-rectangle.getWidth(), -rectangle.getHeight()));
            }
            case ImageRotationUtils.ANGLE_270 -> {
                cs.transform(Matrix.getRotateInstance(Math.toRadians(ImageRotationUtils.ANGLE_90), 0, 0));
                cs.transform(Matrix.getTranslateInstance(0, -rectangle.getWidth()));
            }
            case ImageRotationUtils.ANGLE_0, ImageRotationUtils.ANGLE_360 -> {
                // upright already
            }
            default -> throw new IllegalStateException("Unsupported rotation " + globalRotation);
        }
    }

    private AnnotationBox existingFieldBoxOrNull() {
        String fieldId = parameters.getFieldParameters().getFieldId();
        if (fieldId == null || fieldId.isEmpty()) {
            return null;
        }
        PDAcroForm acroForm = document.getDocumentCatalog().getAcroForm();
        PDField field = acroForm == null ? null : acroForm.getField(fieldId);
        if (!(field instanceof PDSignatureField signatureField)
                || signatureField.getWidgets().isEmpty()) {
            return null;
        }
        PDRectangle rect = signatureField.getWidgets().get(0).getRectangle();
        return rect == null
                ? null
                : new AnnotationBox(
                        rect.getLowerLeftX(), rect.getLowerLeftY(), rect.getUpperRightX(), rect.getUpperRightY());
    }
}
