package vn.signdesk.signing.verify.report;

import java.util.Locale;

/** A language the human-readable verification reports are written in: Vietnamese or English. */
public enum ReportLanguage {
    VI("vi"),
    EN("en");

    private final String tag;

    ReportLanguage(String tag) {
        this.tag = tag;
    }

    /** The BCP 47 language tag: {@code vi} or {@code en}. */
    public String tag() {
        return tag;
    }

    /** Vietnamese for a Vietnamese locale, English for any other. */
    public static ReportLanguage of(Locale locale) {
        return "vi".equals(locale.getLanguage()) ? VI : EN;
    }

    /**
     * The language named by {@code tag} ({@code vi}, {@code en}, case-insensitive, region ignored).
     *
     * @throws IllegalArgumentException for any other language
     */
    public static ReportLanguage forTag(String tag) {
        String language = Locale.forLanguageTag(tag.trim()).getLanguage();
        for (ReportLanguage candidate : values()) {
            if (candidate.tag.equals(language)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException(
                "Reports are written in Vietnamese (vi) or English (en), not \"" + tag + "\".");
    }
}
