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
 * The {@link AuditLog} in the shared {@link PostgresDatabase}: one hash chain that every node
 * appends to; the chain, the group commit and the checks are {@link JdbcAuditLog}'s.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>Each batch is a transaction that first takes a transaction-scoped advisory lock ({@code
 *       pg_advisory_xact_lock}, released by the commit or rollback), then reads the head: the
 *       batches of all nodes are serialised in the database, and each links to the real head. A
 *       node's batches grow under load as in SQLite, so the lock is taken once per batch, not per
 *       record.
 *   <li>The commit returns once PostgreSQL has flushed its WAL ({@code synchronous_commit=on}),
 *       and only then are the records' futures completed, so an answer is sent after its record is
 *       durable in the shared database.
 *   <li>Each batch borrows a pooled connection: a broken connection fails one batch (its futures
 *       fail, the clients get 503) and the next batch gets a fresh one.
 *   <li>A verification reads in one {@code REPEATABLE READ} read-only transaction: one snapshot.
 * </ul>
 */
public final class PostgresAuditLog extends JdbcAuditLog {

    /** The advisory lock that serialises the appends of every node. */
    static final long CHAIN_LOCK = 0x5349_474E_4445_5302L;

    private static final Logger LOG = LoggerFactory.getLogger(PostgresAuditLog.class);

    private final PostgresDatabase db;

    /**
     * Opens the audit trail of the database and starts its writer thread.
     *
     * @throws StoreException when the database cannot be read
     */
    public PostgresAuditLog(PostgresDatabase db, Clock clock) {
        super(clock, PostgresAuditLog::beginSnapshot);
        this.db = Objects.requireNonNull(db, "db");
        startWriter();
    }

    /** Checks the audit chain of a database without writing to it ({@code signdesk audit verify}). */
    public static ChainCheck verify(PostgresDatabase db, Collection<X509Certificate> trustedTsaCertificates) {
        try (Connection c = db.connect()) {
            return verifyIn(c, PostgresAuditLog::beginSnapshot, trustedTsaCertificates);
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit trail in " + db.where(), e);
        }
    }

    @Override
    Connection beginBatch() throws SQLException {
        Connection c = db.connect();
        try (Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SELECT pg_advisory_xact_lock(" + CHAIN_LOCK + ")");
            return c;
        } catch (SQLException e) {
            rollbackBatch(c);
            throw e;
        }
    }

    @Override
    void commitBatch(Connection c) throws SQLException {
        try {
            c.commit();
        } finally {
            c.close();
        }
    }

    @Override
    void rollbackBatch(Connection c) {
        try (c) {
            c.rollback();
        } catch (SQLException e) {
            // the connection broke: the pool drops it, and the transaction died with it
            LOG.debug("rollback after a failed audit write: {}", e.getMessage());
        }
    }

    @Override
    Connection connect() throws SQLException {
        return db.connect();
    }

    @Override
    String insertTimestampIfAbsent() {
        return "INSERT INTO audit_head_timestamps (seq, head_hash, token, created_ms) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (seq) DO NOTHING";
    }

    @Override
    String where() {
        return db.where();
    }

    private static void beginSnapshot(Connection c) throws SQLException {
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
        c.setAutoCommit(false);
    }
}
