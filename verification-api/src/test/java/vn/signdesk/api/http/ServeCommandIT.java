package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.SignDeskConfig;

/** {@code signdesk serve} when it cannot start: a clear message on stderr and the contract's exit code. */
class ServeCommandIT {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int serve(Map<String, String> env) {
        return ServeCommand.run(
                SignDeskConfig.fromEnvironment(env),
                Clock.systemUTC(),
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void run_productionModeWithAMissingKeyFile_exits1NamingTheSettingWithoutTouchingTheDataDir() throws Exception {
        java.nio.file.Path password = java.nio.file.Files.writeString(dir.resolve("p12.password"), "pw");
        java.nio.file.Files.setPosixFilePermissions(
                password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        java.nio.file.Path yaml = java.nio.file.Files.writeString(
                dir.resolve("signdesk.yaml"),
                """
                mode: production
                profiles:
                  seal:
                    pkcs12: {file: missing.p12, passwordFile: p12.password}
                    roles: [department]
                timestamping: {authorities: [{url: "http://127.0.0.1:9/tsa"}]}
                credentials: {apiKeysFile: keys.json}
                """);
        Map<String, String> env = Map.of(
                "SIGNDESK_CONFIG",
                yaml.toString(),
                "SIGNDESK_DATA_DIR",
                dir.resolve("data").toString());

        int code = new vn.signdesk.api.cli.Cli(
                        env,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Clock.systemUTC())
                .run(java.util.List.of("serve"));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("signdesk: profiles.seal.pkcs12.file in " + yaml + ": 'missing.p12' is not a file");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void run_portTaken_exits2WithAMessageAndNoStackTrace() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int code = serve(Map.of(
                    "SIGNDESK_DATA_DIR",
                    dir.resolve("data").toString(),
                    "SIGNDESK_HTTP_PORT",
                    Integer.toString(taken.getLocalPort())));

            assertThat(code).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .startsWith("signdesk: cannot start: ")
                    .doesNotContain("\tat ");
            assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("listening");
        }
    }
}
