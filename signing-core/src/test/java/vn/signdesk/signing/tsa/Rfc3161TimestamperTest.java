package vn.signdesk.signing.tsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.signdesk.signing.tsa.Rfc3161Timestamper.Config;
import vn.signdesk.signing.tsa.Rfc3161Timestamper.Endpoint;

class Rfc3161TimestamperTest {

    private static final List<Endpoint> ONE = List.of(Endpoint.of("https://tsa.example.test/tsr"));

    @Test
    void config_of_appliesDefaults() {
        Config config = Config.of(
                List.of(URI.create("https://a.test/"), URI.create("https://b.test/"), URI.create("https://c.test/")));

        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxResponseBytes()).isEqualTo(64 * 1024);
        assertThat(config.attempts()).isEqualTo(3);
        assertThat(Config.of(List.of(URI.create("https://a.test/"))).attempts()).isEqualTo(2);
    }

    @Test
    void config_invalidValues_areRejectedNamingTheField() {
        Duration s = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new Config(List.of(), s, s, 1, 65536, s)).hasMessageStartingWith("endpoints:");
        assertThatThrownBy(() -> new Config(ONE, Duration.ZERO, s, 1, 65536, s))
                .hasMessageStartingWith("connectTimeout:");
        assertThatThrownBy(() -> new Config(ONE, s, s.negated(), 1, 65536, s)).hasMessageStartingWith("readTimeout:");
        assertThatThrownBy(() -> new Config(ONE, s, s, 0, 65536, s)).hasMessageStartingWith("attempts:");
        assertThatThrownBy(() -> new Config(ONE, s, s, 21, 65536, s)).hasMessageStartingWith("attempts:");
        assertThatThrownBy(() -> new Config(ONE, s, s, 1, 100, s)).hasMessageStartingWith("maxResponseBytes:");
        assertThatThrownBy(() -> new Config(ONE, s, s, 1, 65536, s.negated())).hasMessageStartingWith("backoff:");
        assertThatThrownBy(() -> new Config(ONE, null, s, 1, 65536, s)).hasMessage("connectTimeout");
    }

    @Test
    void endpoint_badScheme_isRejectedWithoutCredentials() {
        assertThatThrownBy(() -> Endpoint.of("ftp://bob:pw@tsa.example.test/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("url:")
                .hasMessageNotContaining("pw");
    }

    @Test
    void endpoint_userInfoInUrl_movesToCredentialsAndIsRedacted() {
        Endpoint endpoint = Endpoint.of("https://bob:s3cret@tsa.example.test:8443/tsr?key=k3y");

        assertThat(endpoint.url()).isEqualTo(URI.create("https://tsa.example.test:8443/tsr?key=k3y"));
        assertThat(endpoint.usernameOrNull()).isEqualTo("bob");
        assertThat(endpoint.passwordOrNull()).isEqualTo("s3cret");
        assertThat(endpoint.redactedUrl()).isEqualTo("https://tsa.example.test:8443/tsr");
        assertThat(endpoint.toString())
                .doesNotContain("s3cret")
                .doesNotContain("bob")
                .doesNotContain("k3y");
        assertThat(new Config(List.of(endpoint), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, 65536, Duration.ZERO)
                        .toString())
                .doesNotContain("s3cret")
                .doesNotContain("k3y");
    }

    @Test
    void timestamp_malformedArguments_throwIllegalArgument() {
        Rfc3161Timestamper pool = new Rfc3161Timestamper(Config.of(List.of(URI.create("http://127.0.0.1:9/tsa"))));

        assertThatThrownBy(() -> pool.timestamp("not an oid", new byte[32]))
                .hasMessageStartingWith("digestAlgorithmOid:");
        assertThatThrownBy(() -> pool.timestamp(TsaTestSupport.SHA256, new byte[0]))
                .hasMessageStartingWith("digest:");
    }
}
