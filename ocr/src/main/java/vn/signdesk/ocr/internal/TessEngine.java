package vn.signdesk.ocr.internal;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.sourceforge.tess4j.ITessAPI;
import net.sourceforge.tess4j.ITessAPI.ETEXT_DESC;
import net.sourceforge.tess4j.ITessAPI.TessBaseAPI;
import net.sourceforge.tess4j.ITessAPI.TessPageIterator;
import net.sourceforge.tess4j.ITessAPI.TessResultIterator;
import net.sourceforge.tess4j.TessAPI;
import vn.signdesk.ocr.OcrFailedException;
import vn.signdesk.ocr.ScanLimitException;

/**
 * One Tesseract engine (a {@code TessBaseAPI} handle) for one language string, confined to one thread:
 * Tesseract is not thread-safe.
 *
 * <p>Recognition runs under a Tesseract progress monitor whose deadline is the page timeout: Tesseract
 * checks it between words and gives up, so a hostile page cannot hold a worker for long. The monitor
 * struct is left to native code ({@code setAutoSynch(false)}): Tess4J's Java mirror of it does not
 * match every Tesseract 5 build's layout, and must never be written over the native one.
 */
final class TessEngine implements AutoCloseable {

    /** Page segmentation: fully automatic page segmentation without OSD (Tesseract's default, psm 3). */
    private static final int PSM_AUTO = ITessAPI.TessPageSegMode.PSM_AUTO;

    private final TessAPI api;
    private final TessBaseAPI handle;
    private final String languages;

    private TessEngine(TessAPI api, TessBaseAPI handle, String languages) {
        this.api = api;
        this.handle = handle;
        this.languages = languages;
    }

    /** A recognition engine for {@code languages} (default OCR engine mode, as the CLI). */
    static TessEngine recognizer(TessAPI api, Path tessdata, String languages) {
        return create(api, tessdata, languages, ITessAPI.TessOcrEngineMode.OEM_DEFAULT, PSM_AUTO);
    }

    /** An orientation and script detection engine ({@code osd.traineddata}, legacy classifier). */
    static TessEngine orientation(TessAPI api, Path tessdata) {
        return create(
                api,
                tessdata,
                "osd",
                ITessAPI.TessOcrEngineMode.OEM_TESSERACT_ONLY,
                ITessAPI.TessPageSegMode.PSM_OSD_ONLY);
    }

    private static TessEngine create(TessAPI api, Path tessdata, String languages, int oem, int psm) {
        TessBaseAPI handle = api.TessBaseAPICreate();
        int rc = api.TessBaseAPIInit2(handle, tessdata.toString(), languages, oem);
        if (rc != 0) {
            api.TessBaseAPIDelete(handle);
            throw new OcrFailedException("Tesseract cannot load the language data " + languages, null);
        }
        api.TessBaseAPISetPageSegMode(handle, psm);
        return new TessEngine(api, handle, languages);
    }

    String languages() {
        return languages;
    }

    /**
     * Recognises a page image.
     *
     * @param dpi the image resolution, or 0 to let Tesseract estimate it
     * @param pageIndex 0-based, for the hOCR ids
     * @param timeoutMillis deadline for the recognition
     */
    Recognition recognize(BufferedImage img, int dpi, int pageIndex, long timeoutMillis) {
        setImage(img, dpi);
        ETEXT_DESC monitor = api.TessMonitorCreate();
        monitor.setAutoSynch(false);
        long start = System.nanoTime();
        try {
            api.TessMonitorSetDeadlineMSecs(monitor, (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeoutMillis)));
            int rc = api.TessBaseAPIRecognize(handle, monitor);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            if (rc != 0) {
                if (elapsedMillis >= timeoutMillis - 50) {
                    throw new ScanLimitException(
                            ScanLimitException.Limit.PAGE_TIMEOUT,
                            "page " + (pageIndex + 1) + " took longer than the limit of " + timeoutMillis + " ms");
                }
                throw new OcrFailedException("Tesseract failed on page " + (pageIndex + 1), null);
            }
            String text = takeText(api.TessBaseAPIGetUTF8Text(handle));
            int conf = api.TessBaseAPIMeanTextConf(handle);
            String hocr = takeText(api.TessBaseAPIGetHOCRText(handle, pageIndex));
            return new Recognition(text, conf, hocr, words());
        } finally {
            api.TessMonitorDelete(monitor);
            api.TessBaseAPIClear(handle);
        }
    }

    /** The detected orientation of the text, or null when Tesseract cannot tell. */
    Orientation detectOrientation(BufferedImage img, int dpi) {
        setImage(img, dpi);
        try {
            IntBuffer degrees = IntBuffer.allocate(1);
            FloatBuffer confidence = FloatBuffer.allocate(1);
            FloatBuffer scriptConfidence = FloatBuffer.allocate(1);
            PointerByReference script = new PointerByReference();
            int ok = api.TessBaseAPIDetectOrientationScript(handle, degrees, confidence, script, scriptConfidence);
            if (ok == 0) {
                return null;
            }
            return new Orientation(degrees.get(0), confidence.get(0));
        } finally {
            api.TessBaseAPIClear(handle);
        }
    }

    /**
     * The orientation of the text as Tesseract reports it.
     *
     * @param degrees counter-clockwise rotation of the text on the page (0, 90, 180, 270)
     */
    record Orientation(int degrees, float confidence) {}

    private void setImage(BufferedImage img, int dpi) {
        PageImages.RawPixels raw = PageImages.raw(img);
        api.TessBaseAPISetImage(
                handle, raw.buffer(), raw.width(), raw.height(), raw.bytesPerPixel(), raw.bytesPerLine());
        if (dpi > 0) {
            api.TessBaseAPISetSourceResolution(handle, dpi);
        }
    }

    private List<Word> words() {
        List<Word> words = new ArrayList<>();
        TessResultIterator ri = api.TessBaseAPIGetIterator(handle);
        if (ri == null) {
            return words;
        }
        try {
            TessPageIterator pi = api.TessResultIteratorGetPageIterator(ri);
            api.TessPageIteratorBegin(pi);
            IntBuffer l = IntBuffer.allocate(1);
            IntBuffer t = IntBuffer.allocate(1);
            IntBuffer r = IntBuffer.allocate(1);
            IntBuffer b = IntBuffer.allocate(1);
            int level = ITessAPI.TessPageIteratorLevel.RIL_WORD;
            do {
                Pointer p = api.TessResultIteratorGetUTF8Text(ri, level);
                if (p == null) {
                    continue;
                }
                String word = takeText(p).strip();
                if (word.isEmpty()) {
                    continue;
                }
                float conf = api.TessResultIteratorConfidence(ri, level);
                if (api.TessPageIteratorBoundingBox(pi, level, l, t, r, b) == ITessAPI.TRUE) {
                    words.add(new Word(word, l.get(0), t.get(0), r.get(0), b.get(0), conf));
                }
            } while (api.TessPageIteratorNext(pi, level) == ITessAPI.TRUE);
        } finally {
            api.TessResultIteratorDelete(ri);
        }
        return words;
    }

    private String takeText(Pointer p) {
        if (p == null) {
            return "";
        }
        try {
            return p.getString(0, StandardCharsets.UTF_8.name());
        } finally {
            api.TessDeleteText(p);
        }
    }

    @Override
    public void close() {
        api.TessBaseAPIEnd(handle);
        api.TessBaseAPIDelete(handle);
    }
}
