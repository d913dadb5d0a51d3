package vn.signdesk.signing;

import java.util.Objects;
import vn.signdesk.signing.appearance.CopyStamp;
import vn.signdesk.signing.appearance.SignatureAppearance;

/**
 * What a signature should carry apart from the key: the level, at most one visible appearance
 * (a Decree 30/2020 signature, or the copy stamp), and the optional reason and location.
 *
 * @param level the PAdES baseline level
 * @param appearanceOrNull a visible Decree 30 signature appearance, or null
 * @param copyStampOrNull the copy/attachment stamp (top right of page 1, text only), or null
 * @param reasonOrNull the /Reason entry, or null
 * @param locationOrNull the /Location entry, or null
 */
public record SignOptions(
        SignatureLevel level,
        SignatureAppearance appearanceOrNull,
        CopyStamp copyStampOrNull,
        String reasonOrNull,
        String locationOrNull) {

    public SignOptions {
        Objects.requireNonNull(level, "level");
        if (appearanceOrNull != null && copyStampOrNull != null) {
            throw new IllegalArgumentException(
                    "a signature has one appearance: a signature appearance or a copy stamp, not both");
        }
    }

    /** An invisible signature at the given level. */
    public static SignOptions invisible(SignatureLevel level) {
        return new SignOptions(level, null, null, null, null);
    }

    /** A visible Decree 30 signature at the given level. */
    public static SignOptions visible(SignatureLevel level, SignatureAppearance appearance) {
        return new SignOptions(level, Objects.requireNonNull(appearance), null, null, null);
    }

    /** A copy/attachment stamp signature at the given level. */
    public static SignOptions copyStamp(SignatureLevel level, CopyStamp stamp) {
        return new SignOptions(level, null, Objects.requireNonNull(stamp), null, null);
    }

    /** Whether the signature shows on a page. */
    public boolean isVisible() {
        return appearanceOrNull != null || copyStampOrNull != null;
    }
}
