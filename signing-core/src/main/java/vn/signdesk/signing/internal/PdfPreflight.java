package vn.signdesk.signing.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import vn.signdesk.signing.DocumentLimits;
import vn.signdesk.signing.InvalidDocumentException;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.UnsupportedDocumentException;

/**
 * Cheap checks on an untrusted PDF before any signing work, each failing with a message a person
 * understands.
 *
 * <p>Order matters: size and the byte markers first (no parsing), then one lenient PDFBox parse for
 * encryption, page count and the certification (DocMDP) permissions of ISO 32000-1 §12.8.2.2. A file
 * without {@code %%EOF} near its end is treated as truncated, as Acrobat does: PDFBox would
 * otherwise "repair" it and we would sign a document the sender never had.
 */
public final class PdfPreflight {

    private static final byte[] HEADER = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EOF = "%%EOF".getBytes(StandardCharsets.US_ASCII);
    private static final int MARKER_WINDOW = 1024;

    private PdfPreflight() {}

    /** What the checks learned about the document. */
    public record Facts(int pages, boolean encrypted) {}

    /** Runs every check; returns what it learned or throws the first failure. */
    public static Facts check(PdfInput input, DocumentLimits limits, boolean forSigning) {
        byte[] bytes = input.bytes();
        checkBytes(input, limits);
        if (indexOf(bytes, EOF, Math.max(0, bytes.length - MARKER_WINDOW), bytes.length) < 0) {
            throw new InvalidDocumentException("the PDF is truncated: its end-of-file marker is missing");
        }
        String password = input.passwordOrNull() == null ? "" : new String(input.passwordOrNull());
        try (PDDocument pdf = Loader.loadPDF(bytes, password)) {
            int pages = pdf.getNumberOfPages();
            if (pages <= 0) {
                throw new InvalidDocumentException("the PDF has no pages");
            }
            if (pages > limits.maxPages()) {
                throw new UnsupportedDocumentException(
                        "the PDF has " + pages + " pages; at most " + limits.maxPages() + " are accepted");
            }
            if (forSigning && docMdpPermission(pdf) == 1) {
                throw new UnsupportedDocumentException(
                        "the PDF is certified with \"no changes allowed\" (DocMDP P=1): no signature can be added without breaking it");
            }
            return new Facts(pages, pdf.isEncrypted());
        } catch (InvalidPasswordException e) {
            throw new UnsupportedDocumentException(
                    input.passwordOrNull() == null
                            ? "the PDF is encrypted: give the password that opens it"
                            : "the password given does not open this encrypted PDF",
                    e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof vn.signdesk.signing.SignDeskException s) {
                throw s;
            }
            throw new InvalidDocumentException("the PDF cannot be read: its structure is damaged", e);
        }
    }

    /**
     * The checks that need no parsing and apply to signing and verifying alike: not empty, within
     * the size bound, a {@code %PDF-} header in the first kilobyte, and within the read budget (a
     * scan of the raw bytes, before any PDF library parses them). (Verification does not require
     * {@code %%EOF} at the end: bytes after the last revision are what it reports.)
     */
    public static void checkBytes(PdfInput input, DocumentLimits limits) {
        byte[] bytes = input.bytes();
        if (bytes.length == 0) {
            throw new InvalidDocumentException("the document is empty");
        }
        if (bytes.length > limits.maxBytes()) {
            throw new InvalidDocumentException(
                    "the document is larger than the " + (limits.maxBytes() >> 20) + " MiB accepted");
        }
        if (indexOf(bytes, HEADER, 0, Math.min(bytes.length, MARKER_WINDOW)) < 0) {
            throw new InvalidDocumentException("not a PDF: the file does not start with a %PDF- header");
        }
        limits.readBudget().check(bytes, input.passwordOrNull());
    }

    /** The /P of the certification signature's DocMDP transform, 0 when the document is not certified. */
    static int docMdpPermission(PDDocument pdf) {
        COSDictionary perms = pdf.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.PERMS);
        if (perms == null) {
            return 0;
        }
        COSDictionary sig = perms.getCOSDictionary(COSName.DOCMDP);
        if (sig == null) {
            return 0;
        }
        COSBase refs = sig.getDictionaryObject(COSName.REFERENCE);
        if (!(refs instanceof COSArray array)) {
            return 0;
        }
        for (int i = 0; i < array.size(); i++) {
            if (array.getObject(i) instanceof COSDictionary ref
                    && COSName.DOCMDP.equals(ref.getCOSName(COSName.TRANSFORM_METHOD))) {
                COSDictionary params = ref.getCOSDictionary(COSName.TRANSFORM_PARAMS);
                // ISO 32000-1 Table 254: P defaults to 2
                return params == null ? 2 : params.getInt(COSName.P, 2);
            }
        }
        return 0;
    }

    static int indexOf(byte[] haystack, byte[] needle, int from, int to) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
