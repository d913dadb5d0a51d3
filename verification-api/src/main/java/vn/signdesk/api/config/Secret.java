package vn.signdesk.api.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where a secret (a PIN, a password) is: a file that holds it or an environment variable, never the
 * secret itself. The configuration holds only this reference; the secret is read when a key is
 * opened and is never printed ({@link #toString()} names the source only).
 *
 * @param setting the full key of the setting, for messages, e.g. {@code profiles.seal.pkcs11.pinFile}
 * @param fileOrNull the file holding the secret (one line; a final line break is ignored)
 * @param envOrNull the environment variable holding it
 */
public record Secret(String setting, Path fileOrNull, String envOrNull) {

    private static final Set<PosixFilePermission> OTHERS = Set.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE);

    public Secret {
        Objects.requireNonNull(setting, "setting");
        if ((fileOrNull == null) == (envOrNull == null)) {
            throw new IllegalArgumentException("a secret comes from exactly one of a file and a variable");
        }
    }

    /**
     * Reads the secret.
     *
     * @throws IllegalStateException naming the setting (never the secret) when the file is missing,
     *     readable by other users, or the variable is unset
     */
    public char[] read(Map<String, String> env) {
        if (envOrNull != null) {
            String value = env.get(envOrNull);
            if (value == null || value.isEmpty()) {
                throw new IllegalStateException(setting + ": the environment variable " + envOrNull + " is not set");
            }
            return value.toCharArray();
        }
        refuseIfOthersCanRead(fileOrNull, setting);
        try {
            String text = Files.readString(fileOrNull, StandardCharsets.UTF_8);
            return text.replaceFirst("\\r?\\n$", "").toCharArray();
        } catch (IOException e) {
            throw new IllegalStateException(setting + ": cannot read " + fileOrNull + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Refuses a file holding secrets that users other than its owner can read or write.
     *
     * @throws IllegalStateException saying so, naming the setting and the file
     */
    public static void refuseIfOthersCanRead(Path file, String setting) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.stream().anyMatch(OTHERS::contains)) {
                throw new IllegalStateException(setting + ": " + file + " holds secrets but other users can read or"
                        + " write it; allow its owner only (chmod 600 " + file + ")");
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        } catch (IOException e) {
            throw new IllegalStateException(
                    setting + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Reads a secret reference from a pair of settings ({@code xFile}, {@code xEnv}) of a section.
     *
     * @return the reference, or null when neither is set and the secret is optional
     */
    static Secret from(Section section, Setting<java.nio.file.Path> file, Setting<String> env, boolean required) {
        Path f = section.get(file);
        String e = section.get(env);
        if (f != null && e != null) {
            section.problem(file, "give either " + file.key() + " or " + env.key() + ", not both");
            return null;
        }
        if (f == null && e == null) {
            if (required && !section.isSet(file)) {
                section.problem(
                        file,
                        "missing: give " + file.key() + " (a file holding the secret, mode 0600) or " + env.key()
                                + " (an environment variable); a secret is never written in the configuration");
            }
            return null;
        }
        if (f != null) {
            refuseIfOthersCanReadQuietly(section, file, f);
        }
        return f != null
                ? new Secret(section.qualified(file.key()), f, null)
                : new Secret(section.qualified(env.key()), null, e);
    }

    /** As {@link #refuseIfOthersCanRead}, recording the refusal as a problem of the setting. */
    static void refuseIfOthersCanReadQuietly(Section section, Setting<?> setting, Path file) {
        try {
            refuseIfOthersCanRead(file, section.qualified(setting.key()));
        } catch (IllegalStateException e) {
            section.problem(setting, e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
    }

    @Override
    public String toString() {
        return fileOrNull != null ? "Secret[file " + fileOrNull + "]" : "Secret[env " + envOrNull + "]";
    }
}
