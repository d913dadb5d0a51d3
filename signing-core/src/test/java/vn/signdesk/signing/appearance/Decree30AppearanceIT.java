package vn.signdesk.signing.appearance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static vn.signdesk.signing.appearance.AppearanceFixtures.PKI;
import static vn.signdesk.signing.appearance.AppearanceFixtures.a4Pdf;
import static vn.signdesk.signing.appearance.AppearanceFixtures.parameters;
import static vn.signdesk.signing.appearance.AppearanceFixtures.pdf;
import static vn.signdesk.signing.appearance.AppearanceFixtures.pdftotext;
import static vn.signdesk.signing.appearance.AppearanceFixtures.render;
import static vn.signdesk.signing.appearance.AppearanceFixtures.run;
import static vn.signdesk.signing.appearance.AppearanceFixtures.sign;
import static vn.signdesk.signing.appearance.AppearanceFixtures.write;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.pki.Identity;
import vn.signdesk.signing.InvalidDocumentException;

/**
 * Signs generated PDFs with Decree 30 appearances through plain DSS and checks the result with
 * poppler ({@code pdfsig}, {@code pdftotext}, {@code pdftoppm}) and PDFBox. The signed files and page
 * renderings stay in {@code target/appearance-it} for a person to look at.
 */
class Decree30AppearanceIT {

    private static final Path OUT = Path.of("target", "appearance-it");

    @BeforeAll
    static void outputDirectory() throws IOException {
        Files.createDirectories(OUT);
    }

    @Test
    void apply_officialWithSignatureAndSeal_validSignatureWithExactText() throws IOException {
        // The resident's key stands in for an official of the department signing with its seal.
        Identity signer = PKI.residentRsa();
        DSSDocument input = a4Pdf(1);
        Instant time = Instant.now();
        PAdESSignatureParameters params = parameters(signer);
        // The signer's block of an administrative document: the right half of the page, under the text.
        Decree30Appearance.apply(
                params,
                input,
                SignatureAppearance.withImages(
                        Placement.onPageMm(1, 105, 150, 95, 62),
                        DemoPki.RESIDENT_NAME,
                        DemoPki.DEPARTMENT_SEAL_NAME,
                        PKI.signatureImagePng(),
                        PKI.sealImagePng(),
                        DemoPki.SEAL_DIAMETER_MM),
                time);

        Path signed = write(sign(input, params, signer), OUT, "official-with-images.pdf");

        assertValidSignature(signed);
        assertThat(pdftotext(signed))
                .contains("Ký bởi: Nguyễn Thị Lấp Lánh Ánh")
                .contains("Sở Tư pháp Thành phố Hà Nội")
                .contains("Thời gian ký: " + Decree30Appearance.formatSigningTime(time));
        assertThat(params.bLevel().getSigningDate().toInstant()).isEqualTo(time.truncatedTo(ChronoUnit.SECONDS));
        assertThat(Decree30Appearance.formatSigningTime(time)).endsWith("+07:00");

        try (PDDocument pdf = Loader.loadPDF(signed.toFile())) {
            PDAnnotationWidget widget = onlySignatureWidget(pdf);
            PDRectangle rect = widget.getRectangle();
            float pt = (float) Placement.POINTS_PER_MM;
            assertThat(rect.getLowerLeftX()).isCloseTo(105 * pt, within(0.1f));
            assertThat(rect.getUpperRightY()).isCloseTo(PDRectangle.A4.getHeight() - 150 * pt, within(0.1f));
            assertThat(rect.getWidth()).isCloseTo(95 * pt, within(0.1f));
            assertThat(rect.getHeight()).isCloseTo(62 * pt, within(0.1f));
            List<PDImageXObject> images = images(widget);
            assertThat(images).hasSize(2);
            assertThat(embeddedFontNames(widget)).singleElement().asString().contains("+LiberationSans");
        }
        BufferedImage page = ImageIO.read(render(signed, 1).toFile());
        assertThat(page.getWidth()).isEqualTo(827);
    }

    @Test
    void apply_residentWithoutImagesOnSecondPage_textOnlyAndValid() throws IOException {
        Identity signer = PKI.residentEc();
        DSSDocument input = a4Pdf(2);
        Instant time = Instant.now();
        PAdESSignatureParameters params = parameters(signer);
        Decree30Appearance.apply(
                params,
                input,
                SignatureAppearance.textOnly(Placement.onPageMm(2, 110, 230, 85, 20), DemoPki.RESIDENT_NAME, null),
                time);

        Path signed = write(sign(input, params, signer), OUT, "resident-text-only.pdf");

        assertValidSignature(signed);
        String text = pdftotext(signed);
        assertThat(text)
                .contains("Ký bởi: Nguyễn Thị Lấp Lánh Ánh")
                .contains("Thời gian ký: " + Decree30Appearance.formatSigningTime(time));
        try (PDDocument pdf = Loader.loadPDF(signed.toFile())) {
            PDAnnotationWidget widget = onlySignatureWidget(pdf);
            assertThat(pdf.getPages().indexOf(widget.getPage())).isEqualTo(1);
            assertThat(images(widget)).isEmpty();
        }
        render(signed, 2);
    }

    @Test
    void apply_existingEmptyField_fillsThatField() throws IOException {
        Identity signer = PKI.departmentSeal();
        PDRectangle fieldRect = new PDRectangle(110, 100, 450, 130);
        DSSDocument input = pdf(1, 0, document -> addEmptySignatureField(document, "ChuKySo", fieldRect));
        Instant time = Instant.now();
        PAdESSignatureParameters params = parameters(signer);
        Decree30Appearance.apply(
                params,
                input,
                SignatureAppearance.withImages(
                        Placement.inField("ChuKySo"),
                        DemoPki.DEPARTMENT_SEAL_NAME,
                        null,
                        PKI.signatureImagePng(),
                        PKI.sealImagePng(),
                        DemoPki.SEAL_DIAMETER_MM),
                time);

        Path signed = write(sign(input, params, signer), OUT, "department-in-field.pdf");

        assertValidSignature(signed);
        assertThat(pdftotext(signed)).contains("Ký bởi: Sở Tư pháp Thành phố Hà Nội");
        try (PDDocument pdf = Loader.loadPDF(signed.toFile())) {
            PDSignatureField field =
                    (PDSignatureField) pdf.getDocumentCatalog().getAcroForm().getField("ChuKySo");
            assertThat(field.getSignature()).isNotNull();
            PDRectangle rect = field.getWidgets().get(0).getRectangle();
            assertThat(List.of(rect.getLowerLeftX(), rect.getLowerLeftY(), rect.getWidth(), rect.getHeight()))
                    .containsExactly(110f, 100f, 450f, 130f);
            assertThat(images(field.getWidgets().get(0))).hasSize(2);
        }
        render(signed, 1);
    }

    @Test
    void applyCopyStamp_branchCopy_topRightOfFirstPageWithoutImage() throws IOException {
        Identity signer = PKI.branchCopy();
        DSSDocument input = a4Pdf(2);
        Instant time = Instant.now();
        PAdESSignatureParameters params = parameters(signer);
        Decree30Appearance.applyCopyStamp(params, input, CopyStamp.electronicCopy(DemoPki.BRANCH_COPY_NAME), time);

        Path signed = write(sign(input, params, signer), OUT, "copy-stamp.pdf");

        assertValidSignature(signed);
        assertThat(pdftotext(signed))
                .contains("BẢN SAO ĐIỆN TỬ")
                .contains("Thời gian ký: " + Decree30Appearance.formatSigningTime(time));
        assertThat(pdftotext(signed).replaceAll("\\s+", " ")).contains(DemoPki.BRANCH_COPY_NAME);
        try (PDDocument pdf = Loader.loadPDF(signed.toFile())) {
            PDAnnotationWidget widget = onlySignatureWidget(pdf);
            assertThat(pdf.getPages().indexOf(widget.getPage())).isZero();
            PDRectangle page = pdf.getPage(0).getMediaBox();
            PDRectangle rect = widget.getRectangle();
            assertThat(rect.getLowerLeftX()).isGreaterThanOrEqualTo(page.getWidth() / 2);
            assertThat(rect.getLowerLeftY()).isGreaterThanOrEqualTo(page.getHeight() / 2);
            assertThat(rect.getUpperRightX()).isLessThanOrEqualTo(page.getWidth());
            assertThat(rect.getUpperRightY()).isLessThanOrEqualTo(page.getHeight());
            assertThat(images(widget)).isEmpty();
            assertThat(fontSizes(widget)).containsOnly(10f);
        }
        render(signed, 1);
    }

    @Test
    void applyCopyStamp_landscapeRotatedPage_topRightAsDisplayed() throws IOException {
        Identity signer = PKI.branchCopy();
        DSSDocument input = pdf(1, 90, document -> {});
        PAdESSignatureParameters params = parameters(signer);
        Decree30Appearance.applyCopyStamp(
                params, input, new CopyStamp("SAO Y", DemoPki.BRANCH_COPY_NAME), Instant.now());

        Path signed = write(sign(input, params, signer), OUT, "copy-stamp-rotated.pdf");

        assertValidSignature(signed);
        assertThat(pdftotext(signed)).contains("SAO Y");
        try (PDDocument pdf = Loader.loadPDF(signed.toFile())) {
            // /Rotate 90 shows the page turned clockwise: displayed x is user y, displayed depth is user x.
            PDRectangle page = pdf.getPage(0).getMediaBox();
            PDRectangle rect = onlySignatureWidget(pdf).getRectangle();
            assertThat(rect.getLowerLeftY()).isGreaterThanOrEqualTo(page.getHeight() / 2);
            assertThat(rect.getUpperRightY()).isLessThanOrEqualTo(page.getHeight());
            assertThat(rect.getUpperRightX()).isLessThanOrEqualTo(page.getWidth() / 2);
            assertThat(rect.getLowerLeftX()).isGreaterThanOrEqualTo(0);
        }
        BufferedImage rendered = ImageIO.read(render(signed, 1).toFile());
        assertThat(rendered.getWidth()).isGreaterThan(rendered.getHeight());
    }

    @Test
    void apply_rotatedPage_boxMeasuredOnTheDisplayedPage() throws IOException {
        Identity signer = PKI.departmentSeal();
        DSSDocument input = pdf(1, 90, document -> {});
        PAdESSignatureParameters params = parameters(signer);
        // Displayed landscape, 297 x 210 mm: the box sits in its lower right.
        Decree30Appearance.apply(
                params,
                input,
                SignatureAppearance.withImages(
                        Placement.onPageMm(1, 190, 130, 95, 62),
                        DemoPki.DEPARTMENT_SEAL_NAME,
                        null,
                        PKI.signatureImagePng(),
                        PKI.sealImagePng(),
                        DemoPki.SEAL_DIAMETER_MM),
                Instant.now());

        Path signed = write(sign(input, params, signer), OUT, "department-rotated-page.pdf");

        assertValidSignature(signed);
        assertThat(pdftotext(signed)).contains("Ký bởi: Sở Tư pháp Thành phố Hà Nội");
        try (PDDocument pdf = Loader.loadPDF(signed.toFile())) {
            // /Rotate 90: displayed x is user y, displayed depth from the top is user x.
            PDRectangle rect = onlySignatureWidget(pdf).getRectangle();
            float pt = (float) Placement.POINTS_PER_MM;
            assertThat(rect.getLowerLeftY()).isCloseTo(190 * pt, within(0.1f));
            assertThat(rect.getHeight()).isCloseTo(95 * pt, within(0.1f));
            assertThat(rect.getLowerLeftX()).isCloseTo(130 * pt, within(0.1f));
            assertThat(rect.getWidth()).isCloseTo(62 * pt, within(0.1f));
        }
        render(signed, 1);
    }

    @Test
    void getDataToSign_sameAppearanceAppliedTwice_sameDigest() {
        Identity signer = PKI.departmentSeal();
        DSSDocument input = a4Pdf(1);
        Instant time = Instant.now();
        SignatureAppearance appearance = SignatureAppearance.withImages(
                Placement.onPageMm(1, 70, 200, 130, 46),
                DemoPki.DEPARTMENT_SEAL_NAME,
                null,
                PKI.signatureImagePng(),
                PKI.sealImagePng(),
                DemoPki.SEAL_DIAMETER_MM);
        List<byte[]> digests = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            // Two parameter objects, as the two steps of two-step signing build them on two nodes.
            PAdESSignatureParameters params = parameters(signer);
            Decree30Appearance.apply(params, input, appearance, time);
            ToBeSigned toBeSigned = AppearanceFixtures.service().getDataToSign(input, params);
            digests.add(toBeSigned.getBytes());
        }

        assertThat(digests.get(1)).isEqualTo(digests.get(0));
    }

    @Test
    void apply_pageOutOfRange_invalidDocumentNamingThePage() {
        DSSDocument input = a4Pdf(1);
        PAdESSignatureParameters params = parameters(PKI.residentRsa());

        assertThatThrownBy(() -> Decree30Appearance.apply(
                        params,
                        input,
                        SignatureAppearance.textOnly(
                                Placement.onPageMm(3, 20, 20, 80, 25), DemoPki.RESIDENT_NAME, null),
                        Instant.now()))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessage("The document has 1 page; there is no page 3 to place the signature on.");
        assertThat(params.getImageParameters().isEmpty()).isTrue();
    }

    @Test
    void apply_unknownField_invalidDocumentNamingTheField() {
        DSSDocument input = a4Pdf(1);

        assertThatThrownBy(() -> Decree30Appearance.apply(
                        parameters(PKI.residentRsa()),
                        input,
                        SignatureAppearance.textOnly(Placement.inField("Missing"), DemoPki.RESIDENT_NAME, null),
                        Instant.now()))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessage("The document has no signature field named 'Missing'.");
    }

    @Test
    void apply_boxOffThePage_invalidDocument() {
        DSSDocument input = a4Pdf(1);

        assertThatThrownBy(() -> Decree30Appearance.apply(
                        parameters(PKI.residentRsa()),
                        input,
                        SignatureAppearance.textOnly(
                                Placement.onPageMm(1, 150, 280, 80, 25), DemoPki.RESIDENT_NAME, null),
                        Instant.now()))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessage("The signature box does not fit on page 1, which is 210 x 297 mm.");
    }

    @Test
    void apply_boxOverExistingField_invalidDocument() {
        DSSDocument input =
                pdf(1, 0, document -> addEmptySignatureField(document, "Other", new PDRectangle(100, 100, 200, 80)));

        assertThatThrownBy(() -> Decree30Appearance.apply(
                        parameters(PKI.residentRsa()),
                        input,
                        SignatureAppearance.textOnly(
                                Placement.onPage(1, 150, 842 - 200, 200, 80), DemoPki.RESIDENT_NAME, null),
                        Instant.now()))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("overlaps an existing annotation or form field on page 1");
    }

    @Test
    void apply_boxSmallerThanSeal_illegalArgument() {
        DSSDocument input = a4Pdf(1);

        assertThatThrownBy(() -> Decree30Appearance.apply(
                        parameters(PKI.departmentSeal()),
                        input,
                        SignatureAppearance.withImages(
                                Placement.onPageMm(1, 20, 20, 120, 30),
                                DemoPki.DEPARTMENT_SEAL_NAME,
                                null,
                                PKI.signatureImagePng(),
                                PKI.sealImagePng(),
                                DemoPki.SEAL_DIAMETER_MM),
                        Instant.now()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The seal is 40.0 mm across at its real size");
    }

    @Test
    void apply_notAPdf_invalidDocument() {
        DSSDocument input = new eu.europa.esig.dss.model.InMemoryDocument("not a pdf".getBytes(), "x.pdf");

        assertThatThrownBy(() -> Decree30Appearance.apply(
                        parameters(PKI.residentRsa()),
                        input,
                        SignatureAppearance.textOnly(
                                Placement.onPageMm(1, 20, 20, 80, 25), DemoPki.RESIDENT_NAME, null),
                        Instant.now()))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessage("The file is not a readable PDF.");
    }

    private static void assertValidSignature(Path signed) {
        String report = run("pdfsig", signed.toString());
        assertThat(report).as(report).contains("Signature Validation: Signature is Valid.");
    }

    private static void addEmptySignatureField(PDDocument document, String name, PDRectangle rect) {
        try {
            PDAcroForm acroForm = new PDAcroForm(document);
            document.getDocumentCatalog().setAcroForm(acroForm);
            PDSignatureField field = new PDSignatureField(acroForm);
            field.setPartialName(name);
            PDAnnotationWidget widget = field.getWidgets().get(0);
            PDPage page = document.getPage(0);
            widget.setRectangle(rect);
            widget.setPage(page);
            widget.setPrinted(true);
            page.getAnnotations().add(widget);
            acroForm.getFields().add(field);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PDAnnotationWidget onlySignatureWidget(PDDocument pdf) {
        List<PDSignatureField> fields = pdf.getSignatureFields();
        assertThat(fields).hasSize(1);
        return fields.get(0).getWidgets().get(0);
    }

    private static PDFormXObject normalAppearance(PDAnnotationWidget widget) {
        return widget.getAppearance().getNormalAppearance().getAppearanceStream();
    }

    /** Image XObjects drawn by the widget's appearance, including those of nested forms. */
    private static List<PDImageXObject> images(PDAnnotationWidget widget) throws IOException {
        List<PDImageXObject> found = new ArrayList<>();
        collectImages(normalAppearance(widget).getResources(), found);
        return found;
    }

    private static void collectImages(PDResources resources, List<PDImageXObject> found) throws IOException {
        if (resources == null) {
            return;
        }
        for (COSName name : resources.getXObjectNames()) {
            PDXObject xobject = resources.getXObject(name);
            if (xobject instanceof PDImageXObject image) {
                found.add(image);
            } else if (xobject instanceof PDFormXObject form) {
                collectImages(form.getResources(), found);
            }
        }
    }

    private static List<String> embeddedFontNames(PDAnnotationWidget widget) throws IOException {
        List<String> names = new ArrayList<>();
        PDResources resources = normalAppearance(widget).getResources();
        for (COSName name : resources.getFontNames()) {
            PDFont font = resources.getFont(name);
            assertThat(font.isEmbedded()).isTrue();
            names.add(font.getName());
        }
        return names;
    }

    /** Font sizes set by {@code Tf} in the widget's appearance stream. */
    private static List<Float> fontSizes(PDAnnotationWidget widget) throws IOException {
        List<Float> sizes = new ArrayList<>();
        try (InputStream in = normalAppearance(widget).getContents()) {
            String content = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            java.util.regex.Matcher m =
                    java.util.regex.Pattern.compile("/\\S+ ([0-9.]+) Tf").matcher(content);
            while (m.find()) {
                sizes.add(Float.parseFloat(m.group(1)));
            }
        }
        return sizes;
    }
}
