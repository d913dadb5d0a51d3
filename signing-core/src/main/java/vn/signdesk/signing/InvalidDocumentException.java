package vn.signdesk.signing;

/** The input is not a usable PDF: not a PDF at all, truncated, corrupt, or over a size bound. */
public final class InvalidDocumentException extends SignDeskException {

    public InvalidDocumentException(String message) {
        super(message, null);
    }

    public InvalidDocumentException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String kind() {
        return "invalid-document";
    }
}
