package vn.signdesk.api.credentials;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API key file of {@code credentials.apiKeysFile}: for each key its {@link ApiKeyEntry} and a
 * salted SHA-256 of its secret, never the key itself. {@code signdesk keys add|list|revoke} edit it,
 * {@link HashedApiKeys} authenticates against it. The file:
 *
 * <pre>
 * {"format": "signdesk-api-keys/1",
 *  "keys": [{"name": "portal-web", "id": "3f9a0c1b2d4e", "roles": ["resident"],
 *            "created": "2026-01-02T03:04:05Z", "expires": "2026-12-31",
 *            "salt": BASE64 (16 bytes), "sha256": BASE64 (SHA-256 of salt || secret)}]}
 * </pre>
 *
 * <p>A key reads {@code sdk_ID_SECRET}: a 12-hex-digit public id, then 32 random bytes in unpadded
 * base64url. The id finds the entry in one map lookup, and the one hash computed is compared with
 * {@link MessageDigest#isEqual}, whose time does not depend on where the bytes differ; the id is
 * public (it is in the audit trail and in {@code keys list}), so the lookup's timing gives nothing
 * away. The secret has 256 bits of entropy from {@link SecureRandom}: no dictionary or brute force
 * reaches it, so a slow password hash (PBKDF2, Argon2) would add latency to every request and no
 * protection; the salt keeps two files' hashes of one key apart.
 *
 * <p>Implementation notes. Every edit takes an exclusive lock on a sibling file ({@code
 * .NAME.lock}, left in place) so two commands never lose each other's change, reads the file, and
 * writes the new one beside it with mode 0600 from its creation, forced to disk and renamed into
 * place: a reader (the service's watcher) sees the old file or the new one, never a part. The file
 * must be readable by its owner only; {@link #read} refuses it otherwise, naming the file.
 */
public final class ApiKeyFile {

    /** The setting that names the file, for messages. */
    public static final String SETTING = "credentials.apiKeysFile (SIGNDESK_API_KEYS_FILE)";

    static final String FORMAT = "signdesk-api-keys/1";
    static final String PREFIX = "sdk_";

    /** {@code sdk_}, 12 hex digits, {@code _}, 43 base64url characters (32 bytes). */
    private static final Pattern KEY = Pattern.compile("sdk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})");

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final int ID_BYTES = 6;
    private static final int SECRET_BYTES = 32;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Object IN_PROCESS = new Object();

    private final Path file;

    private ApiKeyFile(Path file) {
        this.file = file.toAbsolutePath().normalize();
    }

    /** The API key file at {@code file}, which need not exist yet ({@link #add} creates it). */
    public static ApiKeyFile at(Path file) {
        return new ApiKeyFile(file);
    }

    /** Where the file is. */
    public Path path() {
        return file;
    }

    /**
     * Adds a key and returns it: the only time the key exists outside its holder. Creates the file
     * (and its directory, owner-only) when it does not exist.
     *
     * @param name a name unique in the file
     * @param roles one or more of {@link Roles#ALL}
     * @param lastDayOrNull the last day the key works; today or later; null for no expiry
     * @throws IllegalArgumentException for a bad or taken name, an unknown role, a past day, or a file
     *     that is not an API key file or cannot be read or written
     */
    public String add(String name, List<String> roles, LocalDate lastDayOrNull, Clock clock) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String secret = base64Url(random(SECRET_BYTES));
        byte[] salt = random(SALT_BYTES);
        return edit(keys -> {
            if (keys.values().stream().anyMatch(k -> k.entry().name().equals(name))) {
                throw new IllegalArgumentException("there is already a key named '" + name + "' in " + file
                        + "; revoke it first or pick another name");
            }
            if (lastDayOrNull != null && lastDayOrNull.isBefore(LocalDate.ofInstant(now, ApiKeyEntry.ZONE))) {
                throw new IllegalArgumentException("the last day " + lastDayOrNull + " is already past");
            }
            String id;
            do {
                id = HexFormat.of().formatHex(random(ID_BYTES));
            } while (keys.containsKey(id));
            ApiKeyEntry entry = new ApiKeyEntry(name, id, roles, now, lastDayOrNull);
            keys.put(id, new StoredKey(entry, salt, hash(salt, secret)));
            return PREFIX + id + "_" + secret;
        });
    }

    /**
     * Removes the key named {@code name}: from the moment the service re-reads the file (within a
     * second or two) the key is unknown.
     *
     * @throws IllegalArgumentException when no key has that name
     */
    public ApiKeyEntry revoke(String name) {
        return edit(keys -> {
            StoredKey removed = keys.values().stream()
                    .filter(k -> k.entry().name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("there is no key named '" + name + "' in " + file));
            keys.remove(removed.entry().id());
            return removed.entry();
        });
    }

    /** The keys, in the order they were added; never a key or hash. Empty when the file does not exist. */
    public List<ApiKeyEntry> list() {
        if (!Files.exists(file)) {
            return List.of();
        }
        return read().values().stream().map(StoredKey::entry).toList();
    }

    /**
     * Reads the file, checking first that only its owner can read it.
     *
     * @return the keys by public id, in file order
     * @throws IllegalArgumentException naming the setting and the file when it is missing, readable
     *     by others or not a valid API key file
     */
    Map<String, StoredKey> read() {
        requireOwnerOnly();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(SETTING + ": " + file
                    + " does not exist; create it with './signdesk keys add --name NAME --role ROLE'");
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    SETTING + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        return parse(text);
    }

    /** A presented key of this file's form: its public id and its secret. */
    record PresentedKey(String id, String secret) {
        @Override
        public String toString() {
            return "PresentedKey[" + id + "]";
        }
    }

    /** The id and secret of a presented key, or empty when it is not of this file's form. */
    static Optional<PresentedKey> split(String presentedKey) {
        if (presentedKey == null) {
            return Optional.empty();
        }
        Matcher m = KEY.matcher(presentedKey);
        return m.matches() ? Optional.of(new PresentedKey(m.group(1), m.group(2))) : Optional.empty();
    }

    /** SHA-256 of {@code salt || secret} (the secret's UTF-8 bytes). */
    static byte[] hash(byte[] salt, String secret) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(salt);
            return sha256.digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** One stored key: its entry, and the salt and hash of its secret. */
    record StoredKey(ApiKeyEntry entry, byte[] salt, byte[] sha256) {

        /** Whether {@code secret} is this key's, in time independent of where a wrong one differs. */
        boolean matches(String secret) {
            return MessageDigest.isEqual(sha256, hash(salt, secret));
        }

        @Override
        public String toString() {
            return "StoredKey[" + entry + "]";
        }
    }

    private interface Edit<T> {
        T apply(Map<String, StoredKey> keys);
    }

    /**
     * Runs an edit under the file's lock on its current keys and writes the result. A file lock is
     * held for the whole JVM (a second one from this process would fail), so edits from one process
     * also queue on a monitor.
     */
    private <T> T edit(Edit<T> edit) {
        synchronized (IN_PROCESS) {
            return editLocked(edit);
        }
    }

    private <T> T editLocked(Edit<T> edit) {
        try {
            createDirectory(file.getParent());
            Path lock = file.resolveSibling("." + file.getFileName() + ".lock");
            try (FileChannel channel = FileChannel.open(lock, lockOptions(lock));
                    FileLock held = channel.lock()) {
                Map<String, StoredKey> keys = Files.exists(file) ? read() : new LinkedHashMap<>();
                T result = edit.apply(keys);
                write(keys.values());
                return result;
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    SETTING + ": cannot write " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Set<StandardOpenOption> lockOptions(Path lock) throws IOException {
        if (!Files.exists(lock) && posix()) {
            try {
                Files.createFile(lock, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another command created it first: fine
            }
        }
        return Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }

    private static void createDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (posix()) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
    }

    private void write(Collection<StoredKey> keys) throws IOException {
        JsonArray array = new JsonArray();
        for (StoredKey k : keys) {
            ApiKeyEntry e = k.entry();
            JsonObject o = new JsonObject()
                    .put("name", e.name())
                    .put("id", e.id())
                    .put("roles", new JsonArray(e.roles()))
                    .put("created", e.created().toString());
            if (e.lastDayOrNull() != null) {
                o.put("expires", e.lastDayOrNull().toString());
            }
            array.add(o.put("salt", base64(k.salt())).put("sha256", base64(k.sha256())));
        }
        byte[] bytes = (new JsonObject()
                                .put("format", FORMAT)
                                .put("keys", array)
                                .encodePrettily() + "\n")
                .getBytes(StandardCharsets.UTF_8);
        Path tmp = posix()
                ? Files.createTempFile(
                        file.getParent(),
                        "." + file.getFileName(),
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Refuses a file that other users can read or change: its hashes are the service's credentials. */
    private void requireOwnerOnly() {
        if (Files.exists(file)) {
            SecretFiles.requireOwnerOnly(file, SETTING);
        }
    }

    private Map<String, StoredKey> parse(String text) {
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException e) {
            throw invalid("it is not a JSON object");
        }
        if (!FORMAT.equals(json.getValue("format"))) {
            throw invalid("its \"format\" is not \"" + FORMAT + "\"");
        }
        if (!(json.getValue("keys") instanceof JsonArray array)) {
            throw invalid("it has no \"keys\" list");
        }
        Map<String, StoredKey> keys = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            StoredKey k;
            try {
                k = entry(array.getValue(i));
            } catch (IllegalArgumentException | ClassCastException | DateTimeParseException e) {
                throw invalid("key " + (i + 1) + ": " + why(e));
            }
            if (keys.put(k.entry().id(), k) != null) {
                throw invalid("key " + (i + 1) + ": the id " + k.entry().id() + " is used twice");
            }
            if (names.contains(k.entry().name())) {
                throw invalid("key " + (i + 1) + ": the name '" + k.entry().name() + "' is used twice");
            }
            names.add(k.entry().name());
        }
        return keys;
    }

    private static StoredKey entry(Object value) {
        if (!(value instanceof JsonObject o)) {
            throw new IllegalArgumentException("it is not a JSON object");
        }
        String id = required(o, "id");
        if (!id.matches("[0-9a-f]{12}")) {
            throw new IllegalArgumentException("the id is not 12 hex digits");
        }
        JsonArray roles = o.getJsonArray("roles");
        if (roles == null) {
            throw new IllegalArgumentException("\"roles\" is missing");
        }
        List<String> roleList = new ArrayList<>();
        roles.forEach(r -> roleList.add((String) r));
        String expires = o.getString("expires");
        ApiKeyEntry entry = new ApiKeyEntry(
                required(o, "name"),
                id,
                roleList,
                Instant.parse(required(o, "created")),
                expires == null ? null : LocalDate.parse(expires));
        byte[] salt = bytes(o, "salt", SALT_BYTES);
        byte[] sha256 = bytes(o, "sha256", HASH_BYTES);
        return new StoredKey(entry, salt, sha256);
    }

    private static String required(JsonObject o, String field) {
        String value = o.getString(field);
        if (value == null) {
            throw new IllegalArgumentException("\"" + field + "\" is missing");
        }
        return value;
    }

    private static byte[] bytes(JsonObject o, String field, int length) {
        byte[] b = Base64.getDecoder().decode(required(o, field));
        if (b.length != length) {
            throw new IllegalArgumentException("\"" + field + "\" is not " + length + " bytes");
        }
        return b;
    }

    /** Our own messages as they are; a parser's by kind only, since it may quote the file. */
    private static String why(RuntimeException e) {
        if (e instanceof DateTimeParseException) {
            return "a date or time is not in ISO 8601 form";
        }
        if (e instanceof ClassCastException) {
            return "a value has the wrong type";
        }
        return e.getMessage();
    }

    private IllegalArgumentException invalid(String why) {
        return new IllegalArgumentException(SETTING + ": " + file + " is not a valid API key file: " + why);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String base64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static String base64Url(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    @Override
    public String toString() {
        return "ApiKeyFile[" + file + "]";
    }
}
