package vn.signdesk.signing.appearance;

import eu.europa.esig.dss.pdf.AbstractPdfObjFactory;
import eu.europa.esig.dss.pdf.PDFServiceMode;
import eu.europa.esig.dss.pdf.PDFSignatureService;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxSignatureService;

/**
 * DSS's PDFBox implementation with the Decree 30 drawer: the same as DSS's
 * {@code PdfBoxNativeObjectFactory}, except that appearances from {@link Decree30Appearance} are drawn
 * by {@link Decree30SignatureDrawer}. Each call makes a new service, so one configured factory
 * serves every thread.
 */
final class Decree30PdfObjFactory extends AbstractPdfObjFactory {

    private static final Decree30DrawerFactory DRAWERS = new Decree30DrawerFactory();

    @Override
    public PDFSignatureService newPAdESSignatureService() {
        return configure(new PdfBoxSignatureService(PDFServiceMode.SIGNATURE, DRAWERS));
    }

    @Override
    public PDFSignatureService newContentTimestampService() {
        return configure(new PdfBoxSignatureService(PDFServiceMode.CONTENT_TIMESTAMP, DRAWERS));
    }

    @Override
    public PDFSignatureService newSignatureTimestampService() {
        return configure(new PdfBoxSignatureService(PDFServiceMode.SIGNATURE_TIMESTAMP, DRAWERS));
    }

    @Override
    public PDFSignatureService newArchiveTimestampService() {
        return configure(new PdfBoxSignatureService(PDFServiceMode.ARCHIVE_TIMESTAMP, DRAWERS));
    }
}
