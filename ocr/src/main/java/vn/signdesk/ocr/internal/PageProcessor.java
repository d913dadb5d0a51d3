package vn.signdesk.ocr.internal;

import java.awt.image.BufferedImage;
import vn.signdesk.ocr.OcrPage;

/**
 * What happens to one page on a worker: border cleanup, deskew, recognition, and, when the result is
 * poor, orientation detection and a second recognition of the turned page.
 *
 * <p>Orientation detection runs only after a poor first pass because it costs about as much as
 * recognising the page: upright pages, the vast majority, pay nothing for it. A turned page reads as
 * garbage with low confidence, which is the trigger.
 */
final class PageProcessor {

    /** Below this mean confidence the page may be upside down or on its side. */
    static final int POOR_CONFIDENCE = 60;

    /** Tesseract's orientation confidence above which the detected orientation is acted on. */
    private static final float ORIENTATION_CONFIDENCE = 1.5f;

    /** Skew below this is left to Tesseract, which handles it better than a resampling would. */
    private static final double MIN_DESKEW_DEGREES = 1.5;

    private PageProcessor() {}

    static ProcessedPage process(WorkerEngines engines, SourcePage source, String languages, long timeoutMillis) {
        int number = source.index() + 1;
        if (source.hasTextLayer()) {
            String hocr = Hocr.page(source.index(), source.image(), source.textWords());
            OcrPage page = new OcrPage(number, source.textOrNull(), 100, hocr, OcrPage.Source.TEXT_LAYER, 0, 0);
            return new ProcessedPage(page, source.image(), source.dpi(), source.textWords());
        }
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        BufferedImage img = PageImages.cleanBorders(source.image());
        double skew = Deskew.angle(img);
        if (Math.abs(skew) >= MIN_DESKEW_DEGREES) {
            img = PageImages.rotateSmall(img, -skew);
        } else {
            skew = 0;
        }
        TessEngine engine = engines.recognizer(languages);
        Recognition best = engine.recognize(img, source.dpi(), source.index(), remaining(deadline));
        int rotation = 0;
        if (best.meanConfidence() < POOR_CONFIDENCE) {
            TessEngine.Orientation o = engines.orientation().detectOrientation(img, source.dpi());
            if (o != null && o.degrees() != 0 && o.confidence() >= ORIENTATION_CONFIDENCE) {
                // Tesseract reports the text's counter-clockwise turn: turning the page clockwise by as much undoes it
                int turn = o.degrees();
                BufferedImage turned = PageImages.rotateQuarter(img, turn);
                Recognition second = engine.recognize(turned, source.dpi(), source.index(), remaining(deadline));
                if (second.meanConfidence() > best.meanConfidence()) {
                    best = second;
                    img = turned;
                    rotation = turn;
                }
            }
        }
        engines.pageDone();
        OcrPage page = new OcrPage(
                number, best.text(), best.meanConfidence(), best.hocr(), OcrPage.Source.OCR, rotation, skew);
        return new ProcessedPage(page, img, source.dpi(), best.words());
    }

    private static long remaining(long deadlineNanos) {
        return Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }
}
