package vn.signdesk.signing.verify.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNumber;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import vn.signdesk.signing.InvalidDocumentException;
import vn.signdesk.signing.UnsupportedDocumentException;
import vn.signdesk.signing.verify.ChangeKind;
import vn.signdesk.signing.verify.SignatureCoverage;
import vn.signdesk.signing.verify.SignatureCoverage.Placement;

/**
 * The revision analysis of a signed PDF: for every signature dictionary and document timestamp,
 * what its byte range covers and what was changed after the revision it signs.
 *
 * <p>Implementation notes. Pure PDFBox and the JDK, independent of DSS, so that a signature DSS
 * does not see (a /ByteRange with one range) is still reported. Signature dictionaries are found
 * three ways: through the form field tree, through the signature widgets of the pages (a field
 * left out of the form), and by scanning every object for a /ByteRange, so that none is dropped
 * because its field is broken or missing; each coverage says where it was found
 * ({@link SignatureCoverage.Placement}). The byte range is checked on the raw bytes
 * ({@link ByteRanges}); the signed revision is the prefix up to the end of its byte range, parsed
 * again with PDFBox and compared object by object with the final document ({@link ChangeClassifier}).
 * A signature whose byte range reaches the end of the file (but for white space) needs no parse of
 * its revision. Walks over the hostile object graph are bounded ({@link Snapshot}); a failure while
 * analysing one signature makes that signature's changes OTHER, never the whole call fail.
 */
public final class RevisionAnalyzer {

    private RevisionAnalyzer() {}

    /**
     * Analyses every signature dictionary of a PDF, in document order (by the end of the revision it
     * signs).
     *
     * @param pdf the whole file
     * @param passwordOrNull the password that opens an encrypted PDF, or null to try the empty one
     * @return one coverage per signature dictionary (signatures and document timestamps), empty if none
     * @throws InvalidDocumentException if the file cannot be parsed as a PDF at all
     * @throws UnsupportedDocumentException if it is encrypted and the password does not open it
     */
    public static List<SignatureCoverage> analyze(byte[] pdf, char[] passwordOrNull) {
        return analyze(pdf, passwordOrNull, document -> {});
    }

    /**
     * Like {@link #analyze(byte[], char[])}, and then gives the parsed final document to {@code
     * alsoRead}, so that a caller needing something else from it does not parse the file again.
     *
     * @param alsoRead reads the final document after the analysis; it must not change it, and what it
     *     throws reaches the caller unchanged
     */
    public static List<SignatureCoverage> analyze(byte[] pdf, char[] passwordOrNull, Consumer<PDDocument> alsoRead) {
        String password = passwordOrNull == null ? "" : new String(passwordOrNull);
        PDDocument document = open(pdf, password);
        Map<Long, ClassifiedRevision> revisions = new HashMap<>();
        RawXref.Sections sections = new RawXref.Sections(pdf);
        try {
            Snapshot last = new Snapshot(document);
            List<SignatureCoverage> out = new ArrayList<>();
            int index = 0;
            for (Map.Entry<COSDictionary, String> e : last.signatures.entrySet()) {
                index++;
                try {
                    out.add(coverage(sections, password, last, e.getKey(), e.getValue(), index, revisions));
                } catch (RuntimeException | StackOverflowError failure) {
                    // one unreadable signature dictionary is that signature's anomaly, not the document's
                    out.add(new SignatureCoverage(
                            e.getValue() != null ? e.getValue() : "signature " + index,
                            false,
                            new long[0],
                            0,
                            false,
                            "the signature dictionary cannot be read",
                            false,
                            ChangeKind.OTHER,
                            List.of("The signature could not be analysed."),
                            last.placements.getOrDefault(e.getKey(), Placement.OTHER_REFERENCE),
                            null));
                }
            }
            out.sort(Comparator.comparingLong(SignatureCoverage::signedRevisionEnd));
            // after the analysis, so that what the reader resolves cannot change what the analysis sees
            try {
                alsoRead.accept(document);
            } catch (RuntimeException e) {
                throw new CallerFailure(e);
            }
            return out;
        } catch (CallerFailure e) {
            throw e.getCause();
        } catch (RuntimeException | StackOverflowError e) {
            throw new InvalidDocumentException("the PDF cannot be read: its structure is damaged", e);
        } finally {
            closeQuietly(document);
            revisions.values().forEach(r -> closeQuietly(r.documentOrNull));
        }
    }

    /** Carries what the caller's reader threw past this class's own failure handling. */
    private static final class CallerFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallerFailure(RuntimeException cause) {
            super(cause);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }

    private record ClassifiedRevision(PDDocument documentOrNull, ChangeClassifier.Result result) {}

    private static SignatureCoverage coverage(
            RawXref.Sections sections,
            String password,
            Snapshot last,
            COSDictionary sig,
            String fieldNameOrNull,
            int index,
            Map<Long, ClassifiedRevision> revisions) {
        byte[] pdf = sections.pdf();
        COSObjectKey key = last.signatureKeys.get(sig);
        String name = fieldNameOrNull != null
                ? fieldNameOrNull
                : key != null ? "object " + key.getNumber() + " " + key.getGeneration() : "signature " + index;
        boolean timestamp = Snapshot.isDocumentTimestamp(sig);
        String rangeProblem = null;
        long[] range = new long[0];
        COSBase br = sig.getDictionaryObject(Snapshot.BYTE_RANGE);
        if (br instanceof COSArray a) {
            List<Long> values = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                COSBase v = Snapshot.deref(a.get(i));
                if (v instanceof COSNumber n) {
                    values.add(n.longValue());
                } else {
                    rangeProblem = "the byte range contains a value that is not a number";
                }
            }
            range = values.stream().mapToLong(Long::longValue).toArray();
        } else if (br != null) {
            rangeProblem = "the byte range is not an array";
        }
        byte[] contents = sig.getDictionaryObject(COSName.CONTENTS) instanceof COSString s ? s.getBytes() : null;
        ByteRanges.Check check = ByteRanges.check(pdf, range, contents);
        String anomaly = rangeProblem != null ? rangeProblem : check.anomalyOrNull();
        if (anomaly == null && contents == null) {
            anomaly = "the signature has no /Contents string";
        }
        long end = check.signedRevisionEnd();
        boolean covers = end > 0 && ByteRanges.onlyWhitespaceAfter(pdf, end);
        ChangeClassifier.Result changes;
        if (covers) {
            changes = new ChangeClassifier.Result(ChangeKind.NONE, List.of());
        } else {
            changes = revisions
                    .computeIfAbsent(end, e -> classify(sections, password, last, e))
                    .result();
        }
        COSName subFilter = sig.getCOSName(COSName.SUB_FILTER);
        return new SignatureCoverage(
                name,
                timestamp,
                range,
                end,
                anomaly == null,
                anomaly,
                covers,
                changes.kind(),
                changes.details(),
                last.placements.getOrDefault(sig, Placement.OTHER_REFERENCE),
                subFilter == null ? null : subFilter.getName());
    }

    private static ClassifiedRevision classify(RawXref.Sections sections, String password, Snapshot last, long end) {
        byte[] pdf = sections.pdf();
        if (end <= 0) {
            return new ClassifiedRevision(
                    null, other("The signature covers no revision of the document, so what follows it is unknown."));
        }
        PDDocument signed;
        try {
            signed = Loader.loadPDF(Arrays.copyOf(pdf, (int) end), password);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            return new ClassifiedRevision(null, other("The signed revision cannot be read as a PDF."));
        }
        try {
            Snapshot before = new Snapshot(signed);
            ChangeClassifier.Result r = ChangeClassifier.classify(before, last);
            List<String> redirections = CrossReferenceCheck.redirections(sections, end, before, last);
            if (!redirections.isEmpty()) {
                List<String> details = new ArrayList<>(redirections);
                details.addAll(r.details());
                r = new ChangeClassifier.Result(ChangeKind.OTHER, details);
            }
            if (r.kind() == ChangeKind.NONE) {
                // bytes follow the signed revision, yet no object differs
                r = ByteRanges.hasEofAfter(pdf, end)
                        ? new ChangeClassifier.Result(
                                ChangeKind.LTA_UPDATES, List.of("A revision that changes no object was added."))
                        : other((pdf.length - end) + " bytes after the signed revision are not a PDF revision.");
            }
            return new ClassifiedRevision(signed, r);
        } catch (RuntimeException | StackOverflowError e) {
            return new ClassifiedRevision(signed, other("The signed revision cannot be compared with the document."));
        }
    }

    private static ChangeClassifier.Result other(String detail) {
        return new ChangeClassifier.Result(ChangeKind.OTHER, List.of(detail));
    }

    private static PDDocument open(byte[] pdf, String password) {
        try {
            return Loader.loadPDF(pdf, password);
        } catch (InvalidPasswordException e) {
            throw new UnsupportedDocumentException(
                    password.isEmpty()
                            ? "the PDF is encrypted: give the password that opens it"
                            : "the password given does not open this encrypted PDF",
                    e);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new InvalidDocumentException("the PDF cannot be read: its structure is damaged", e);
        }
    }

    private static void closeQuietly(PDDocument d) {
        if (d != null) {
            try {
                d.close();
            } catch (IOException | RuntimeException e) {
                // nothing to release that matters: the bytes are in memory
            }
        }
    }
}
