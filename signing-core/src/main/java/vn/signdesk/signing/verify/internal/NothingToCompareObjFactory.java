package vn.signdesk.signing.verify.internal;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.pades.validation.PAdESSignature;
import eu.europa.esig.dss.pades.validation.timestamp.PdfTimestampToken;
import eu.europa.esig.dss.pdf.PDFSignatureService;
import eu.europa.esig.dss.pdf.PdfCMSRevision;
import eu.europa.esig.dss.pdf.modifications.PdfModificationDetection;
import eu.europa.esig.dss.pdf.modifications.PdfObjectModifications;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;
import eu.europa.esig.dss.spi.signature.AdvancedSignature;
import eu.europa.esig.dss.spi.x509.tsp.TimestampToken;
import java.util.List;

/**
 * DSS's PDFBox object factory for a document in which no signature has anything after its revision
 * that the revision analysis permits: DSS's modification detection is given its empty result
 * directly, without parsing the final document and each signed revision again to compare them.
 *
 * <p>Implementation notes. DSS's {@code analyzePdfModifications} opens the final document and, per
 * signature and document timestamp, the signed revision, and runs the differences and object
 * modification finders on them. When every signature covers the whole document, or what follows it
 * is already classified OTHER by {@link RevisionAnalyzer} (and so fails), that comparison cannot
 * change a verdict, and finders that report nothing were already used for it; this factory's
 * service skips the two parses as well and records the same empty detection on every revision
 * (empty overlaps, page and visual differences, no object modification), which DSS's diagnostic
 * data renders exactly as it renders the finders' empty answers. Everything else is
 * {@link RevisionListingService}. A service is built per validation; the factory is shared.
 */
public final class NothingToCompareObjFactory extends PdfBoxNativeObjectFactory {

    @Override
    public PDFSignatureService newPAdESSignatureService() {
        return configure(new Service());
    }

    /** DSS's PDFBox signature service whose modification analysis records "no modification". */
    private static final class Service extends RevisionListingService {

        @Override
        public void analyzePdfModifications(DSSDocument document, List<AdvancedSignature> signatures, char[] pwd) {
            if (signatures == null) {
                return;
            }
            for (AdvancedSignature signature : signatures) {
                if (signature instanceof PAdESSignature pades) {
                    unchanged(pades.getPdfRevision());
                }
                for (TimestampToken t : signature.getDocumentTimestamps()) {
                    if (t instanceof PdfTimestampToken pdf) {
                        unchanged(pdf.getPdfRevision());
                    }
                }
            }
        }

        @Override
        public void analyzeTimestampPdfModifications(
                DSSDocument document, List<TimestampToken> timestamps, char[] pwd) {
            if (timestamps == null) {
                return;
            }
            for (TimestampToken t : timestamps) {
                if (t instanceof PdfTimestampToken pdf) {
                    unchanged(pdf.getPdfRevision());
                }
            }
        }

        private static void unchanged(PdfCMSRevision revision) {
            if (revision == null) {
                return;
            }
            PdfModificationDetection none = new PdfModificationDetection();
            none.setAnnotationOverlaps(List.of());
            none.setPageDifferences(List.of());
            none.setVisualDifferences(List.of());
            none.setObjectModifications(new PdfObjectModifications());
            revision.setModificationDetection(none);
        }
    }
}
