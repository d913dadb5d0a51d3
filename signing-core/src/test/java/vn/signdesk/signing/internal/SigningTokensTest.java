package vn.signdesk.signing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import vn.signdesk.signing.InvalidRequestException;

class SigningTokensTest {

    private static final SigningTokens TOKENS =
            new SigningTokens("signdesk-test-token-key-32-bytes".getBytes(StandardCharsets.US_ASCII));
    private static final Instant NOW = Instant.parse("2026-03-12T03:00:00Z");

    private static SigningTokens.Claims claims(String level) {
        byte[] hash = new byte[32];
        return new SigningTokens.Claims(NOW.plusSeconds(600), NOW, level, "", "Hà Nội", hash, hash, hash);
    }

    @Test
    void decode_ownToken_givesItsClaims() {
        SigningTokens.Claims decoded = TOKENS.decode(TOKENS.encode(claims("B-LT")), NOW);

        assertThat(decoded.level()).isEqualTo("B-LT");
        assertThat(decoded.locationOrEmpty()).isEqualTo("Hà Nội");
    }

    @Test
    void decode_unknownLevelUnderAValidMac_isInvalidRequest() {
        // found by TwoStepTokenFuzzTest: complete() failed with IllegalArgumentException (a 500) on such a token
        for (String level : new String[] {"", "B-X", "PAdES-BASELINE-B"}) {
            String token = TOKENS.encode(claims(level));

            assertThatThrownBy(() -> TOKENS.decode(token, NOW))
                    .as(level)
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessage("the signing token names an unknown signature level");
        }
    }

    @Test
    void decode_tokenOfAnotherKey_isInvalidRequest() {
        SigningTokens other = new SigningTokens("another-installation-key-32bytes".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> TOKENS.decode(other.encode(claims("B-B")), NOW))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("altered or comes from another installation");
    }
}
