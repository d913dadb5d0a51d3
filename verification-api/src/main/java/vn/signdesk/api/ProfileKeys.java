package vn.signdesk.api;

import vn.signdesk.signing.SigningKey;

/**
 * Opens the key of a signing profile: from the demo PKI's PKCS#12 files in demo mode, from PKCS#11
 * tokens or PKCS#12 files in production. Implementations open each key once and keep it; they are
 * thread-safe and closed when the service stops.
 */
public interface ProfileKeys extends AutoCloseable {

    /**
     * The opened key of a profile.
     *
     * @throws vn.signdesk.signing.KeyAccessException when the key cannot be opened; the message names
     *     the profile, never a PIN, password or alias
     */
    SigningKey key(SigningProfile profile);

    /** Logs out of tokens and forgets opened keys. */
    @Override
    void close();
}
