package vn.signdesk.pki;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;

/**
 * The words of a round official seal, in capitals with Vietnamese diacritics (NFC): the parent
 * authority along the upper arc of the band, the organisation's own name across the centre, and its
 * place along the lower arc.
 *
 * @param upperArc the parent authority, e.g. {@code UBND THÀNH PHỐ HÀ NỘI}
 * @param centre the organisation, e.g. {@code SỞ TƯ PHÁP}
 * @param lowerArc the place, e.g. {@code TP. HÀ NỘI}
 */
record SealText(String upperArc, String centre, String lowerArc) {

    private static final Locale VIETNAMESE = Locale.forLanguageTag("vi");
    private static final String CITY = "Thành phố ";

    SealText {
        upperArc = capitals(upperArc);
        centre = capitals(centre);
        lowerArc = capitals(lowerArc);
    }

    /**
     * The seal of a department of a province or city: "UBND" and the locality above (its people's
     * committee), the department across the centre, the locality in short below.
     *
     * @param department e.g. {@code Sở Tư pháp}
     * @param locality e.g. {@code Thành phố Hà Nội}
     */
    static SealText ofDepartment(String department, String locality) {
        String shortLocality = locality.startsWith(CITY) ? "TP. " + locality.substring(CITY.length()) : locality;
        return new SealText("UBND " + locality, department, shortLocality);
    }

    private static String capitals(String words) {
        Objects.requireNonNull(words, "words");
        if (words.isBlank()) {
            throw new IllegalArgumentException("a seal's words must not be blank");
        }
        return Normalizer.normalize(words.strip().toUpperCase(VIETNAMESE), Normalizer.Form.NFC);
    }
}
