package vn.signdesk.signing;

/**
 * The input is a valid PDF that cannot be processed as asked: encrypted without the right password,
 * locked against changes by a certification signature (DocMDP P=1), or beyond a page bound.
 */
public final class UnsupportedDocumentException extends SignDeskException {

    public UnsupportedDocumentException(String message) {
        super(message, null);
    }

    public UnsupportedDocumentException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String kind() {
        return "unsupported-document";
    }
}
