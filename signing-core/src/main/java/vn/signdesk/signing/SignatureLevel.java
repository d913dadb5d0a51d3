package vn.signdesk.signing;

import java.util.Locale;

/** The PAdES baseline levels of ETSI EN 319 142-1 §6 that SignDesk produces. */
public enum SignatureLevel {
    B_B("B-B", false),
    B_T("B-T", true),
    B_LT("B-LT", true),
    B_LTA("B-LTA", true);

    private final String label;
    private final boolean needsTimestamp;

    SignatureLevel(String label, boolean needsTimestamp) {
        this.label = label;
        this.needsTimestamp = needsTimestamp;
    }

    /** The name used on the command line and in the API: {@code B-B}, {@code B-T}, {@code B-LT}, {@code B-LTA}. */
    public String label() {
        return label;
    }

    /** Whether a signature at this level carries at least a signature timestamp. */
    public boolean needsTimestamp() {
        return needsTimestamp;
    }

    /**
     * Parses {@code B-B}, {@code B-T}, {@code B-LT}, {@code B-LTA} (case-insensitive, with or without
     * the {@code PAdES-BASELINE-} prefix).
     *
     * @throws IllegalArgumentException with a message listing the accepted values
     */
    public static SignatureLevel parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('_', '-');
        if (t.startsWith("PADES-BASELINE-")) {
            t = "B-" + t.substring("PADES-BASELINE-".length());
        }
        for (SignatureLevel level : values()) {
            if (level.label.equals(t)) {
                return level;
            }
        }
        throw new IllegalArgumentException("unknown signature level '" + text + "': use B-B, B-T, B-LT or B-LTA");
    }
}
