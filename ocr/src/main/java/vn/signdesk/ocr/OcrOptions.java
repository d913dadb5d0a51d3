package vn.signdesk.ocr;

import java.util.regex.Pattern;

/**
 * What one OCR request asks for.
 *
 * @param languagesOrNull Tesseract language string ({@code vie}, {@code eng}, {@code vie+eng}); null
 *     takes the configured default
 * @param searchablePdf whether to write the searchable PDF/A (costs the image encoding; text and hOCR
 *     are always produced)
 * @param embedOriginal whether the PDF/A embeds the original file as an attachment (then it is
 *     PDF/A-3b, AFRelationship Source, instead of PDF/A-2b)
 */
public record OcrOptions(String languagesOrNull, boolean searchablePdf, boolean embedOriginal) {

    private static final Pattern LANGUAGES = Pattern.compile("[a-z]{3}(_[a-z]+)?(\\+[a-z]{3}(_[a-z]+)?){0,4}");

    public OcrOptions {
        if (languagesOrNull != null) {
            checkLanguages(languagesOrNull);
        }
        if (embedOriginal && !searchablePdf) {
            throw new IllegalArgumentException("embedOriginal needs searchablePdf");
        }
    }

    /** Default languages, a searchable PDF/A-2b, no attachment. */
    public static OcrOptions defaults() {
        return new OcrOptions(null, true, false);
    }

    /** Text and hOCR only, no PDF. */
    public static OcrOptions textOnly() {
        return new OcrOptions(null, false, false);
    }

    /** A copy with these languages (e.g. {@code vie+eng}). */
    public OcrOptions withLanguages(String languages) {
        return new OcrOptions(languages, searchablePdf, embedOriginal);
    }

    /** A copy whose PDF/A-3b embeds the original. */
    public OcrOptions embeddingOriginal() {
        return new OcrOptions(languagesOrNull, true, true);
    }

    static void checkLanguages(String languages) {
        if (languages == null || !LANGUAGES.matcher(languages).matches()) {
            throw new IllegalArgumentException(
                    "languages must be Tesseract language codes joined by '+', e.g. vie+eng");
        }
    }
}
