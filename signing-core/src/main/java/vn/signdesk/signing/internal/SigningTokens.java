package vn.signdesk.signing.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import vn.signdesk.signing.InvalidRequestException;
import vn.signdesk.signing.SignatureLevel;

/**
 * Encodes and checks the two-step signing token: {@code base64url(payload) "." base64url(HMAC-SHA256)}.
 *
 * <p>The payload is a versioned binary record, not encrypted: it holds hashes and options, nothing
 * secret. The MAC key is shared by every node that may complete a signature; the MAC is compared in
 * constant time before any field is read.
 */
public final class SigningTokens {

    private static final byte VERSION = 1;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int MAX_TOKEN_CHARS = 16 * 1024;
    private static final Set<String> KNOWN_LEVELS =
            Arrays.stream(SignatureLevel.values()).map(SignatureLevel::label).collect(Collectors.toUnmodifiableSet());

    private final SecretKeySpec key;

    public SigningTokens(byte[] macKey) {
        if (macKey.length < 32) {
            throw new IllegalArgumentException("the two-step token key must have at least 32 bytes");
        }
        this.key = new SecretKeySpec(macKey.clone(), "HmacSHA256");
    }

    /** What {@code complete} needs to rebuild and check the prepared signature. */
    public record Claims(
            Instant expiresAt,
            Instant signingTime,
            String level,
            String reasonOrEmpty,
            String locationOrEmpty,
            byte[] documentSha256,
            byte[] certificateSha256,
            byte[] dataToSignSha256) {}

    public String encode(Claims c) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(buf)) {
            out.writeByte(VERSION);
            out.writeLong(c.expiresAt().toEpochMilli());
            out.writeLong(c.signingTime().toEpochMilli());
            out.writeUTF(c.level());
            out.writeUTF(c.reasonOrEmpty());
            out.writeUTF(c.locationOrEmpty());
            writeBytes(out, c.documentSha256());
            writeBytes(out, c.certificateSha256());
            writeBytes(out, c.dataToSignSha256());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] payload = buf.toByteArray();
        return B64.encodeToString(payload) + "." + B64.encodeToString(mac(payload));
    }

    /**
     * Checks the MAC, expiry and signature level and returns the claims; any defect is an {@link
     * InvalidRequestException}.
     */
    public Claims decode(String token, Instant now) {
        if (token == null || token.length() > MAX_TOKEN_CHARS) {
            throw new InvalidRequestException("the signing token is missing or malformed");
        }
        int dot = token.indexOf('.');
        byte[] payload;
        byte[] mac;
        try {
            payload = B64D.decode(token.substring(0, Math.max(dot, 0)));
            mac = B64D.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("the signing token is malformed");
        }
        if (dot < 0 || !MessageDigest.isEqual(mac, mac(payload))) {
            throw new InvalidRequestException("the signing token was altered or comes from another installation");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            if (in.readByte() != VERSION) {
                throw new InvalidRequestException("the signing token has an unknown version");
            }
            Claims c = new Claims(
                    Instant.ofEpochMilli(in.readLong()),
                    Instant.ofEpochMilli(in.readLong()),
                    in.readUTF(),
                    in.readUTF(),
                    in.readUTF(),
                    readBytes(in),
                    readBytes(in),
                    readBytes(in));
            if (now.isAfter(c.expiresAt())) {
                throw new InvalidRequestException("the signing token has expired: prepare the signature again");
            }
            if (!KNOWN_LEVELS.contains(c.level())) {
                // only a holder of the token key can get here; complete() must still never see it
                throw new InvalidRequestException("the signing token names an unknown signature level");
            }
            return c;
        } catch (IOException e) {
            throw new InvalidRequestException("the signing token is malformed");
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(key);
            return m.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeShort(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readUnsignedShort()];
        in.readFully(b);
        return b;
    }
}
