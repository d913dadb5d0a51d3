package vn.signdesk.api.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.api.credentials.Authentication;
import vn.signdesk.api.credentials.Credentials;
import vn.signdesk.api.credentials.HashedApiKeys;
import vn.signdesk.api.credentials.Principal;
import vn.signdesk.api.credentials.Roles;
import vn.signdesk.api.store.DirectoryLock;

/**
 * The demo credentials: one API key per role, in {@code DATA_DIR/demo-credentials.json}
 * (CONTRACT.md, "Demo mode"), created at first start. Production uses {@link HashedApiKeys} instead.
 *
 * <p>Implementation notes. Only SHA-256 hashes of the keys are kept in memory, so a heap dump does
 * not hand out working keys; a lookup hashes the presented key and looks the hash up. Comparing
 * hashes rather than keys also takes the timing of the comparison out of the attacker's hands.
 * Keys are 32 random bytes in unpadded base64url (43 characters). The file is written beside its
 * final name with mode 0600 from the start, forced to disk and renamed into place, so a crash
 * never leaves a partial file and the keys are never readable by others, not even briefly; it is
 * read back afterwards so the keys in use are always those in the file. Nodes starting together on
 * one data directory create it once: creation and reading hold a {@link DirectoryLock}.
 */
public final class ApiKeys implements Credentials {

    /** The roles of the demo credentials, in the order they are written: every role. */
    public static final List<String> DEMO_ROLES = Roles.ALL;

    /** The file name of the demo credentials in the data directory. */
    public static final String DEMO_FILE = "demo-credentials.json";

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final int KEY_BYTES = 32;

    private final Map<String, String> roleByKeyHash;
    private final Path file;

    private ApiKeys(Map<String, String> roleByKeyHash, Path file) {
        this.roleByKeyHash = Map.copyOf(roleByKeyHash);
        this.file = file;
    }

    /**
     * Reads the demo credentials of the data directory, creating them with fresh random keys when
     * the file does not exist yet.
     *
     * @throws IllegalStateException when the file exists but is not a valid credentials file (it is
     *     never overwritten: deleting it is the way to get new keys)
     * @throws UncheckedIOException when the file cannot be read or written
     */
    public static ApiKeys loadOrCreateDemo(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve(DEMO_FILE);
        try {
            // nodes starting together on one data directory: the first creates, the others read
            String text = DirectoryLock.holding(file.getParent(), "demo-credentials", () -> {
                if (!Files.exists(file)) {
                    create(file, new SecureRandom());
                } else {
                    restrictToOwner(file);
                }
                return Files.readString(file, StandardCharsets.UTF_8);
            });
            return parse(text, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the demo credentials " + file, e);
        }
    }

    /** The file the keys come from. */
    public Path file() {
        return file;
    }

    /** The role of a presented key, or empty when no credential has that key. */
    public Optional<String> roleOf(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(roleByKeyHash.get(sha256Hex(presentedKey)));
    }

    /**
     * The principal of a presented key: named after its role, with its {@link #keyId} for the audit
     * trail. Demo keys never expire.
     */
    @Override
    public Authentication authenticate(String presentedKey) {
        return roleOf(presentedKey)
                .<Authentication>map(
                        role -> new Authentication.Authenticated(Principal.of(role, role, keyId(presentedKey))))
                .orElse(Authentication.unknown());
    }

    /**
     * The short id of a key for the audit trail and logs: the first 12 hex digits of its SHA-256.
     * It names a credential without revealing it (48 bits of a hash cannot be turned back into
     * the 256-bit key).
     */
    public static String keyId(String presentedKey) {
        return sha256Hex(presentedKey).substring(0, 12);
    }

    @Override
    public String toString() {
        return "ApiKeys[" + roleByKeyHash.size() + " keys from " + file + "]";
    }

    private static void create(Path file, SecureRandom random) throws IOException {
        Files.createDirectories(file.getParent());
        JsonObject json = new JsonObject();
        for (String role : DEMO_ROLES) {
            byte[] key = new byte[KEY_BYTES];
            random.nextBytes(key);
            json.put(role, Base64.getUrlEncoder().withoutPadding().encodeToString(key));
        }
        byte[] bytes = (json.encodePrettily() + "\n").getBytes(StandardCharsets.UTF_8);
        Path tmp = posix()
                ? Files.createTempFile(
                        file.getParent(), ".demo-credentials", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(file.getParent(), ".demo-credentials", ".tmp");
        try {
            try (FileChannel channel =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        LOG.info("created demo credentials for roles {}", DEMO_ROLES);
    }

    /** A credentials file readable by others is tightened rather than used as it is. */
    private static void restrictToOwner(Path file) throws IOException {
        if (posix() && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            LOG.warn("the demo credentials were readable by others; their mode is now 0600");
        }
    }

    private static ApiKeys parse(String text, Path file) {
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException e) {
            throw invalid(file, "it is not a JSON object");
        }
        Map<String, String> roleByHash = new HashMap<>();
        for (String role : DEMO_ROLES) {
            Object key = json.getValue(role);
            if (!(key instanceof String s) || s.isBlank()) {
                throw invalid(file, "the key of role '" + role + "' is missing");
            }
            if (roleByHash.put(sha256Hex(s), role) != null) {
                throw invalid(file, "two roles share one key");
            }
        }
        return new ApiKeys(roleByHash, file);
    }

    private static IllegalStateException invalid(Path file, String why) {
        return new IllegalStateException(
                file + " is not a valid credentials file: " + why + "; delete it to create new keys");
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static String sha256Hex(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
