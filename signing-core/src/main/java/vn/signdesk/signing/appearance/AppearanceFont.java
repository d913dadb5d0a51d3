package vn.signdesk.signing.appearance;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The font of signature appearances: Liberation Sans Regular as bundled in the PDFBox jar, which has
 * every letter Vietnamese writes (U+1EA0..U+1EF9 and the Latin-1 / Latin Extended-A/B ones: ă â đ
 * ê ô ơ ư ...), under the SIL Open Font License.
 *
 * <p>Implementation notes: the file is read once; advance widths of the Basic Multilingual Plane are
 * kept in an immutable table so that layouts are measured without a PDF document and from any
 * thread. Each appearance embeds its own subset ({@link #embedSubsetInto}) as a Type 0 / CIDFontType2
 * font with a ToUnicode map, so the text stays real, extractable text. Widths equal what PDFBox
 * writes into the font's /W array, so measured and drawn text agree.
 */
final class AppearanceFont {

    /** Ascender of Liberation Sans as a fraction of the em (hhea ascender 1854 / 2048). */
    static final float ASCENT = 0.905f;

    /** Descender of Liberation Sans as a positive fraction of the em (hhea descender -434 / 2048). */
    static final float DESCENT = 0.212f;

    private static final String RESOURCE = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

    private static final byte[] FONT_FILE;

    /** Advance width in 1/1000 em per BMP code point; -1 where the font has no glyph. */
    private static final float[] WIDTHS = new float[0x10000];

    static {
        try (InputStream in = AppearanceFont.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("PDFBox's bundled Liberation Sans is missing from the class path");
            }
            FONT_FILE = in.readAllBytes();
            try (TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(FONT_FILE))) {
                CmapLookup cmap = ttf.getUnicodeCmapLookup();
                float scale = 1000f / ttf.getUnitsPerEm();
                for (int cp = 0; cp < WIDTHS.length; cp++) {
                    int gid = cmap.getGlyphId(cp);
                    WIDTHS[cp] = gid == 0 ? -1 : ttf.getAdvanceWidth(gid) * scale;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signature appearance font", e);
        }
    }

    private AppearanceFont() {}

    /** Width of {@code text} at {@code size} points, in points; text must be {@linkplain #check checked}. */
    static float width(String text, float size) {
        float total = 0;
        for (int i = 0; i < text.length(); i++) {
            total += WIDTHS[text.charAt(i)];
        }
        return total * size / 1000f;
    }

    /**
     * Checks that the font can draw every character of {@code text}.
     *
     * @param what names the text in the error message, e.g. "The signer name"
     * @throws IllegalArgumentException naming the first character it cannot draw
     */
    static void check(String text, String what) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (cp > 0xFFFF || WIDTHS[cp] < 0 || Character.isISOControl(cp)) {
                throw new IllegalArgumentException(
                        String.format("%s contains a character the signature font cannot show: U+%04X.", what, cp));
            }
            i += Character.charCount(cp);
        }
    }

    /** Loads the font into {@code document} to be embedded as a subset of the glyphs drawn. */
    static PDType0Font embedSubsetInto(PDDocument document) throws IOException {
        return PDType0Font.load(document, new ByteArrayInputStream(FONT_FILE), true);
    }
}
