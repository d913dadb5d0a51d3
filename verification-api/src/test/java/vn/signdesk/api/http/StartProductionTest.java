package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
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
    void fromEnvironment_productionWithoutItsSettings_namesEachMissingSettingAndWritesNothing() {
        assertThatThrownBy(() -> SignDeskConfig.fromEnvironment(Map.of(
                        "SIGNDESK_MODE", "production",
                        "SIGNDESK_DATA_DIR", dir.resolve("data").toString(),
                        "SIGNDESK_HTTP_PORT", "0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("profiles: missing: production mode needs at least one signing profile")
                .hasMessageContaining("timestamping.authorities: missing")
                .hasMessageContaining("credentials.apiKeysFile (SIGNDESK_API_KEYS_FILE): missing");
        assertThat(dir.resolve("data")).doesNotExist();
    }
}
