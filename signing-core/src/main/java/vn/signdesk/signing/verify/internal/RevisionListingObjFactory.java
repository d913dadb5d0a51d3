package vn.signdesk.signing.verify.internal;

import eu.europa.esig.dss.pdf.PDFSignatureService;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;

/**
 * DSS's PDFBox object factory whose signature service lists revisions with
 * {@link RevisionListingService}; modification detection and everything else are DSS's.
 */
public final class RevisionListingObjFactory extends PdfBoxNativeObjectFactory {

    @Override
    public PDFSignatureService newPAdESSignatureService() {
        return configure(new RevisionListingService());
    }
}
