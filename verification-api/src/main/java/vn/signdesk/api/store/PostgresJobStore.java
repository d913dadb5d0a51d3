package vn.signdesk.api.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@link JobStore} in the shared {@link PostgresDatabase} (table {@code jobs}); the SQL is
 * {@link JdbcJobStore}'s. Each call borrows a pooled connection, so the job threads, status reads
 * and claims of a node run concurrently; a claim's inner select takes its row with {@code FOR UPDATE
 * SKIP LOCKED}, so nodes claiming at once each get a different job without waiting for each other.
 */
public final class PostgresJobStore extends JdbcJobStore {

    private final PostgresDatabase db;

    /** A job store over the given database for the node {@code node}. */
    public PostgresJobStore(PostgresDatabase db, Clock clock, String node, Duration lease) {
        super(clock, node, lease, "FOR UPDATE SKIP LOCKED");
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    <T> T inConnection(SqlWork<T> work) throws SQLException {
        try (Connection c = db.connect()) {
            return work.apply(c);
        }
    }
}
