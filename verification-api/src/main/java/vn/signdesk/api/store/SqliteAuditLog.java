package vn.signdesk.api.store;

import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Collection;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link AuditLog} in the embedded SQLite {@link SqliteDatabase}; the chain, the group commit
 * and the checks are {@link JdbcAuditLog}'s.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>Durability: SQLite in WAL mode with {@code synchronous=FULL} (see {@link SqliteDatabase}), so
 *       a committed record is fsync'ed and survives {@code kill -9} and power loss.
 *   <li>The writer keeps one connection; each batch is a {@code BEGIN IMMEDIATE} transaction, which
 *       takes SQLite's write lock before the head is read. In one process that read is a
 *       primary-key lookup per batch; it also keeps the chain whole when another process (a second
 *       service on the same data directory) appends to the same file.
 *   <li>Head timestamps use their own short-lived connection; SQLite serialises the two writers
 *       (busy timeout in {@link SqliteDatabase}).
 *   <li>A verification reads in one deferred transaction, i.e. one WAL snapshot.
 * </ul>
 */
public final class SqliteAuditLog extends JdbcAuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteAuditLog.class);

    private final SqliteDatabase db;
    private final Connection connection;

    /**
     * Opens the audit trail of the database and starts its writer thread.
     *
     * @throws StoreException when the database cannot be read
     */
    public SqliteAuditLog(SqliteDatabase db, Clock clock) {
        super(clock, SqliteAuditLog::beginSnapshot);
        this.db = Objects.requireNonNull(db, "db");
        try {
            // autocommit stays on: transactions are explicit BEGIN IMMEDIATE ... COMMIT
            this.connection = db.connect();
        } catch (SQLException e) {
            throw new StoreException("cannot open the audit trail in " + db.file(), e);
        }
        startWriter();
    }

    /**
     * Checks the audit chain of a database without opening it for writing ({@code signdesk audit
     * verify}): every record's hash and link, and every head timestamp token.
     */
    public static ChainCheck verify(SqliteDatabase db, Collection<X509Certificate> trustedTsaCertificates) {
        try (Connection c = db.connect()) {
            return verifyIn(c, SqliteAuditLog::beginSnapshot, trustedTsaCertificates);
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit trail in " + db.file(), e);
        }
    }

    @Override
    Connection beginBatch() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
        }
        return connection;
    }

    @Override
    void commitBatch(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("COMMIT");
        }
    }

    @Override
    void rollbackBatch(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK");
        } catch (SQLException noTransaction) {
            // BEGIN itself failed (the lock was not granted): there is nothing to roll back
            LOG.debug("rollback after a failed audit write: {}", noTransaction.getMessage());
        }
    }

    @Override
    Connection connect() throws SQLException {
        return db.connect();
    }

    /** A deferred transaction: its first read fixes the WAL snapshot every later read sees. */
    private static void beginSnapshot(Connection c) throws SQLException {
        c.setAutoCommit(false);
    }

    @Override
    String insertTimestampIfAbsent() {
        return "INSERT OR IGNORE INTO audit_head_timestamps (seq, head_hash, token, created_ms) VALUES (?, ?, ?, ?)";
    }

    @Override
    String where() {
        return db.file().toString();
    }

    @Override
    void closeWriter() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the audit trail: {}", e.getMessage());
        }
    }
}
