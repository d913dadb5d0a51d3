package vn.signdesk.api.credentials;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * Files that hold secrets (a password, a PIN, API key hashes): they must be readable by their owner
 * only, and a secret read from one is never repeated in a message.
 */
public final class SecretFiles {

    private static final Set<PosixFilePermission> OWNER =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private SecretFiles() {}

    /**
     * Refuses a file that other users can read or change.
     *
     * @param setting what names the file, for the message, e.g. {@code --password-file}
     * @throws IllegalArgumentException naming the setting, the file and its mode
     */
    public static void requireOwnerOnly(Path file, String setting) {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(setting + ": " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + ": cannot read the permissions of " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (!OWNER.containsAll(perms)) {
            throw new IllegalArgumentException(setting + ": " + file + " can be read or changed by other users (mode "
                    + PosixFilePermissions.toString(perms) + "); it must be readable by its owner only: chmod 600 "
                    + file);
        }
    }

    /**
     * The secret in a file (UTF-8, one trailing line break ignored), after {@link #requireOwnerOnly}.
     *
     * @throws IllegalArgumentException naming the setting and the file when it is missing, readable by
     *     others, unreadable, empty or not UTF-8; never quoting its content
     */
    public static char[] read(Path file, String setting) {
        requireOwnerOnly(file, setting);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    setting + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            int end = chars.limit();
            if (end > 0 && chars.get(end - 1) == '\n') {
                end--;
                if (end > 0 && chars.get(end - 1) == '\r') {
                    end--;
                }
            }
            if (end == 0) {
                throw new IllegalArgumentException(setting + ": " + file + " is empty");
            }
            char[] secret = new char[end];
            chars.get(secret);
            Arrays.fill(chars.array(), '\0');
            return secret;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(setting + ": " + file + " is not UTF-8 text");
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
