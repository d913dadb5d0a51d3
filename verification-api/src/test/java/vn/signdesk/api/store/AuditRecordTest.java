package vn.signdesk.api.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The canonical encoding and hash of audit records, against an independent encoder of its documented form. */
class AuditRecordTest {

    private static final Instant AT = Instant.parse("2026-05-01T08:00:00.123Z");

    @Test
    void hashOf_aRecord_isSha256OfTheDocumentedLengthPrefixedEncoding() throws Exception {
        AuditEvent e = new AuditEvent(
                AT, "req-1", "department", "0123456789ab", "POST /v1/sign", null, "department-seal", 200, "ok", 42);

        String expected = sha256(
                "signdesk-audit-v1",
                "7",
                AuditRecord.GENESIS,
                "1777622400123",
                "req-1",
                "department",
                "0123456789ab",
                "POST /v1/sign",
                null,
                "department-seal",
                "200",
                "ok",
                "42");

        assertThat(AuditRecord.hashOf(7, AuditRecord.GENESIS, e)).isEqualTo(expected);
    }

    @Test
    void hashOf_fieldBoundariesMovedOrNullVersusEmpty_givesAnotherHash() {
        AuditEvent a = new AuditEvent(AT, "ab", "c", null, "POST /v1/sign", null, null, 200, "ok", 5);
        AuditEvent b = new AuditEvent(AT, "a", "bc", null, "POST /v1/sign", null, null, 200, "ok", 5);
        AuditEvent empty = new AuditEvent(AT, "ab", "c", "", "POST /v1/sign", null, null, 200, "ok", 5);

        String hash = AuditRecord.hashOf(1, AuditRecord.GENESIS, a);
        assertThat(hash)
                .matches("[0-9a-f]{64}")
                .isNotEqualTo(AuditRecord.hashOf(1, AuditRecord.GENESIS, b))
                .isNotEqualTo(AuditRecord.hashOf(1, AuditRecord.GENESIS, empty))
                .isNotEqualTo(AuditRecord.hashOf(2, AuditRecord.GENESIS, a));
    }

    @Test
    void hashHolds_afterAFieldChanged_isFalse() {
        AuditRecord r = AuditRecord.link(
                3,
                AuditRecord.GENESIS,
                new AuditEvent(AT, "r", "resident", null, "POST /tsa", null, null, 200, "ok", 1));
        AuditRecord changed = new AuditRecord(
                3,
                r.prevHash(),
                r.hash(),
                new AuditEvent(AT, "r", "admin", null, "POST /tsa", null, null, 200, "ok", 1));

        assertThat(r.hashHolds()).isTrue();
        assertThat(changed.hashHolds()).isFalse();
    }

    @Test
    void event_subMillisecondTime_isCutToMilliseconds() {
        AuditEvent e = new AuditEvent(
                Instant.parse("2026-05-01T08:00:00.123456789Z"), "r", "x", null, "op", null, null, 200, "ok", 1);

        assertThat(e.at()).isEqualTo(AT);
    }

    /** The encoding as AuditRecord's Javadoc states it, written again here: int32 length + UTF-8, -1 for null. */
    private static String sha256(String... fields) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (String f : fields) {
            if (f == null) {
                out.writeInt(-1);
            } else {
                byte[] b = f.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    }
}
