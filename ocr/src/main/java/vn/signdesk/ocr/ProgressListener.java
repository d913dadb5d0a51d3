package vn.signdesk.ocr;

/**
 * Told how far an OCR run is, once when the page count is known and then after every page. Called
 * from the OCR worker threads: implementations must be quick and thread-safe.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores progress. */
    ProgressListener NONE = (done, total) -> {};

    /**
     * Reports progress.
     *
     * @param pagesDone pages finished so far (0 at the start)
     * @param pagesTotal pages in the input
     */
    void progress(int pagesDone, int pagesTotal);
}
