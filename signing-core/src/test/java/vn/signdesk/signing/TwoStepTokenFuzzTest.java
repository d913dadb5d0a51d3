package vn.signdesk.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.signdesk.fixtures.TimeBound;
import vn.signdesk.signing.internal.SigningTokens;

/**
 * The reader of the two-step signing token, the one thing a client carries from {@code prepare} back
 * to {@code complete}: arbitrary tokens, and arbitrary payloads under a valid MAC (what only a holder
 * of the token key could send, but what the reader must still parse safely), give claims whose level
 * is a known signature level, or {@link InvalidRequestException}; nothing else.
 *
 * <p>An input's first byte chooses: even, the rest is the token as text; odd, the rest is a payload
 * that the test signs with the installation's key. Key and clock are fixed, so a saved input replays
 * the same way on any machine.
 */
class TwoStepTokenFuzzTest {

    private static final byte[] KEY = "signdesk-fuzz-token-key-32-bytes".getBytes(StandardCharsets.US_ASCII);
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final Instant NOW = Instant.parse("2026-03-12T03:00:00Z");
    private static final SigningTokens TOKENS = new SigningTokens(KEY);

    static Stream<Arguments> seeds() {
        List<Arguments> out = new ArrayList<>();
        byte[] hash = new byte[32];
        Arrays.fill(hash, (byte) 7);
        for (SignatureLevel level : SignatureLevel.values()) {
            String token = TOKENS.encode(new SigningTokens.Claims(
                    NOW.plusSeconds(600), NOW, level.label(), "Chứng thực bản sao", "Hà Nội", hash, hash, hash));
            out.add(Arguments.of(
                    Named.of("token " + level.label(), withMode(0, token.getBytes(StandardCharsets.US_ASCII)))));
            byte[] payload = Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')));
            out.add(Arguments.of(Named.of("payload " + level.label(), withMode(1, payload))));
        }
        return out.stream();
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "45s")
    void decode_anyTokenOrSignedPayload_isKnownClaimsOrInvalidRequest(byte[] input) {
        String token = input.length > 0 && (input[0] & 1) == 1
                ? signed(Arrays.copyOfRange(input, 1, input.length))
                : new String(
                        input, Math.min(1, input.length), Math.max(0, input.length - 1), StandardCharsets.ISO_8859_1);
        SigningTokens.Claims claimsOrNull = TimeBound.call(BOUND, () -> {
            try {
                return TOKENS.decode(token, NOW);
            } catch (InvalidRequestException documented) {
                return null;
            }
        });
        if (claimsOrNull != null) {
            assertThat(SignatureLevel.parse(claimsOrNull.level()).label()).isEqualTo(claimsOrNull.level());
            assertThat(claimsOrNull.expiresAt()).isAfterOrEqualTo(NOW);
        }
    }

    private static byte[] withMode(int mode, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = (byte) mode;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    /** The payload as the installation would issue it: base64url(payload) "." base64url(HMAC-SHA256). */
    private static String signed(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            return b64.encodeToString(payload) + "." + b64.encodeToString(mac.doFinal(payload));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
