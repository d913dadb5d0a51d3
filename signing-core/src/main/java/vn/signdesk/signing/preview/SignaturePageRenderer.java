package vn.signdesk.signing.preview;

import vn.signdesk.signing.PdfInput;

/**
 * Renders the pages of a PDF that carry a visible signature, and says where on them each signature
 * sits: what a person needs to see which box on the paper a verification report speaks of.
 *
 * <p>Signatures are numbered in document order (by the end of the revision each signs), the order
 * of the verification report's signatures, so the n-th box belongs to the report's n-th signature.
 */
public interface SignaturePageRenderer {

    /**
     * The signature fields of a PDF and images of the pages their visible boxes are on.
     *
     * @throws vn.signdesk.signing.InvalidDocumentException when the bytes are not a readable PDF
     * @throws vn.signdesk.signing.UnsupportedDocumentException when it is encrypted without the
     *     password, or over the page bound
     */
    SignaturePages render(PdfInput document);

    /** A renderer on PDFBox, within the given limits. */
    static SignaturePageRenderer withPdfBox(PreviewLimits limits) {
        return new PdfBoxSignaturePageRenderer(limits);
    }
}
