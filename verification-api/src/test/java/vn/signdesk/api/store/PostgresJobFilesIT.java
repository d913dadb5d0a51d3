package vn.signdesk.api.store;

import java.net.URI;

/** {@link PostgresJobFiles} on a real PostgreSQL server ({@link LocalPostgres}): the {@link JobFilesContract}. */
class PostgresJobFilesIT extends JobFilesContract {

    private URI database;
    private PostgresDatabase db;

    @Override
    JobFiles open() {
        database = LocalPostgres.shared().emptyDatabaseFor(getClass());
        db = PostgresDatabase.open(database, LocalPostgres.shared().passwordFile());
        return new PostgresJobFiles(db, MAX);
    }

    @Override
    void close() {
        db.close();
    }
}
