package vn.signdesk.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code signdesk keys add|list|revoke} through the command line, with the file named by the configuration. */
class KeysCommandIT {

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-05-01T03:00:00Z"), ZoneOffset.UTC);
    private ByteArrayOutputStream out;
    private ByteArrayOutputStream err;

    private Path keysFile() {
        return dir.resolve("credentials/api-keys.json");
    }

    private int run(Map<String, String> env, String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        return new Cli(
                        env,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        clock)
                .run(List.of(args));
    }

    private int keys(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "keys";
        System.arraycopy(args, 0, all, 1, args.length);
        return run(Map.of("SIGNDESK_API_KEYS_FILE", keysFile().toString()), all);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void add_printsTheKeyAloneOnOneLineOfStdout() throws IOException {
        int code = keys("add", "--name", "portal-web", "--role", "resident", "--expires", "2026-12-31");

        assertThat(code).as(stderr()).isZero();
        assertThat(stdout()).matches("sdk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\n");
        String key = stdout().trim();
        assertThat(stderr())
                .startsWith(
                        "signdesk: added API key 'portal-web' (roles resident, last day 2026-12-31) to " + keysFile())
                .doesNotContain(key.substring(17));
        assertThat(Files.readString(keysFile())).doesNotContain(key.substring(17));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keysFile())))
                .isEqualTo("rw-------");
    }

    @Test
    void add_fromTheConfigurationFile_writesWhereItSays() throws IOException {
        Path yaml =
                Files.writeString(dir.resolve("signdesk.yaml"), "credentials:\n  apiKeysFile: " + keysFile() + "\n");

        int code = run(Map.of("SIGNDESK_CONFIG", yaml.toString()), "keys", "add", "--name", "ops", "--role", "admin");

        assertThat(code).as(stderr()).isZero();
        assertThat(keysFile()).isRegularFile();
    }

    @Test
    void list_showsNamesIdsRolesAndDaysButNoKeyOrHash() throws IOException {
        keys("add", "--name", "portal-web", "--role", "resident");
        String portal = stdout().trim();
        keys("add", "--name", "desk-7", "--role", "branch", "--role", "department", "--expires", "2026-05-01");
        String desk = stdout().trim();

        int code = keys("list");

        assertThat(code).isZero();
        assertThat(stdout().lines().toList()).hasSize(3).first().asString().startsWith("NAME");
        assertThat(stdout())
                .contains("portal-web", portal.substring(4, 16), "resident", "2026-05-01T03:00:00Z", "never")
                .contains("desk-7", "branch,department", "2026-05-01");
        String file = Files.readString(keysFile());
        for (String secret : List.of(portal.substring(17), desk.substring(17))) {
            assertThat(stdout()).doesNotContain(secret);
        }
        for (String hash : hashes(file)) {
            assertThat(stdout()).doesNotContain(hash);
        }
    }

    @Test
    void revoke_removesTheKey_andAnUnknownNameExits1() {
        keys("add", "--name", "portal-web", "--role", "resident");

        assertThat(keys("revoke", "portal-web")).isZero();
        assertThat(stdout()).startsWith("revoked API key 'portal-web' (id ");
        keys("list");
        assertThat(stdout().lines()).hasSize(1);

        assertThat(keys("revoke", "portal-web")).isEqualTo(1);
        assertThat(stderr()).isEqualTo("signdesk: there is no key named 'portal-web' in " + keysFile() + "\n");
    }

    @Test
    void add_withoutRole_exits1WithUsage() {
        assertThat(keys("add", "--name", "x")).isEqualTo(1);
        assertThat(stderr()).startsWith("signdesk: option --role is required (one or more)");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void add_badDayOrRole_exits1NamingIt() {
        assertThat(keys("add", "--name", "x", "--role", "branch", "--expires", "31/12/2026"))
                .isEqualTo(1);
        assertThat(stderr()).startsWith("signdesk: --expires expects a day as YYYY-MM-DD, got '31/12/2026'");

        assertThat(keys("add", "--name", "x", "--role", "boss")).isEqualTo(1);
        assertThat(stderr()).startsWith("signdesk: 'boss' is not a role (roles: resident, branch, department, admin)");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void keys_settingMissing_exits1NamingIt() {
        Map<String, String> env = new HashMap<>();
        int code = run(env, "keys", "list");

        assertThat(code).isEqualTo(1);
        assertThat(stderr()).startsWith("signdesk: credentials.apiKeysFile (SIGNDESK_API_KEYS_FILE) is not set");
    }

    @Test
    void list_fileReadableByOthers_exits1SayingSo() throws IOException {
        keys("add", "--name", "portal-web", "--role", "resident");
        Files.setPosixFilePermissions(keysFile(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(keys("list")).isEqualTo(1);
        assertThat(stderr())
                .contains(keysFile().toString())
                .contains("can be read or changed by other users (mode rw-r--r--)");
    }

    /** The base64 hashes and salts stored in the file. */
    static List<String> hashes(String fileText) {
        return new io.vertx.core.json.JsonObject(fileText)
                .getJsonArray("keys").stream()
                        .map(io.vertx.core.json.JsonObject.class::cast)
                        .flatMap(o -> java.util.stream.Stream.of(o.getString("sha256"), o.getString("salt")))
                        .toList();
    }
}
