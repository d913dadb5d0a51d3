package vn.signdesk.api.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API key file on a real file system: what {@code keys add}, {@code list} and {@code revoke} write and refuse. */
class ApiKeyFileIT {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T03:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Path path() {
        return dir.resolve("credentials").resolve("api-keys.json");
    }

    @Test
    void add_newFile_returnsAKeyAndStoresOnlyItsSaltedHashOwnerOnly() throws Exception {
        ApiKeyFile file = ApiKeyFile.at(path());

        String key = file.add("portal-web", List.of("resident"), LocalDate.parse("2026-12-31"), CLOCK);

        assertThat(key).matches("sdk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
        String secret = key.substring(17);
        String text = Files.readString(path());
        assertThat(text).doesNotContain(key).doesNotContain(secret);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path().getParent())))
                .isEqualTo("rwx------");
        JsonObject entry = new JsonObject(text).getJsonArray("keys").getJsonObject(0);
        assertThat(entry.fieldNames()).containsExactly("name", "id", "roles", "created", "expires", "salt", "sha256");
        assertThat(entry.getString("id")).isEqualTo(key.substring(4, 16));
        byte[] salt = Base64.getDecoder().decode(entry.getString("salt"));
        assertThat(Base64.getDecoder().decode(entry.getString("sha256")))
                .as("SHA-256 of salt || secret")
                .isEqualTo(ApiKeyFile.hash(salt, secret));
        try (var files = Files.list(path().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary file left behind")
                    .containsExactlyInAnyOrder("api-keys.json", ".api-keys.json.lock");
        }
    }

    @Test
    void add_twice_givesDifferentKeysIdsAndSalts() {
        ApiKeyFile file = ApiKeyFile.at(path());
        String a = file.add("a", List.of("branch"), null, CLOCK);
        String b = file.add("b", List.of("branch"), null, CLOCK);

        assertThat(a.substring(4, 16)).isNotEqualTo(b.substring(4, 16));
        assertThat(a.substring(17)).isNotEqualTo(b.substring(17));
        JsonArray keys = new JsonObject(read()).getJsonArray("keys");
        assertThat(keys.getJsonObject(0).getString("salt"))
                .isNotEqualTo(keys.getJsonObject(1).getString("salt"));
    }

    @Test
    void list_afterAdds_showsEntriesInOrderWithoutSecrets() {
        ApiKeyFile file = ApiKeyFile.at(path());
        String portal = file.add("portal-web", List.of("resident"), null, CLOCK);
        file.add("desk-7", List.of("branch", "department"), LocalDate.parse("2026-06-30"), CLOCK);

        List<ApiKeyEntry> entries = file.list();

        assertThat(entries).extracting(ApiKeyEntry::name).containsExactly("portal-web", "desk-7");
        assertThat(entries.get(1).roles()).containsExactly("branch", "department");
        assertThat(entries.get(1).lastDayOrNull()).isEqualTo(LocalDate.parse("2026-06-30"));
        assertThat(entries.get(0).created()).isEqualTo(CLOCK.instant());
        assertThat(entries.toString()).doesNotContain(portal.substring(17));
    }

    @Test
    void list_noFile_isEmpty() {
        assertThat(ApiKeyFile.at(path()).list()).isEmpty();
    }

    @Test
    void add_takenName_isRefused() {
        ApiKeyFile file = ApiKeyFile.at(path());
        file.add("portal-web", List.of("resident"), null, CLOCK);

        assertThatThrownBy(() -> file.add("portal-web", List.of("branch"), null, CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("there is already a key named 'portal-web'");
        assertThat(file.list()).hasSize(1);
    }

    @Test
    void add_unknownRole_isRefusedAndNothingWritten() {
        ApiKeyFile file = ApiKeyFile.at(path());

        assertThatThrownBy(() -> file.add("x", List.of("root"), null, CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'root' is not a role");
        assertThat(path()).doesNotExist();
    }

    @Test
    void add_lastDayPast_isRefused_todayIsAccepted() {
        ApiKeyFile file = ApiKeyFile.at(path());
        // 03:00 UTC is 10:00 in Vietnam: the day there is 2026-05-01
        assertThatThrownBy(() -> file.add("x", List.of("branch"), LocalDate.parse("2026-04-30"), CLOCK))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the last day 2026-04-30 is already past");

        file.add("x", List.of("branch"), LocalDate.parse("2026-05-01"), CLOCK);
        assertThat(file.list()).hasSize(1);
    }

    @Test
    void revoke_name_removesThatKeyOnly() {
        ApiKeyFile file = ApiKeyFile.at(path());
        file.add("a", List.of("branch"), null, CLOCK);
        file.add("b", List.of("branch"), null, CLOCK);

        ApiKeyEntry revoked = file.revoke("a");

        assertThat(revoked.name()).isEqualTo("a");
        assertThat(file.list()).extracting(ApiKeyEntry::name).containsExactly("b");
    }

    @Test
    void revoke_unknownName_isRefusedNamingIt() {
        ApiKeyFile file = ApiKeyFile.at(path());
        file.add("a", List.of("branch"), null, CLOCK);

        assertThatThrownBy(() -> file.revoke("nobody"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("there is no key named 'nobody' in " + path());
    }

    @Test
    void list_fileReadableByGroup_isRefusedNamingTheFileAndTheSetting() throws Exception {
        ApiKeyFile file = ApiKeyFile.at(path());
        file.add("a", List.of("branch"), null, CLOCK);
        Files.setPosixFilePermissions(path(), PosixFilePermissions.fromString("rw-r-----"));

        assertThatThrownBy(file::list)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("credentials.apiKeysFile (SIGNDESK_API_KEYS_FILE): " + path()
                        + " can be read or changed by other users (mode rw-r-----); it must be readable by its"
                        + " owner only: chmod 600 " + path());
    }

    @Test
    void list_tamperedFile_isRefusedNamingTheEntryWithoutQuotingIt() throws Exception {
        ApiKeyFile file = ApiKeyFile.at(path());
        file.add("a", List.of("branch"), null, CLOCK);
        file.add("b", List.of("branch"), null, CLOCK);
        JsonObject json = new JsonObject(read());
        json.getJsonArray("keys").getJsonObject(1).put("sha256", "c2hvcnQ=");
        Files.writeString(path(), json.encode());

        assertThatThrownBy(file::list)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("credentials.apiKeysFile (SIGNDESK_API_KEYS_FILE): " + path()
                        + " is not a valid API key file: key 2: \"sha256\" is not 32 bytes");
    }

    @Test
    void list_sameIdTwice_isRefused() throws Exception {
        ApiKeyFile file = ApiKeyFile.at(path());
        file.add("a", List.of("branch"), null, CLOCK);
        JsonObject json = new JsonObject(read());
        JsonArray keys = json.getJsonArray("keys");
        keys.add(keys.getJsonObject(0).copy().put("name", "copy"));
        Files.writeString(path(), json.encode());

        assertThatThrownBy(file::list)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("key 2: the id " + keys.getJsonObject(0).getString("id") + " is used twice");
    }

    @Test
    void list_notJson_isRefused() throws Exception {
        Files.createDirectories(path().getParent());
        Files.writeString(path(), "sdk_0123456789ab_secret-looking-text");
        Files.setPosixFilePermissions(path(), PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(ApiKeyFile.at(path())::list)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("is not a valid API key file: it is not a JSON object")
                .message()
                .doesNotContain("secret-looking-text");
    }

    @Test
    void add_concurrentCommands_loseNoKey() throws Exception {
        ApiKeyFile file = ApiKeyFile.at(path());
        int n = 16;
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> keys = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = "key-" + i;
                // separate instances, as separate commands would be
                keys.add(threads.submit(() -> ApiKeyFile.at(path()).add(name, List.of("branch"), null, CLOCK)));
            }
            for (Future<String> k : keys) {
                assertThat(k.get(30, TimeUnit.SECONDS)).startsWith("sdk_");
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(file.list()).hasSize(n);
    }

    private String read() {
        try {
            return Files.readString(path());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
