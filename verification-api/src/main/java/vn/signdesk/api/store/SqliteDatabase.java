package vn.signdesk.api.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's embedded database: one SQLite file, {@code DATA_DIR/signdesk.db}, holding the jobs
 * and the audit trail ({@link SqliteStore}); {@link PostgresDatabase} takes its place when several
 * nodes share the work.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>Durability: every connection runs in WAL mode with {@code synchronous=FULL}, so a commit
 *       returns only after the write-ahead log is fsync'ed. A record that was committed survives
 *       {@code kill -9} and power loss; with WAL a commit costs one fsync of an append-only file
 *       and readers never block the writer. (With {@code synchronous=NORMAL} a WAL commit may be
 *       lost on power loss, which is why it is not used.)
 *   <li>One file under {@code DATA_DIR}: nothing to install or run beside the service, and a
 *       backup is a copy of the data directory while the service is stopped (or SQLite's online
 *       backup while it runs).
 *   <li>Connections are cheap and not shared between threads: each store opens the ones it needs
 *       with {@link #connect()} (the job store one, guarded by its lock; the audit log one for its
 *       writer thread, one per verification). SQLite allows one writer at a time; the others wait
 *       up to {@link #BUSY_TIMEOUT_MS} instead of failing.
 *   <li>The schema is created idempotently ({@code CREATE ... IF NOT EXISTS}) at {@link #open};
 *       {@code PRAGMA user_version} records its version for later migrations.
 * </ul>
 */
public final class SqliteDatabase implements AutoCloseable {

    /** The file name of the database in the data directory. */
    public static final String FILE = "signdesk.db";

    /** How long a connection waits for another writer before failing with SQLITE_BUSY. */
    static final int BUSY_TIMEOUT_MS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);

    /** 1: jobs and audit; 2: jobs carry a lease (holder node, end). */
    private static final int SCHEMA_VERSION = 2;

    /** What turns a database of schema 1 into schema 2. */
    private static final List<String> FROM_VERSION_1 = List.of(
            "ALTER TABLE jobs ADD COLUMN lease_node TEXT", "ALTER TABLE jobs ADD COLUMN lease_until_ms INTEGER");

    private static final List<String> SCHEMA = StoreSchema.jobsAndAudit("INTEGER", "BLOB");

    private final Path file;
    private final Path dataDir;

    private SqliteDatabase(Path dataDir, Path file) {
        this.dataDir = dataDir;
        this.file = file;
    }

    /**
     * Opens (creating if needed) {@code DATA_DIR/signdesk.db} and its tables.
     *
     * @throws UncheckedIOException when the data directory cannot be created
     * @throws StoreException when the file is not a database this version can use
     */
    public static SqliteDatabase open(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dir, e);
        }
        SqliteDatabase db = new SqliteDatabase(dir, dir.resolve(FILE));
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            int version = userVersion(s);
            if (version > SCHEMA_VERSION) {
                throw new StoreException(db.file + " was written by a newer version (schema " + version
                        + "); this version knows schema " + SCHEMA_VERSION);
            }
            c.setAutoCommit(false);
            if (version == 1) {
                for (String ddl : FROM_VERSION_1) {
                    s.executeUpdate(ddl);
                }
            }
            for (String ddl : SCHEMA) {
                s.executeUpdate(ddl);
            }
            s.executeUpdate("PRAGMA user_version = " + SCHEMA_VERSION);
            c.commit();
        } catch (SQLException e) {
            throw new StoreException("cannot open the database " + db.file, e);
        }
        return db;
    }

    /**
     * Opens an existing {@code DATA_DIR/signdesk.db} without creating anything, for tools that only
     * read it ({@code signdesk audit verify}).
     *
     * @throws StoreException when there is no database there
     */
    public static SqliteDatabase openExisting(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new StoreNotFoundException("there is no database at " + file);
        }
        return new SqliteDatabase(dir, file);
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    /** The data directory the database lives in. */
    public Path dataDir() {
        return dataDir;
    }

    /**
     * A new connection in WAL mode with {@code synchronous=FULL} and a busy timeout; the caller
     * closes it and uses it from one thread at a time.
     */
    Connection connect() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = FULL");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * Checks that the database takes a write: takes the write lock ({@code BEGIN IMMEDIATE}) and
     * releases it, for the readiness check.
     *
     * @throws StoreException when it cannot
     */
    public void probeWritable() {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.execute("ROLLBACK");
        } catch (SQLException e) {
            throw new StoreException("the database takes no write", e);
        }
    }

    /**
     * Folds the write-ahead log into the database file, so that after a clean stop the data is in
     * {@code signdesk.db} alone. Close the stores first; a failure is only logged, since every
     * committed transaction is already durable in the log.
     */
    @Override
    public void close() {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            LOG.warn("could not checkpoint {} on close: {}", file, e.getMessage());
        }
    }

    private static int userVersion(Statement s) throws SQLException {
        try (var rs = s.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
