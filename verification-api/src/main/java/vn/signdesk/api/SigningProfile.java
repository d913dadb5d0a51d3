package vn.signdesk.api;

import java.util.Set;
import vn.signdesk.signing.SignatureLevel;

/**
 * A named way of signing: which key, which default level, which appearance, and which channel roles
 * may use it. Holds no secret: the key is opened by the runtime from its own configuration.
 *
 * @param name the profile name used by channels and the command line, e.g. {@code department-seal}
 * @param keyName the key the profile signs with (in demo mode, the PKCS#12 file base name)
 * @param defaultLevel the level used when a request names none
 * @param appearance how a visible signature of this profile looks
 * @param roles the channel roles allowed to use the profile
 */
public record SigningProfile(
        String name, String keyName, SignatureLevel defaultLevel, Appearance appearance, Set<String> roles) {

    /** The visible appearance of a profile's signatures, per Decree 30/2020. */
    public enum Appearance {
        /** Signer image, seal image and text lines. */
        SEAL,
        /** Signer text lines only. */
        SIGNATURE,
        /** The copy/attachment stamp: top right of page one, text only. */
        COPY_STAMP
    }

    public SigningProfile {
        roles = Set.copyOf(roles);
    }
}
