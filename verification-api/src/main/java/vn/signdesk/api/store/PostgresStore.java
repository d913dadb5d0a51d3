package vn.signdesk.api.store;

import java.time.Clock;
import java.time.Duration;

/**
 * The {@link Store} that several nodes share: jobs, job files, the audit trail and the shared
 * secrets in one PostgreSQL database, so that any node can run any job, every node appends to one
 * audit chain, and a two-step token prepared on one node completes on another.
 */
public final class PostgresStore implements Store {

    private final PostgresDatabase db;
    private final PostgresJobStore jobs;
    private final PostgresJobFiles files;
    private final PostgresAuditLog audit;
    private final Clock clock;

    private PostgresStore(
            PostgresDatabase db, PostgresJobStore jobs, PostgresJobFiles files, PostgresAuditLog audit, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.jobs = jobs;
        this.files = files;
        this.audit = audit;
    }

    /**
     * The store of an open database as the node {@code node}; closing the store closes the database.
     *
     * @throws StoreException when the audit trail cannot be read
     */
    public static PostgresStore open(PostgresDatabase db, Clock clock, String node, Duration lease) {
        try {
            return new PostgresStore(
                    db,
                    new PostgresJobStore(db, clock, node, lease),
                    new PostgresJobFiles(db, JobFiles.DEFAULT_MAX_FILE_BYTES),
                    new PostgresAuditLog(db, clock),
                    clock);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    @Override
    public String where() {
        return db.where();
    }

    @Override
    public PostgresJobStore jobs() {
        return jobs;
    }

    @Override
    public PostgresJobFiles files() {
        return files;
    }

    @Override
    public PostgresAuditLog audit() {
        return audit;
    }

    @Override
    public PostgresSecrets secrets() {
        return new PostgresSecrets(db, clock);
    }

    @Override
    public void probeWritable() {
        db.probeWritable();
    }

    @Override
    public void close() {
        audit.close();
        db.close();
    }
}
