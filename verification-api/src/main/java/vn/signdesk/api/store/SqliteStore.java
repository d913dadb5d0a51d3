package vn.signdesk.api.store;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The {@link Store} of one node: the SQLite file {@code DATA_DIR/signdesk.db} for jobs and the audit
 * trail, {@code DATA_DIR/jobs/} for job files, and files in the data directory for secrets.
 */
public final class SqliteStore implements Store {

    private final SqliteDatabase db;
    private final SqliteJobStore jobs;
    private final DirectoryJobFiles files;
    private final SqliteAuditLog audit;

    private SqliteStore(SqliteDatabase db, SqliteJobStore jobs, DirectoryJobFiles files, SqliteAuditLog audit) {
        this.db = db;
        this.jobs = jobs;
        this.files = files;
        this.audit = audit;
    }

    /**
     * Opens (creating if needed) the database of the data directory as the node {@code node}.
     *
     * @throws StoreException when it cannot be opened
     */
    public static SqliteStore open(Path dataDir, Clock clock, String node, Duration lease) {
        SqliteDatabase db = SqliteDatabase.open(dataDir);
        SqliteJobStore jobs = new SqliteJobStore(db, clock, node, lease);
        try {
            return new SqliteStore(
                    db,
                    jobs,
                    new DirectoryJobFiles(db.dataDir(), JobFiles.DEFAULT_MAX_FILE_BYTES),
                    new SqliteAuditLog(db, clock));
        } catch (RuntimeException e) {
            jobs.close();
            throw e;
        }
    }

    @Override
    public String where() {
        return db.file().toString();
    }

    @Override
    public SqliteJobStore jobs() {
        return jobs;
    }

    @Override
    public DirectoryJobFiles files() {
        return files;
    }

    @Override
    public SqliteAuditLog audit() {
        return audit;
    }

    @Override
    public DirectorySecrets secrets() {
        return new DirectorySecrets(db.dataDir());
    }

    @Override
    public void probeWritable() {
        db.probeWritable();
    }

    @Override
    public void close() {
        audit.close();
        jobs.close();
        db.close();
    }
}
