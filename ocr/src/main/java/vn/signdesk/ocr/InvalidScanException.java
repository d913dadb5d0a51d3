package vn.signdesk.ocr;

/** The input claims a supported format but cannot be read: truncated, corrupt, or encrypted. */
public final class InvalidScanException extends OcrException {

    public InvalidScanException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String kind() {
        return "invalid-document";
    }
}
