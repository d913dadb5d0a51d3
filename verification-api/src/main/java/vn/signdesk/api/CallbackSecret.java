package vn.signdesk.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import vn.signdesk.api.store.SharedSecrets;

/**
 * The secret that signs job completion callbacks, created once per store so that every node signs
 * alike and the receiver checks one secret: the file {@value #NAME} in the data directory (SQLite),
 * or a row of the shared PostgreSQL database; {@code signdesk callbacks secret} prints it.
 *
 * <p>The secret is 64 lowercase hex characters (32 random bytes), and the HMAC key is that text
 * itself, so a receiver can use it as it is printed ({@code openssl dgst -sha256 -hmac SECRET}).
 * A notification carries {@code X-SignDesk-Timestamp: T} (Unix seconds) and {@code
 * X-SignDesk-Signature: sha256=HEX}, HEX being HMAC-SHA256 (RFC 2104) of {@code T + "." + body}
 * in lowercase hex; the timestamp lets a receiver refuse a replayed old notification.
 */
public final class CallbackSecret {

    /** The name of the secret among the store's secrets (its file name in the data directory). */
    public static final String NAME = "callback-signing.key";

    private final byte[] key;

    private CallbackSecret(byte[] key) {
        this.key = key;
    }

    /** Reads the secret of the store, creating it on first use. */
    public static CallbackSecret of(SharedSecrets secrets) {
        byte[] text = secrets.getOrCreate(NAME, () -> {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            return HexFormat.of().formatHex(fresh).getBytes(StandardCharsets.US_ASCII);
        });
        if (text.length < 64) {
            throw new IllegalStateException("the callback signing secret is shorter than 64 characters; delete " + NAME
                    + " from the store to create a new one");
        }
        return new CallbackSecret(text);
    }

    /** The secret as the operator gives it to a receiver. */
    public String text() {
        return new String(key, StandardCharsets.US_ASCII);
    }

    /** The value of {@code X-SignDesk-Signature} for a notification sent at {@code timestamp} (Unix seconds). */
    public String signature(long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "CallbackSecret[redacted]";
    }
}
