package vn.signdesk.ocr.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import vn.signdesk.ocr.InvalidScanException;
import vn.signdesk.ocr.OcrLimits;
import vn.signdesk.ocr.ScanLimitException;
import vn.signdesk.pdfrender.BoundedPdfRenderer;
import vn.signdesk.pdfrender.CharacterMapTooLargeException;
import vn.signdesk.pdfrender.CharacterMaps;
import vn.signdesk.pdfrender.PixelBudgetException;

/**
 * PDF pages through PDFBox: a page that already carries text keeps it (extracted with its word
 * positions); every page is rendered for the PDF/A, image-only pages also for recognition, at the
 * configured resolution lowered so that the page stays within the pixel limit. No image the page
 * draws may decode to more pixels than that limit either: a page whose image is larger is refused
 * like a page too large to render, before the image is decoded; a document whose fonts' character
 * maps would take minutes to build is refused before any font is ({@link CharacterMaps}).
 */
final class PdfPageSource implements PageSource {

    /** Fewer visible characters than this and the page counts as image-only. */
    private static final int MIN_TEXT_CHARS = 16;

    private final PDDocument doc;
    private final BoundedPdfRenderer renderer;
    private final OcrLimits limits;
    private final int renderDpi;
    private final int pages;
    private final boolean signed;

    PdfPageSource(byte[] bytes, OcrLimits limits, int renderDpi) {
        this.limits = limits;
        this.renderDpi = renderDpi;
        try {
            doc = Loader.loadPDF(bytes);
        } catch (InvalidPasswordException e) {
            throw new InvalidScanException("the PDF is encrypted with a password", e);
        } catch (NoClassDefFoundError e) {
            // public-key (certificate) encryption needs Bouncy Castle, which this module does not ship;
            // such a PDF cannot be opened without the recipient's key anyway
            throw new InvalidScanException("the PDF is encrypted for a certificate holder", e);
        } catch (IOException | RuntimeException e) {
            throw new InvalidScanException("the PDF cannot be read", e);
        }
        try {
            pages = doc.getNumberOfPages();
            boolean s;
            try {
                s = !doc.getSignatureDictionaries().isEmpty();
            } catch (RuntimeException e) {
                s = false;
            }
            signed = s;
        } catch (RuntimeException e) {
            close();
            throw new InvalidScanException("the PDF's page tree cannot be read", e);
        }
        if (pages < 1) {
            close();
            throw new InvalidScanException("the PDF has no page", null);
        }
        try {
            CharacterMaps.check(doc);
        } catch (CharacterMapTooLargeException e) {
            close();
            throw new ScanLimitException(ScanLimitException.Limit.DOCUMENT_COMPLEXITY, e.getMessage());
        }
        renderer = new BoundedPdfRenderer(doc, limits.maxPixelsPerPage(), limits.maxPixelsPerPage());
    }

    @Override
    public int pageCount() {
        return pages;
    }

    @Override
    public boolean signed() {
        return signed;
    }

    @Override
    public SourcePage page(int index) {
        try {
            PDPage page = doc.getPage(index);
            PDRectangle box = page.getCropBox();
            int dpi = (int)
                    Math.floor(72 * BoundedPdfRenderer.scaleWithin(box, renderDpi / 72.0, limits.maxPixelsPerPage()));
            if (dpi < 50) {
                throw new ScanLimitException(
                        ScanLimitException.Limit.PAGE_PIXELS,
                        "page " + (index + 1) + " is too large to render within "
                                + limits.maxPixelsPerPage() / 1_000_000 + " megapixels at 50 dpi");
            }
            WordCollector text = new WordCollector(dpi / 72f);
            text.setStartPage(index + 1);
            text.setEndPage(index + 1);
            String extracted = text.getText(doc).strip();
            BufferedImage img = renderer.renderImageWithDPI(index, dpi, ImageType.RGB);
            img = greyIfNoColour(img);
            if (visibleChars(extracted) >= MIN_TEXT_CHARS) {
                return new SourcePage(index, img, dpi, extracted, List.copyOf(text.words));
            }
            return new SourcePage(index, img, dpi, null, List.of());
        } catch (ScanLimitException e) {
            throw e;
        } catch (PixelBudgetException e) {
            throw new ScanLimitException(
                    ScanLimitException.Limit.PAGE_PIXELS, "page " + (index + 1) + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            throw new InvalidScanException("page " + (index + 1) + " of the PDF cannot be rendered", e);
        }
    }

    private static int visibleChars(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isWhitespace(s.charAt(i))) {
                n++;
            }
        }
        return n;
    }

    /** A rendered page without colour is kept as grey: a third of the memory, and a smaller JPEG. */
    private static BufferedImage greyIfNoColour(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        for (int y = 0; y < h; y += 3) {
            for (int x = 0; x < w; x += 3) {
                int p = img.getRGB(x, y);
                int r = (p >> 16) & 0xff;
                int g = (p >> 8) & 0xff;
                int b = p & 0xff;
                if (Math.abs(r - g) > 8 || Math.abs(g - b) > 8) {
                    return img;
                }
            }
        }
        BufferedImage grey = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(img, 0, 0, null);
        return grey;
    }

    @Override
    public void close() {
        try {
            doc.close();
        } catch (IOException ignored) {
            // memory-only document
        }
    }

    /** The page's text as PDFBox extracts it, plus its words with boxes in pixels of the rendering. */
    private static final class WordCollector extends PDFTextStripper {
        private final float scale;
        private final List<Word> words = new ArrayList<>();

        WordCollector(float scale) {
            this.scale = scale;
        }

        @Override
        protected void writeString(String string, List<TextPosition> positions) throws IOException {
            super.writeString(string, positions);
            StringBuilder sb = new StringBuilder();
            float x0 = Float.MAX_VALUE, y0 = Float.MAX_VALUE, x1 = -Float.MAX_VALUE, y1 = -Float.MAX_VALUE;
            for (TextPosition tp : positions) {
                String u = tp.getUnicode();
                if (u == null || u.isBlank()) {
                    flush(sb, x0, y0, x1, y1);
                    x0 = y0 = Float.MAX_VALUE;
                    x1 = y1 = -Float.MAX_VALUE;
                    continue;
                }
                sb.append(u);
                float h = Math.max(tp.getHeightDir(), tp.getFontSizeInPt() * 0.7f);
                x0 = Math.min(x0, tp.getXDirAdj());
                x1 = Math.max(x1, tp.getXDirAdj() + tp.getWidthDirAdj());
                y0 = Math.min(y0, tp.getYDirAdj() - h);
                y1 = Math.max(y1, tp.getYDirAdj() + h * 0.25f);
            }
            flush(sb, x0, y0, x1, y1);
        }

        private void flush(StringBuilder sb, float x0, float y0, float x1, float y1) {
            if (sb.length() > 0 && x1 > x0 && y1 > y0) {
                words.add(new Word(
                        sb.toString(),
                        Math.round(x0 * scale),
                        Math.round(y0 * scale),
                        Math.round(x1 * scale),
                        Math.round(y1 * scale),
                        100f));
            }
            sb.setLength(0);
        }
    }
}
