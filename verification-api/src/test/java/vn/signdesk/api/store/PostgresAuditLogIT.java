package vn.signdesk.api.store;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** {@link PostgresAuditLog} on a real PostgreSQL server ({@link LocalPostgres}): the {@link AuditLogContract}. */
class PostgresAuditLogIT extends AuditLogContract {

    private URI database;
    private final List<PostgresDatabase> opened = new ArrayList<>();

    @Override
    void createDatabase() {
        database = LocalPostgres.shared().emptyDatabaseFor(getClass());
    }

    @Override
    JdbcAuditLog openLog() {
        // each log has its own pool, as each node has
        PostgresDatabase db =
                PostgresDatabase.open(database, LocalPostgres.shared().passwordFile());
        opened.add(db);
        return new PostgresAuditLog(db, Clock.systemUTC());
    }

    @Override
    void closeDatabase() {
        opened.forEach(PostgresDatabase::close);
        opened.clear();
    }

    @Override
    ChainCheck verifyWithoutWriter(List<X509Certificate> trusted) {
        try (PostgresDatabase db =
                PostgresDatabase.openExisting(database, LocalPostgres.shared().passwordFile())) {
            return PostgresAuditLog.verify(db, trusted);
        }
    }

    @Override
    Connection plainJdbc() throws Exception {
        return LocalPostgres.shared().connect(database);
    }
}
