package vn.signdesk.ocr;

/** The engine itself failed (library missing, language data missing, native error): not the input's fault. */
public final class OcrFailedException extends OcrException {

    public OcrFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String kind() {
        return "ocr-failed";
    }
}
