package vn.signdesk.ocr;

/**
 * OCR of scanned papers: a PDF, TIFF, PNG or JPEG to text per page and a searchable PDF/A.
 *
 * <p>Implementations are thread-safe and hold native engines: build one at start-up, share it, and
 * {@link #close()} it at shutdown.
 */
public interface DocumentOcr extends AutoCloseable {

    /**
     * Counts the pages of an input without recognising anything (cheap: no page is decoded).
     *
     * @throws OcrException when the input is unsupported, unreadable or over a limit
     */
    int pageCount(OcrInput input);

    /**
     * Recognises every page; blocks until done.
     *
     * @param listener told of progress, from worker threads
     * @throws OcrException when the input is unsupported, unreadable or over a limit, or the engine fails
     */
    OcrResult ocr(OcrInput input, OcrOptions options, ProgressListener listener);

    /**
     * Checks a Tesseract language string ({@code vie+eng}) before a request is accepted.
     *
     * @throws IllegalArgumentException when it is malformed or its language data is not installed
     */
    void requireLanguages(String languages);

    /** Stops the workers and frees the native engines. */
    @Override
    void close();
}
