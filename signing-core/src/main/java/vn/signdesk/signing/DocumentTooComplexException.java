package vn.signdesk.signing;

/**
 * The input may be a well-formed PDF, but reading it would cost more than its {@link PdfReadBudget}
 * allows: its streams decode to too many bytes (a decompression bomb), it declares too many objects,
 * nests too deep, or its references form a loop. Refused before any PDF library parses it.
 */
public final class DocumentTooComplexException extends SignDeskException {

    public DocumentTooComplexException(String message) {
        super(message, null);
    }

    @Override
    public String kind() {
        return "document-too-complex";
    }
}
