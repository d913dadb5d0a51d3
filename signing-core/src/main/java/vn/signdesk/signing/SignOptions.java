package vn.signdesk.signing;

import java.util.Objects;

/**
 * What a signature should carry apart from the key: the level and the optional reason and location
 * of the signature dictionary.
 *
 * @param level the PAdES baseline level
 * @param reasonOrNull the /Reason entry, or null
 * @param locationOrNull the /Location entry, or null
 */
public record SignOptions(SignatureLevel level, String reasonOrNull, String locationOrNull) {

    public SignOptions {
        Objects.requireNonNull(level, "level");
    }

    /** An invisible signature at the given level. */
    public static SignOptions invisible(SignatureLevel level) {
        return new SignOptions(level, null, null);
    }
}
