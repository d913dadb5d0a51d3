package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.SignDeskConfig;

@ExtendWith(VertxExtension.class)
class StartProductionTest {

    @TempDir
    Path dir;

    @Test
    void startDemo_productionMode_failsBeforeWritingDemoCredentialsOrListening(Vertx vertx) {
        SignDeskConfig config = SignDeskConfig.fromEnvironment(Map.of(
                "SIGNDESK_MODE", "production",
                "SIGNDESK_DATA_DIR", dir.resolve("data").toString(),
                "SIGNDESK_HTTP_PORT", "0"));

        Future<SignDeskServer> started = SignDeskServer.startDemo(vertx, config, Clock.systemUTC());

        assertThat(started.failed()).isTrue();
        assertThat(started.cause())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("mode (SIGNDESK_MODE): in production the demo PKI is refused")
                .hasMessageContaining("credentials file of API key hashes");
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
