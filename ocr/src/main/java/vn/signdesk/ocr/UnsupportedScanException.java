package vn.signdesk.ocr;

/** The input is none of PDF, TIFF, PNG or JPEG (judged by its first bytes, never by a name). */
public final class UnsupportedScanException extends OcrException {

    public UnsupportedScanException(String message) {
        super(message, null);
    }

    @Override
    public String kind() {
        return "unsupported-document";
    }
}
