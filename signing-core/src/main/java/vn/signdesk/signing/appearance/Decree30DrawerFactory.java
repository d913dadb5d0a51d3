package vn.signdesk.signing.appearance;

import eu.europa.esig.dss.pades.SignatureImageParameters;
import eu.europa.esig.dss.pdf.pdfbox.visible.PdfBoxSignatureDrawer;
import eu.europa.esig.dss.pdf.pdfbox.visible.PdfBoxSignatureDrawerFactory;
import eu.europa.esig.dss.pdf.pdfbox.visible.nativedrawer.PdfBoxNativeSignatureDrawerFactory;

/**
 * Chooses the drawer of a visible signature: {@link Decree30SignatureDrawer} for appearances made by
 * {@link Decree30Appearance}, DSS's native PDFBox drawer (real text too) for any other image
 * parameters. Stateless, so one instance serves every thread.
 */
final class Decree30DrawerFactory implements PdfBoxSignatureDrawerFactory {

    private final PdfBoxNativeSignatureDrawerFactory fallback = new PdfBoxNativeSignatureDrawerFactory();

    @Override
    public PdfBoxSignatureDrawer getSignatureDrawer(SignatureImageParameters imageParameters) {
        if (imageParameters instanceof Decree30ImageParameters) {
            return new Decree30SignatureDrawer();
        }
        return fallback.getSignatureDrawer(imageParameters);
    }
}
