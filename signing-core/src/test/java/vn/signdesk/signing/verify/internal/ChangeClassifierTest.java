package vn.signdesk.signing.verify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.apache.pdfbox.pdmodel.interactive.form.PDTextField;
import org.junit.jupiter.api.Test;
import vn.signdesk.signing.verify.ChangeKind;

/**
 * {@link ChangeClassifier} on a form whose signed revision carries the restrictions a certification
 * or a field lock puts on later changes: the same fill is FORM_FILLING without them and OTHER with.
 * No cryptography is involved, so the "signature" dictionaries here hold no real signature value.
 */
class ChangeClassifierTest {

    private interface Tweak {
        void apply(PDDocument doc, PDAcroForm form, PDTextField field) throws IOException;
    }

    @Test
    void classify_plainFill_isFormFilling() throws IOException {
        ChangeClassifier.Result r = fillAfter((doc, form, field) -> {});

        assertThat(r.kind()).as("%s", r.details()).isEqualTo(ChangeKind.FORM_FILLING);
    }

    @Test
    void classify_fillOfReadOnlyField_isOther() throws IOException {
        ChangeClassifier.Result r = fillAfter((doc, form, field) -> field.setReadOnly(true));

        assertThat(r.kind()).isEqualTo(ChangeKind.OTHER);
        assertThat(r.details()).anyMatch(d -> d.contains("read-only"));
    }

    @Test
    void classify_fillOfFieldLockedBySignature_isOther() throws IOException {
        ChangeClassifier.Result r = fillAfter((doc, form, field) -> {
            COSDictionary lock = new COSDictionary();
            lock.setName(COSName.getPDFName("Action"), "Include");
            COSArray names = new COSArray();
            names.add(new COSString("applicant"));
            lock.setItem(COSName.FIELDS, names);
            signedField(doc, form).getCOSObject().setItem(COSName.getPDFName("Lock"), lock);
        });

        assertThat(r.kind()).isEqualTo(ChangeKind.OTHER);
        assertThat(r.details()).anyMatch(d -> d.contains("locks it"));
    }

    @Test
    void classify_fillOfDocumentCertifiedWithNoChanges_isOther() throws IOException {
        ChangeClassifier.Result r = fillAfter((doc, form, field) -> {
            PDSignatureField sig = signedField(doc, form);
            COSDictionary params = new COSDictionary();
            params.setInt(COSName.P, 1);
            COSDictionary transform = new COSDictionary();
            transform.setItem(COSName.getPDFName("TransformMethod"), COSName.getPDFName("DocMDP"));
            transform.setItem(COSName.getPDFName("TransformParams"), params);
            COSArray reference = new COSArray();
            reference.add(transform);
            COSDictionary value = (COSDictionary) sig.getCOSObject().getDictionaryObject(COSName.V);
            value.setItem(COSName.getPDFName("Reference"), reference);
            COSDictionary perms = new COSDictionary();
            perms.setItem(COSName.getPDFName("DocMDP"), value);
            doc.getDocumentCatalog().getCOSObject().setItem(COSName.PERMS, perms);
        });

        assertThat(r.kind()).isEqualTo(ChangeKind.OTHER);
        assertThat(r.details()).anyMatch(d -> d.contains("DocMDP P=1"));
    }

    /** Builds a form, applies the tweak, saves it as the "signed" revision, fills the field in an update. */
    private static ChangeClassifier.Result fillAfter(Tweak tweak) throws IOException {
        byte[] signed;
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            PDAcroForm form = new PDAcroForm(doc);
            doc.getDocumentCatalog().setAcroForm(form);
            PDResources resources = new PDResources();
            resources.put(COSName.HELV, new PDType1Font(Standard14Fonts.FontName.HELVETICA));
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
            tweak.apply(doc, form, field);
            doc.save(out);
            signed = out.toByteArray();
        }
        byte[] filled;
        try (PDDocument doc = Loader.loadPDF(signed);
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDTextField field =
                    (PDTextField) doc.getDocumentCatalog().getAcroForm().getField("applicant");
            field.setValue("Nguyen Van A"); // PDFBox writes a value even into a read-only field, as an attacker would
            field.getCOSObject().setNeedToBeUpdated(true);
            PDAnnotationWidget widget = field.getWidgets().get(0);
            widget.getAppearance().getCOSObject().setNeedToBeUpdated(true);
            widget.getNormalAppearanceStream().getCOSObject().setNeedToBeUpdated(true);
            doc.saveIncremental(out);
            filled = out.toByteArray();
        }
        try (PDDocument before = Loader.loadPDF(signed);
                PDDocument after = Loader.loadPDF(filled)) {
            return ChangeClassifier.classify(new Snapshot(before), new Snapshot(after));
        }
    }

    /** A signature field whose value is a signature dictionary, placed in the form's field list. */
    private static PDSignatureField signedField(PDDocument doc, PDAcroForm form) throws IOException {
        PDSignatureField sig = new PDSignatureField(form);
        sig.setPartialName("approval");
        COSDictionary value = new COSDictionary();
        value.setItem(COSName.TYPE, COSName.SIG);
        value.setItem(COSName.FILTER, COSName.ADOBE_PPKLITE);
        sig.getCOSObject().setItem(COSName.V, value);
        PDAnnotationWidget widget = sig.getWidgets().get(0);
        widget.setRectangle(new PDRectangle(0, 0, 0, 0));
        widget.setPage(doc.getPage(0));
        doc.getPage(0).getAnnotations().add(widget);
        form.getFields().add(sig);
        return sig;
    }
}
