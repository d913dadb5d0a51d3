package vn.signdesk.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpLimitsTest {

    @Test
    void fromEnvironment_nothingSet_isTheDefaults() {
        assertThat(HttpLimits.fromEnvironment(Map.of())).isEqualTo(HttpLimits.DEFAULT);
        assertThat(HttpLimits.DEFAULT.ratePerSecond()).isEqualTo(2000);
        assertThat(HttpLimits.DEFAULT.burst()).isEqualTo(4000);
        assertThat(HttpLimits.DEFAULT.uploadThreshold()).isEqualTo(4L << 20);
    }

    @Test
    void fromEnvironment_valuesSet_areRead() {
        HttpLimits limits = HttpLimits.fromEnvironment(
                Map.of("SIGNDESK_RATE_LIMIT", "0.5", "SIGNDESK_RATE_BURST", "3", "SIGNDESK_UPLOAD_THRESHOLD", "0"));
        assertThat(limits).isEqualTo(new HttpLimits(0.5, 3, 0));
    }

    @Test
    void fromEnvironment_badValues_failNamingTheVariable() {
        assertThatThrownBy(() -> HttpLimits.fromEnvironment(Map.of("SIGNDESK_RATE_LIMIT", "fast")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("SIGNDESK_RATE_LIMIT: 'fast'");
        assertThatThrownBy(() -> HttpLimits.fromEnvironment(Map.of("SIGNDESK_RATE_LIMIT", "0")))
                .hasMessageStartingWith("SIGNDESK_RATE_LIMIT:");
        assertThatThrownBy(() -> HttpLimits.fromEnvironment(Map.of("SIGNDESK_RATE_BURST", "1.5")))
                .hasMessageStartingWith("SIGNDESK_RATE_BURST: '1.5'");
        assertThatThrownBy(() -> HttpLimits.fromEnvironment(Map.of("SIGNDESK_RATE_BURST", "0")))
                .hasMessageStartingWith("SIGNDESK_RATE_BURST:");
        assertThatThrownBy(() -> HttpLimits.fromEnvironment(Map.of("SIGNDESK_UPLOAD_THRESHOLD", "-1")))
                .hasMessageStartingWith("SIGNDESK_UPLOAD_THRESHOLD:");
    }

    @Test
    void signDeskConfig_limits_comeFromDefaultsAndTheEnvironment() {
        SignDeskConfig defaults = SignDeskConfig.fromEnvironment(Map.of("SIGNDESK_DATA_DIR", "/tmp/x"));
        assertThat(defaults.limits()).isEqualTo(HttpLimits.DEFAULT);
        assertThat(defaults.uploadsDir()).isEqualTo(Path.of("/tmp/x/uploads"));
        assertThat(SignDeskConfig.fromEnvironment(Map.of("SIGNDESK_RATE_BURST", "7"))
                        .limits()
                        .burst())
                .isEqualTo(7);
        assertThatThrownBy(() -> SignDeskConfig.fromEnvironment(Map.of("SIGNDESK_RATE_BURST", "1.5")))
                .hasMessageContaining("http.rateBurst (SIGNDESK_RATE_BURST): '1.5'");
    }
}
