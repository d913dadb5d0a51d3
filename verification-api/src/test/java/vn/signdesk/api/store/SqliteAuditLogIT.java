package vn.signdesk.api.store;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** {@link SqliteAuditLog} on a real database file: the {@link AuditLogContract}. */
class SqliteAuditLogIT extends AuditLogContract {

    @TempDir
    Path dataDir;

    private SqliteDatabase db;

    @Override
    void createDatabase() {
        db = SqliteDatabase.open(dataDir);
    }

    @Override
    JdbcAuditLog openLog() {
        // a second log opens its own database object, as a second process on the same file would
        return new SqliteAuditLog(SqliteDatabase.open(dataDir), Clock.systemUTC());
    }

    @Override
    void closeDatabase() {
        db.close();
    }

    @Override
    ChainCheck verifyWithoutWriter(List<X509Certificate> trusted) {
        return SqliteAuditLog.verify(SqliteDatabase.openExisting(dataDir), trusted);
    }

    @Override
    Connection plainJdbc() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteDatabase.FILE));
    }
}
