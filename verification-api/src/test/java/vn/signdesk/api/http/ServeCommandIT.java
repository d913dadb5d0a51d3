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
    void run_productionMode_exits1WithoutTouchingTheDataDir() {
        int code = serve(Map.of(
                "SIGNDESK_MODE",
                "production",
                "SIGNDESK_DATA_DIR",
                dir.resolve("data").toString()));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("signdesk: ")
                .contains("SIGNDESK_MODE");
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
