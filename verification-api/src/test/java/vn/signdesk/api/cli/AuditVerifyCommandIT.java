package vn.signdesk.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.store.AuditEvent;
import vn.signdesk.api.store.SqliteAuditLog;
import vn.signdesk.api.store.SqliteDatabase;

/** {@code signdesk audit verify}: its exit codes and what it prints, on a data directory of its own. */
class AuditVerifyCommandIT {

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Cli(
                        Map.of("SIGNDESK_DATA_DIR", dataDir.toString()),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Clock.systemUTC())
                .run(List.of(args));
    }

    @Test
    void auditVerify_noDatabase_exits1WithAMessageAndCreatesNothing() {
        int code = run("audit", "verify");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("signdesk: there is no database at ")
                .doesNotContain("\tat ");
        assertThat(dataDir.resolve(SqliteDatabase.FILE)).doesNotExist();
    }

    @Test
    void audit_withoutVerify_isAUsageError() {
        assertThat(run("audit")).isEqualTo(1);
        assertThat(run("audit", "verify", "extra")).isEqualTo(1);
    }

    @Test
    void auditVerify_intactThenTampered_exits0Then1NamingTheRecord() throws Exception {
        try (SqliteDatabase db = SqliteDatabase.open(dataDir)) {
            SqliteAuditLog log = new SqliteAuditLog(db, Clock.systemUTC());
            for (int i = 0; i < 5; i++) {
                log.append(new AuditEvent(
                                Instant.now(),
                                "r" + i,
                                "branch",
                                "0123456789ab",
                                "POST /v1/verify",
                                null,
                                null,
                                200,
                                "ok",
                                3))
                        .get(30, TimeUnit.SECONDS);
            }
            log.close();
        }

        assertThat(run("audit", "verify")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("audit trail intact: 5 records");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteDatabase.FILE));
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit_records SET status = 500 WHERE seq = 2");
        }
        out.reset();
        assertThat(run("audit", "verify")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("audit trail BROKEN at record 2: ");
    }
}
