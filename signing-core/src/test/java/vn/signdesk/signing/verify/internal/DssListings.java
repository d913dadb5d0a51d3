package vn.signdesk.signing.verify.internal;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.pades.PAdESUtils;
import eu.europa.esig.dss.pades.validation.PDFDocumentValidator;
import eu.europa.esig.dss.pades.validation.PdfByteRangeDocument;
import eu.europa.esig.dss.pades.validation.PdfRevision;
import eu.europa.esig.dss.pdf.PDFServiceMode;
import eu.europa.esig.dss.pdf.PdfCMSRevision;
import eu.europa.esig.dss.pdf.PdfDocDssRevision;
import eu.europa.esig.dss.pdf.PdfDssDict;
import eu.europa.esig.dss.pdf.PdfSignatureRevision;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxSignatureService;
import eu.europa.esig.dss.pdf.pdfbox.visible.nativedrawer.PdfBoxNativeSignatureDrawerFactory;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * What DSS says of a document, through its own PDFBox service and factory or through SignDesk's
 * replacements ({@link RevisionListingService}, {@link RevisionListingObjFactory},
 * {@link NothingToCompareObjFactory}), as text to compare: the test that the code reaching into DSS's
 * internals still agrees with plain DSS.
 */
final class DssListings {

    private DssListings() {}

    /** DSS's own PDFBox signature service. */
    static PdfBoxSignatureService plainService() {
        return new PdfBoxSignatureService(PDFServiceMode.SIGNATURE, new PdfBoxNativeSignatureDrawerFactory());
    }

    /** Where DSS 6.4's {@code PAdESUtils.extractRevisions} says each revision ends. */
    static List<Integer> dssEnds(byte[] pdf) {
        List<Integer> ends = new ArrayList<>();
        for (PdfByteRangeDocument revision : PAdESUtils.extractRevisions(new InMemoryDocument(pdf))) {
            ends.add(revision.getByteRange().getFirstPartEnd());
        }
        return ends;
    }

    /** DSS's diagnostic data of an offline validation at a fixed time, or the failure it ends in. */
    static String diagnosticData(PdfBoxNativeObjectFactory factory, byte[] pdf) {
        try {
            PDFDocumentValidator validator = new PDFDocumentValidator(new InMemoryDocument(pdf));
            validator.setPdfObjFactory(factory);
            validator.setCertificateVerifier(new CommonCertificateVerifier(true));
            validator.setValidationTime(Date.from(Instant.parse("2026-01-01T00:00:00Z")));
            return validator.validateDocument().getXmlDiagnosticData();
        } catch (RuntimeException e) {
            return "failed: " + e.getClass().getName() + ": " + e.getMessage();
        }
    }

    /** What a service's listing says of a document, or the failure it ends in. */
    static List<String> describe(PdfBoxSignatureService service, byte[] pdf) {
        List<PdfRevision> revisions;
        try {
            revisions = service.getRevisions(new InMemoryDocument(pdf), null);
        } catch (RuntimeException e) {
            return List.of("failed: " + e.getClass().getName() + ": " + e.getMessage());
        }
        List<String> out = new ArrayList<>();
        for (PdfRevision r : revisions) {
            StringBuilder d = new StringBuilder(r.getClass().getSimpleName());
            if (r instanceof PdfCMSRevision cms) {
                d.append(" range=")
                        .append(cms.getByteRange())
                        .append(" valid=")
                        .append(cms.getByteRange().isValid());
                d.append(" signed=").append(length(cms.getSignedData()));
                d.append(" previous=").append(length(cms.getPreviousRevision()));
                d.append(" covers=").append(cms.areAllOriginalBytesCovered());
                d.append(" consistent=").append(cms.getPdfSigDictInfo().isConsistent());
            }
            d.append(" fields=")
                    .append(r.getFields().stream().map(f -> f.getFieldName()).toList());
            if (r instanceof PdfSignatureRevision s) {
                d.append(" dss=").append(dss(s.getDssDictionary()));
                d.append(" composite=").append(s.getCompositeDssDictionary() != null);
            }
            if (r instanceof PdfDocDssRevision dss) {
                d.append(" dss=").append(dss(dss.getDssDictionary()));
            }
            out.add(d.toString());
        }
        return out;
    }

    private static long length(DSSDocument document) {
        return document == null ? -1 : DSSUtils.getFileByteSize(document);
    }

    private static String dss(PdfDssDict dict) {
        if (dict == null) {
            return "none";
        }
        return "certs" + keys(dict.getCERTs()) + " crls" + keys(dict.getCRLs()) + " ocsps" + keys(dict.getOCSPs())
                + " vris" + dict.getVRIs().size();
    }

    private static List<String> keys(Map<?, ?> map) {
        return map.keySet().stream().map(String::valueOf).sorted().toList();
    }
}
