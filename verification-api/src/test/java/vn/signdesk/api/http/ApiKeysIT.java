package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo credentials file on a real file system: creation, mode, reuse and refusal of a bad file. */
class ApiKeysIT {

    @TempDir
    Path dataDir;

    @Test
    void loadOrCreateDemo_firstStart_writesFourRandomKeysOwnerOnly() throws IOException {
        ApiKeys keys = ApiKeys.loadOrCreateDemo(dataDir);

        Path file = dataDir.resolve("demo-credentials.json");
        assertThat(keys.file()).isEqualTo(file.toAbsolutePath());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        JsonObject json = new JsonObject(Files.readString(file));
        assertThat(json.fieldNames()).containsExactly("resident", "branch", "department", "admin");
        for (String role : ApiKeys.DEMO_ROLES) {
            String key = json.getString(role);
            // 32 bytes in unpadded base64url
            assertThat(key).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(keys.roleOf(key)).contains(role);
        }
        assertThat(json.getMap().values()).doesNotHaveDuplicates();
        try (var files = Files.list(dataDir)) {
            // the lock that nodes starting together take stays: deleting it could let two hold it
            assertThat(files)
                    .as("no temporary file left behind")
                    .containsExactlyInAnyOrder(file, dataDir.resolve(".demo-credentials.lock"));
        }
    }

    @Test
    void loadOrCreateDemo_secondStart_reusesTheKeys() throws IOException {
        ApiKeys.loadOrCreateDemo(dataDir);
        String before = Files.readString(dataDir.resolve("demo-credentials.json"));

        ApiKeys again = ApiKeys.loadOrCreateDemo(dataDir);

        assertThat(Files.readString(dataDir.resolve("demo-credentials.json"))).isEqualTo(before);
        assertThat(again.roleOf(new JsonObject(before).getString("branch"))).contains("branch");
    }

    @Test
    void roleOf_unknownOrEmptyKey_isEmpty() {
        ApiKeys keys = ApiKeys.loadOrCreateDemo(dataDir);
        assertThat(keys.roleOf("not-a-key")).isEmpty();
        assertThat(keys.roleOf("")).isEmpty();
        assertThat(keys.roleOf(null)).isEmpty();
    }

    @Test
    void toString_neverShowsAKey() throws IOException {
        ApiKeys keys = ApiKeys.loadOrCreateDemo(dataDir);
        JsonObject json = new JsonObject(Files.readString(keys.file()));
        for (String role : ApiKeys.DEMO_ROLES) {
            assertThat(keys.toString()).doesNotContain(json.getString(role));
        }
    }

    @Test
    void loadOrCreateDemo_fileReadableByOthers_isTightenedTo0600() throws IOException {
        ApiKeys.loadOrCreateDemo(dataDir);
        Path file = dataDir.resolve("demo-credentials.json");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        ApiKeys.loadOrCreateDemo(dataDir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void loadOrCreateDemo_roleMissing_failsAndKeepsTheFile() throws IOException {
        Path file = dataDir.resolve("demo-credentials.json");
        String content =
                "{\"resident\": \"r-key-0123456789\", \"branch\": \"b-key-0123456789\", \"admin\": \"a-key-0123456789\"}";
        Files.writeString(file, content);

        assertThatThrownBy(() -> ApiKeys.loadOrCreateDemo(dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'department'")
                .hasMessageContaining("delete it");
        assertThat(Files.readString(file)).isEqualTo(content);
    }

    @Test
    void loadOrCreateDemo_notJson_fails() throws IOException {
        Files.writeString(dataDir.resolve("demo-credentials.json"), "resident=abc");

        assertThatThrownBy(() -> ApiKeys.loadOrCreateDemo(dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void loadOrCreateDemo_twoRolesShareAKey_fails() throws IOException {
        Files.writeString(
                dataDir.resolve("demo-credentials.json"),
                "{\"resident\": \"same\", \"branch\": \"same\", \"department\": \"d\", \"admin\": \"a\"}");

        assertThatThrownBy(() -> ApiKeys.loadOrCreateDemo(dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("share one key");
    }
}
