package vn.signdesk.api.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One link of the hash-chained audit trail: an {@link AuditEvent} with its sequence number, the
 * hash of the record before it and its own hash.
 *
 * <p>The hash is SHA-256 over a canonical encoding of {@code (seq, prevHash, event fields)}: the
 * ASCII tag {@value #VERSION_TAG}, then each field in a fixed order as a 4-byte big-endian length
 * and its UTF-8 bytes (numbers in decimal, the instant as epoch milliseconds; a null field as the
 * length {@code -1} with no bytes). Length prefixes make the encoding injective: no two different
 * records encode to the same bytes, whatever characters their fields hold. The first record's
 * {@code prevHash} is {@link #GENESIS}.
 *
 * @param seq 1 for the first record, then one more for each
 * @param prevHash the hash of record {@code seq - 1} (lowercase hex), or {@link #GENESIS}
 * @param hash this record's hash (lowercase hex), as stored
 */
public record AuditRecord(long seq, String prevHash, String hash, AuditEvent event) {

    /** The {@code prevHash} of the first record: 64 zeros. */
    public static final String GENESIS = "0".repeat(64);

    /** Names the encoding, so a later one cannot be confused with it. */
    public static final String VERSION_TAG = "signdesk-audit-v1";

    public AuditRecord {
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(event, "event");
    }

    /** The record that follows {@code prevHash} at {@code seq}, with its hash computed. */
    public static AuditRecord link(long seq, String prevHash, AuditEvent event) {
        return new AuditRecord(seq, prevHash, hashOf(seq, prevHash, event), event);
    }

    /** Whether the stored hash is the hash of the stored fields. */
    public boolean hashHolds() {
        return hash.equals(hashOf(seq, prevHash, event));
    }

    /** The chain hash of a record, lowercase hex. */
    public static String hashOf(long seq, String prevHash, AuditEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        field(out, VERSION_TAG);
        field(out, Long.toString(seq));
        field(out, prevHash);
        field(out, Long.toString(e.at().toEpochMilli()));
        field(out, e.requestId());
        field(out, e.role());
        field(out, e.keyIdOrNull());
        field(out, e.operation());
        field(out, e.documentSha256OrNull());
        field(out, e.profileOrNull());
        field(out, Integer.toString(e.status()));
        field(out, e.outcome());
        field(out, Long.toString(e.durationMs()));
        return HexFormat.of().formatHex(sha256().digest(out.toByteArray()));
    }

    private static void field(ByteArrayOutputStream out, String valueOrNull) {
        byte[] bytes = valueOrNull == null ? null : valueOrNull.getBytes(StandardCharsets.UTF_8);
        int length = bytes == null ? -1 : bytes.length;
        out.write(length >>> 24);
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        if (bytes != null) {
            out.writeBytes(bytes);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
