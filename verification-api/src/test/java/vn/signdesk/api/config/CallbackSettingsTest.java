package vn.signdesk.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.signdesk.api.SignDeskConfig;

class CallbackSettingsTest {

    private final CallbackSettings settings =
            new CallbackSettings(List.of("hooks.example", "127.0.0.1:9000"), 8, Duration.ofSeconds(5));

    @Test
    void allows_listedHostAnyPortOrListedHostAndPort_isAllowed() {
        assertThat(settings.allows(URI.create("https://hooks.example/signdesk")))
                .isTrue();
        assertThat(settings.allows(URI.create("http://HOOKS.example:8080/signdesk")))
                .isTrue();
        assertThat(settings.allows(URI.create("http://127.0.0.1:9000/x"))).isTrue();
    }

    @Test
    void allows_otherPortSchemeHostOrUserInfo_isRefused() {
        assertThat(settings.allows(URI.create("http://127.0.0.1:9001/x"))).isFalse();
        assertThat(settings.allows(URI.create("http://127.0.0.1/x"))).isFalse();
        assertThat(settings.allows(URI.create("ftp://hooks.example/x"))).isFalse();
        assertThat(settings.allows(URI.create("http://hooks.example.evil.example/x")))
                .isFalse();
        assertThat(settings.allows(URI.create("http://me@hooks.example/x"))).isFalse();
        assertThat(settings.allows(URI.create("/relative"))).isFalse();
        assertThat(CallbackSettings.none().allows(URI.create("https://hooks.example/")))
                .isFalse();
    }

    @Test
    void retryAfter_doublesFromTheFirstRetry_upToTenMinutes() {
        assertThat(settings.retryAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.retryAfter(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.retryAfter(4)).isEqualTo(Duration.ofSeconds(40));
        assertThat(settings.retryAfter(8)).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.retryAfter(60)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void read_fromTheEnvironment_listsLowercaseHostsAndRefusesAUrl() {
        SignDeskConfig config = SignDeskConfig.fromEnvironment(Map.of(
                "SIGNDESK_CALLBACK_ALLOWED_HOSTS", "Hooks.Example, 10.0.0.5:8443", "SIGNDESK_CALLBACK_ATTEMPTS", "3"));
        assertThat(config.callbacks().allowedHosts()).containsExactly("hooks.example", "10.0.0.5:8443");
        assertThat(config.callbacks().attempts()).isEqualTo(3);
        assertThat(config.callbacks().firstRetry()).isEqualTo(Duration.ofSeconds(5));

        assertThatThrownBy(() -> SignDeskConfig.fromEnvironment(
                        Map.of("SIGNDESK_CALLBACK_ALLOWED_HOSTS", "https://hooks.example/x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("callbacks.allowedHosts")
                .hasMessageContaining("SIGNDESK_CALLBACK_ALLOWED_HOSTS");
    }
}
