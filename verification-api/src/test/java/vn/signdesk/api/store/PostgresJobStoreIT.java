package vn.signdesk.api.store;

import java.net.URI;
import java.time.Clock;

/** {@link PostgresJobStore} on a real PostgreSQL server ({@link LocalPostgres}): the {@link JobStoreContract}. */
class PostgresJobStoreIT extends JobStoreContract {

    private URI database;

    @Override
    void createDatabase() {
        database = LocalPostgres.shared().emptyDatabaseFor(getClass());
    }

    @Override
    Opened openNode(String node, Clock clock) {
        PostgresDatabase db =
                PostgresDatabase.open(database, LocalPostgres.shared().passwordFile());
        return new Opened(new PostgresJobStore(db, clock, node, LEASE), db);
    }
}
