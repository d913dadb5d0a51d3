package vn.signdesk.api.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@link JobStore} in the embedded SQLite {@link SqliteDatabase} (table {@code jobs}); the SQL is
 * {@link JdbcJobStore}'s.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>SQLite in WAL mode with {@code synchronous=FULL} (see {@link SqliteDatabase}): each method is
 *       one transaction that is fsync'ed before it returns, so an accepted job survives
 *       {@code kill -9} and power loss. Job traffic is a few writes per page of OCR, far below
 *       what one fsync per write allows, so no batching is needed here (unlike {@link SqliteAuditLog}).
 *   <li>One connection, used under this object's lock: SQLite has one writer at a time anyway, and
 *       reads of a row are microseconds. Claims need no row locks: SQLite runs one write
 *       transaction at a time, also across processes on the same file.
 * </ul>
 */
public final class SqliteJobStore extends JdbcJobStore implements AutoCloseable {

    private final Connection connection;

    /**
     * A job store over the given database for the node {@code node}.
     *
     * @throws StoreException when the database cannot be opened
     */
    public SqliteJobStore(SqliteDatabase db, Clock clock, String node, Duration lease) {
        super(clock, node, lease, "");
        Objects.requireNonNull(db, "db");
        try {
            this.connection = db.connect();
        } catch (SQLException e) {
            throw new StoreException("cannot open the job store in " + db.file(), e);
        }
    }

    @Override
    synchronized <T> T inConnection(SqlWork<T> work) throws SQLException {
        return work.apply(connection);
    }

    /** Closes the store's connection. */
    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the job store", e);
        }
    }
}
