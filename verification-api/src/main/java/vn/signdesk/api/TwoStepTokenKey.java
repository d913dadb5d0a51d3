package vn.signdesk.api;

import java.security.SecureRandom;
import vn.signdesk.api.store.SharedSecrets;

/**
 * The key that authenticates two-step signing tokens, created once per store so that every node
 * sharing it agrees: the file {@value #NAME} in the data directory (SQLite), or a row of the shared
 * PostgreSQL database.
 */
final class TwoStepTokenKey {

    /** The name of the key among the store's secrets (its file name in the data directory). */
    static final String NAME = "two-step-token.key";

    private TwoStepTokenKey() {}

    /** Reads the key of the store, creating it on first use. */
    static byte[] of(SharedSecrets secrets) {
        byte[] key = secrets.getOrCreate(NAME, () -> {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            return fresh;
        });
        if (key.length < 32) {
            throw new IllegalStateException("the two-step token key is shorter than 32 bytes; delete " + NAME
                    + " from the store to create a new one");
        }
        return key;
    }
}
