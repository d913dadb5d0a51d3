package vn.signdesk.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * The key that authenticates two-step signing tokens: created once per data directory (mode 0600,
 * written beside its name and moved into place) so that every process sharing the directory agrees.
 */
final class TwoStepTokenKey {

    private TwoStepTokenKey() {}

    /** Reads the key of the data directory, creating it on first use. */
    static byte[] loadOrCreate(Path dataDir) {
        Path file = dataDir.resolve("two-step-token.key");
        try {
            if (Files.exists(file)) {
                byte[] key = Files.readAllBytes(file);
                if (key.length >= 32) {
                    return key;
                }
            }
            Files.createDirectories(dataDir);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path tmp = Files.createTempFile(
                    dataDir,
                    "token",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, key, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the two-step token key in the data directory", e);
        }
    }
}
