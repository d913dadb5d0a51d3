package vn.signdesk.signing.verify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDTextField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.signdesk.signing.InvalidDocumentException;
import vn.signdesk.signing.PadesDocumentSigner;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.verify.ChangeKind;
import vn.signdesk.signing.verify.SignatureCoverage;

/**
 * {@link RevisionAnalyzer} on PDFs signed here with the demo PKI and changed afterwards with PDFBox
 * incremental updates, one kind of change per test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevisionAnalyzerIT {

    private DemoSigner demo;
    private PadesDocumentSigner signer;
    private byte[] signedForm;

    @BeforeAll
    void signOnce() throws IOException {
        demo = new DemoSigner();
        signer = demo.signer;
        signedForm = demo.sign(formPdf(), SignatureLevel.B_B);
    }

    @Test
    void analyze_unmodifiedSignedPdf_coversEverythingWithNoChange() {
        List<SignatureCoverage> result = RevisionAnalyzer.analyze(signedForm, null);

        assertThat(result).hasSize(1);
        SignatureCoverage sig = result.get(0);
        assertThat(sig.standardByteRange()).isTrue();
        assertThat(sig.anomalyOrNull()).isNull();
        assertThat(sig.coversWholeDocument()).isTrue();
        assertThat(sig.signedRevisionEnd()).isEqualTo(signedForm.length);
        assertThat(sig.byteRange()).hasSize(4).startsWith(0L);
        assertThat(sig.documentTimestamp()).isFalse();
        assertThat(sig.changesAfterSigning()).as("%s", sig.changeDetails()).isEqualTo(ChangeKind.NONE);
        assertThat(sig.changeDetails()).isEmpty();
    }

    @Test
    void analyze_extendedToLta_isLtaUpdatesForTheSignature() {
        byte[] extended = signer.extend(PdfInput.of(signedForm), SignatureLevel.B_LTA);

        List<SignatureCoverage> result = RevisionAnalyzer.analyze(extended, null);

        assertThat(result).hasSizeGreaterThanOrEqualTo(2);
        SignatureCoverage first = result.get(0);
        assertThat(first.documentTimestamp()).isFalse();
        assertThat(first.standardByteRange()).isTrue();
        assertThat(first.coversWholeDocument()).isFalse();
        assertThat(first.changesAfterSigning()).as("%s", first.changeDetails()).isEqualTo(ChangeKind.LTA_UPDATES);
        SignatureCoverage last = result.get(result.size() - 1);
        assertThat(last.documentTimestamp()).isTrue();
        assertThat(last.changesAfterSigning()).isEqualTo(ChangeKind.NONE);
    }

    @Test
    void analyze_formFieldFilledAfterSigning_isFormFilling() throws IOException {
        byte[] filled = update(signedForm, doc -> {
            PDTextField field =
                    (PDTextField) doc.getDocumentCatalog().getAcroForm().getField("applicant");
            field.setValue("Nguyen Van A");
            field.getCOSObject().setNeedToBeUpdated(true);
            PDAnnotationWidget widget = field.getWidgets().get(0);
            widget.getCOSObject().setNeedToBeUpdated(true);
            widget.getAppearance().getCOSObject().setNeedToBeUpdated(true);
            widget.getNormalAppearanceStream().getCOSObject().setNeedToBeUpdated(true);
        });

        SignatureCoverage sig = RevisionAnalyzer.analyze(filled, null).get(0);

        assertThat(sig.standardByteRange()).isTrue();
        assertThat(sig.coversWholeDocument()).isFalse();
        assertThat(sig.changesAfterSigning()).as("%s", sig.changeDetails()).isEqualTo(ChangeKind.FORM_FILLING);
        assertThat(sig.changeDetails()).anyMatch(d -> d.contains("applicant"));
    }

    @Test
    void analyze_annotationAddedAfterSigning_isAnnotations() throws IOException {
        byte[] annotated = commented(signedForm, new PDRectangle(400, 700, 20, 20));

        SignatureCoverage sig = RevisionAnalyzer.analyze(annotated, null).get(0);

        assertThat(sig.coversWholeDocument()).isFalse();
        assertThat(sig.changesAfterSigning()).as("%s", sig.changeDetails()).isEqualTo(ChangeKind.ANNOTATIONS);
        assertThat(sig.changeDetails()).anyMatch(d -> d.contains("/Text annotation was added on page 1"));
    }

    @Test
    void analyze_commentAddedOverSignedText_isOther() throws IOException {
        byte[] annotated = commented(signedForm, new PDRectangle(150, 765, 20, 20));

        SignatureCoverage sig = RevisionAnalyzer.analyze(annotated, null).get(0);

        assertThat(sig.changesAfterSigning()).as("%s", sig.changeDetails()).isEqualTo(ChangeKind.OTHER);
        assertThat(sig.changeDetails()).contains("A /Text annotation added on page 1 shows over signed content.");
    }

    @Test
    void analyze_commentAddedThenRemovedAwayFromSignedContent_isAnnotations() throws IOException {
        byte[] annotated = commented(signedForm, new PDRectangle(400, 600, 20, 20));
        byte[] removed = update(annotated, doc -> {
            PDPage page = doc.getPage(0);
            page.getAnnotations().removeIf(a -> a instanceof PDAnnotationText);
            page.getCOSObject().setNeedToBeUpdated(true);
        });

        SignatureCoverage sig = RevisionAnalyzer.analyze(removed, null).get(0);

        assertThat(sig.changesAfterSigning()).as("%s", sig.changeDetails()).isEqualTo(ChangeKind.ANNOTATIONS);
    }

    @Test
    void analyze_pageContentReplacedAfterSigning_isOther() throws IOException {
        byte[] changed = update(signedForm, doc -> {
            PDPage page = doc.getPage(0);
            try (PDPageContentStream cs =
                    new PDPageContentStream(doc, page, PDPageContentStream.AppendMode.OVERWRITE, false)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(72, 770);
                cs.showText("The application is refused.");
                cs.endText();
            }
            page.getCOSObject().setNeedToBeUpdated(true);
        });

        SignatureCoverage sig = RevisionAnalyzer.analyze(changed, null).get(0);

        assertThat(sig.standardByteRange()).isTrue();
        assertThat(sig.changesAfterSigning()).as("%s", sig.changeDetails()).isEqualTo(ChangeKind.OTHER);
        assertThat(sig.changeDetails()).anyMatch(d -> d.contains("page 1"));
    }

    @Test
    void analyze_trailingGarbage_doesNotCoverTheDocument() {
        byte[] tail = "\nthis text was appended after the signature\n".getBytes(StandardCharsets.US_ASCII);
        byte[] withTail = new byte[signedForm.length + tail.length];
        System.arraycopy(signedForm, 0, withTail, 0, signedForm.length);
        System.arraycopy(tail, 0, withTail, signedForm.length, tail.length);

        SignatureCoverage sig = RevisionAnalyzer.analyze(withTail, null).get(0);

        assertThat(sig.standardByteRange()).isTrue();
        assertThat(sig.signedRevisionEnd()).isEqualTo(signedForm.length);
        assertThat(sig.coversWholeDocument()).isFalse();
        assertThat(sig.changesAfterSigning()).as("%s", sig.changeDetails()).isEqualTo(ChangeKind.OTHER);
    }

    @Test
    void analyze_trailingLineBreaksOnly_stillCoversTheDocument() {
        byte[] withEol = new byte[signedForm.length + 2];
        System.arraycopy(signedForm, 0, withEol, 0, signedForm.length);
        withEol[signedForm.length] = '\r';
        withEol[signedForm.length + 1] = '\n';

        SignatureCoverage sig = RevisionAnalyzer.analyze(withEol, null).get(0);

        assertThat(sig.coversWholeDocument()).isTrue();
        assertThat(sig.changesAfterSigning()).as("%s", sig.changeDetails()).isEqualTo(ChangeKind.NONE);
    }

    @Test
    void analyze_notAPdf_throwsInvalidDocument() {
        assertThatThrownBy(() -> RevisionAnalyzer.analyze("hello".getBytes(StandardCharsets.US_ASCII), null))
                .isInstanceOf(InvalidDocumentException.class);
    }

    /** The document with a comment (a /Text annotation, a note icon) at {@code rect} of page 1. */
    private static byte[] commented(byte[] pdf, PDRectangle rect) throws IOException {
        return update(pdf, doc -> {
            PDPage page = doc.getPage(0);
            PDAnnotationText note = new PDAnnotationText();
            note.setRectangle(rect);
            note.setContents("Checked at the counter");
            page.getAnnotations().add(note);
            page.getCOSObject().setNeedToBeUpdated(true);
            page.getCOSObject().getCOSArray(COSName.ANNOTS).setNeedToBeUpdated(true);
        });
    }

    /** A change made with PDFBox and saved as an incremental update. */
    private interface Change {
        void apply(PDDocument doc) throws IOException;
    }

    private static byte[] update(byte[] pdf, Change change) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf);
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            change.apply(doc);
            doc.saveIncremental(out);
            return out.toByteArray();
        }
    }

    /** One page of text with an empty text field "applicant". */
    private static byte[] formPdf() throws IOException {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(font, 12);
                cs.newLineAtOffset(72, 770);
                cs.showText("Application for a certified copy. Applicant:");
                cs.newLineAtOffset(0, -35);
                // the field is filled in over this line, as forms put fields on their underscores
                cs.showText("________________________________________");
                cs.endText();
            }
            PDAcroForm form = new PDAcroForm(doc);
            doc.getDocumentCatalog().setAcroForm(form);
            PDResources resources = new PDResources();
            resources.put(COSName.HELV, font);
            form.setDefaultResources(resources);
            form.setDefaultAppearance("/Helv 10 Tf 0 g");
            PDTextField field = new PDTextField(form);
            field.setPartialName("applicant");
            PDAnnotationWidget widget = field.getWidgets().get(0);
            widget.setRectangle(new PDRectangle(72, 730, 250, 20));
            widget.setPage(page);
            page.getAnnotations().add(widget);
            form.getFields().add(field);
            field.setValue("");
            doc.save(out);
            return out.toByteArray();
        }
    }
}
