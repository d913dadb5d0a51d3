package vn.signdesk.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line with a configuration file: a bad file stops every command before it does anything. */
class CliConfigIT {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(Map<String, String> env, String... args) {
        return new Cli(
                        env,
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Clock.systemUTC())
                .run(List.of(args));
    }

    @Test
    void run_configFileWithUnknownKey_exits1NamingTheKeyOnOneLine() throws IOException {
        Path file = Files.writeString(dir.resolve("signdesk.yaml"), "http:\n  port: 8080\nlogging:\n  fromat: json\n");

        int code = run(
                Map.of("SIGNDESK_CONFIG", file.toString()),
                "pki",
                "init",
                "--dir",
                dir.resolve("pki").toString());

        assertThat(code).isEqualTo(1);
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(message).startsWith("signdesk: unknown setting 'logging.fromat' in ");
        assertThat(message.lines()).hasSize(1);
        assertThat(dir.resolve("pki")).doesNotExist();
    }

    @Test
    void run_environmentOverridesABadFileValue_runs() throws IOException {
        Path file = Files.writeString(
                dir.resolve("signdesk.yaml"), "mode: staging\ndataDir: " + dir.resolve("data") + "\n");

        int code = run(
                Map.of("SIGNDESK_CONFIG", file.toString(), "SIGNDESK_MODE", "demo"),
                "pki",
                "init",
                "--dir",
                dir.resolve("pki").toString());

        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(dir.resolve("pki/root-ca.pem")).exists();
    }
}
