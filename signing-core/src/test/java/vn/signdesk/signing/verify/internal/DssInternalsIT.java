package vn.signdesk.signing.verify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationText;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.SignatureLevel;

/**
 * The code that reaches into DSS's internals, against plain DSS on documents signed here (no shared
 * corpus needed): {@link RevisionListingService} (a subclass of DSS's PDFBox service that sets a
 * private field by reflection) lists the same revisions as DSS's own service, a whole validation
 * through {@link RevisionListingObjFactory} gives DSS's diagnostic data, and
 * {@link NothingToCompareObjFactory} does too where nothing follows the signatures. A DSS upgrade
 * that changes what these pieces rely on fails here, not in a verdict.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DssInternalsIT {

    private final Map<String, byte[]> documents = new LinkedHashMap<>();

    @BeforeAll
    void signDocuments() throws IOException {
        DemoSigner demo = new DemoSigner();
        byte[] page = onePage();
        byte[] once = demo.sign(page, SignatureLevel.B_B);
        documents.put("one signature", once);
        documents.put("B-T", demo.sign(page, SignatureLevel.B_T));
        documents.put("B-LTA", demo.sign(page, SignatureLevel.B_LTA));
        documents.put("two signers", demo.sign(once, SignatureLevel.B_B, demo.pki.departmentSeal()));
        documents.put("extended to B-LTA", demo.signer.extend(PdfInput.of(once), SignatureLevel.B_LTA));
        documents.put("a comment after signing", commented(once));
    }

    @Test
    void consistencyShortcut_privateFieldOfThisDssVersion_isFound() {
        assertThat(RevisionListingService.consistencyShortcutAvailable())
                .as("DSS's PdfSigDictWrapper.consistent, which RevisionListingService sets")
                .isTrue();
    }

    @Test
    void getRevisions_signedHere_listsWhatDssLists() {
        documents.forEach((name, pdf) -> {
            assertThat(RevisionListingService.revisionEnds(pdf)).as(name).isEqualTo(DssListings.dssEnds(pdf));
            var dss = DssListings.describe(DssListings.plainService(), pdf);
            assertThat(dss).as(name).isNotEmpty().noneMatch(r -> r.startsWith("failed"));
            assertThat(DssListings.describe(new RevisionListingService(), pdf))
                    .as(name)
                    .isEqualTo(dss);
        });
    }

    @Test
    void validation_throughRevisionListingFactory_givesDssDiagnosticData() {
        documents.forEach((name, pdf) -> {
            String dss = DssListings.diagnosticData(new PdfBoxNativeObjectFactory(), pdf);
            assertThat(dss).as(name).contains("<Signature ").doesNotStartWith("failed");
            assertThat(DssListings.diagnosticData(new RevisionListingObjFactory(), pdf))
                    .as(name)
                    .isEqualTo(dss);
        });
    }

    @Test
    void validation_nothingAfterTheSignatures_nothingToCompareFactoryGivesDssDiagnosticData() {
        for (String name : new String[] {"one signature", "B-T"}) {
            byte[] pdf = documents.get(name);
            assertThat(DssListings.diagnosticData(new NothingToCompareObjFactory(), pdf))
                    .as(name)
                    .isEqualTo(DssListings.diagnosticData(new PdfBoxNativeObjectFactory(), pdf));
        }
    }

    private static byte[] onePage() throws IOException {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                cs.newLineAtOffset(72, 770);
                cs.showText("Decision on a certified copy.");
                cs.endText();
            }
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static byte[] commented(byte[] signed) throws IOException {
        try (PDDocument doc = Loader.loadPDF(signed);
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = doc.getPage(0);
            PDAnnotationText note = new PDAnnotationText();
            note.setRectangle(new PDRectangle(400, 600, 20, 20));
            note.setContents("Seen at the counter");
            page.getAnnotations().add(note);
            page.getCOSObject().setNeedToBeUpdated(true);
            doc.saveIncremental(out);
            return out.toByteArray();
        }
    }
}
