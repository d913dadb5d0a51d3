package vn.signdesk.api.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The database that several nodes share: PostgreSQL at {@code postgresql://USER@HOST:PORT/DB}
 * (password from a file), holding the jobs, their files and the audit trail ({@link PostgresStore}).
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>Durability: PostgreSQL's default {@code synchronous_commit=on} flushes the WAL at every
 *       commit, so a committed job or audit record survives the loss of the node that wrote it
 *       and of the database server's power.
 *   <li>Connections come from a small HikariCP pool ({@link #MAX_CONNECTIONS}): it checks a
 *       connection before lending it and replaces broken ones, so a restarted database server or a
 *       dropped connection costs a retry, not a node restart. The pool is sized for what a node
 *       does at once: the audit writer, a few job threads, readiness probes, job status reads.
 *   <li>The schema is created idempotently at {@link #open}, under an advisory lock, so nodes
 *       starting together do not race on {@code CREATE TABLE}; table {@code schema_version}
 *       records its version for later migrations.
 *   <li>The password is read from its file once, given to the driver and kept nowhere else; no
 *       message names it.
 * </ul>
 */
public final class PostgresDatabase implements AutoCloseable {

    /** The most connections one node holds. */
    static final int MAX_CONNECTIONS = 8;

    /** The advisory lock that serialises schema creation across nodes. */
    private static final long SCHEMA_LOCK = 0x5349_474E_4445_5301L;

    private static final int SCHEMA_VERSION = 1;

    private static final List<String> SCHEMA = schema();

    private final HikariDataSource pool;
    private final String where;

    private PostgresDatabase(HikariDataSource pool, String where) {
        this.pool = pool;
        this.where = where;
    }

    /**
     * Connects to the database and creates its tables if they are missing.
     *
     * @param url {@code postgresql://USER@HOST[:PORT]/DB}
     * @param passwordFileOrNull the file holding the user's password (its first line), or null
     * @throws StoreException when the database cannot be reached or was written by a newer version
     */
    public static PostgresDatabase open(URI url, Path passwordFileOrNull) {
        PostgresDatabase db = connectTo(url, passwordFileOrNull, MAX_CONNECTIONS);
        int version;
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
            s.execute("INSERT INTO schema_version (version) VALUES (" + SCHEMA_VERSION + ") ON CONFLICT DO NOTHING");
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                rs.next();
                version = rs.getInt(1);
            }
            c.commit();
        } catch (SQLException e) {
            db.close();
            throw new StoreException("cannot create the tables in " + db.where, e);
        }
        if (version > SCHEMA_VERSION) {
            db.close();
            throw new StoreException(db.where + " was written by a newer version (schema " + version
                    + "); this version knows schema " + SCHEMA_VERSION);
        }
        return db;
    }

    /**
     * Connects to an existing database without creating anything, for tools that only read it
     * ({@code signdesk audit verify}).
     *
     * @throws StoreException when it cannot be reached
     */
    public static PostgresDatabase openExisting(URI url, Path passwordFileOrNull) {
        return connectTo(url, passwordFileOrNull, 2);
    }

    private static PostgresDatabase connectTo(URI url, Path passwordFileOrNull, int connections) {
        String user = url.getUserInfo();
        int port = url.getPort() < 0 ? 5432 : url.getPort();
        String where = "postgresql://" + user + "@" + url.getHost() + ":" + port + url.getPath();
        HikariConfig config = new HikariConfig();
        config.setPoolName("signdesk-store");
        config.setJdbcUrl("jdbc:postgresql://" + url.getHost() + ":" + port + url.getPath());
        config.setUsername(user);
        if (passwordFileOrNull != null) {
            config.setPassword(password(passwordFileOrNull));
        }
        config.setMaximumPoolSize(connections);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("ApplicationName", "signdesk");
        try {
            return new PostgresDatabase(new HikariDataSource(config), where);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to " + where, e);
        }
    }

    private static String password(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return text.lines().findFirst().orElse("");
        } catch (IOException e) {
            throw new StoreException("cannot read the store's password file " + file, e);
        }
    }

    /** The tables SQLite has too, then those only the shared database needs (job files, secrets). */
    private static List<String> schema() {
        List<String> all = new java.util.ArrayList<>();
        all.add("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)");
        all.addAll(StoreSchema.jobsAndAudit("BIGINT", "BYTEA"));
        all.add(
                """
                CREATE TABLE IF NOT EXISTS job_files (
                  job_id TEXT NOT NULL,
                  name TEXT NOT NULL,
                  content BYTEA NOT NULL,
                  PRIMARY KEY (job_id, name))""");
        all.add(
                """
                CREATE TABLE IF NOT EXISTS shared_values (
                  name TEXT PRIMARY KEY,
                  content BYTEA NOT NULL,
                  created_ms BIGINT NOT NULL)""");
        return List.copyOf(all);
    }

    /** The database, as a URL without password, for messages. */
    public String where() {
        return where;
    }

    /** A connection from the pool, in auto-commit mode; closing it gives it back. */
    Connection connect() throws SQLException {
        return pool.getConnection();
    }

    /**
     * Checks that the database takes a write: assigns a transaction id (refused by a read-only
     * server, e.g. a standby) and rolls back, for the readiness check.
     *
     * @throws StoreException when it cannot
     */
    public void probeWritable() {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                s.execute("SELECT pg_current_xact_id()");
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException("the database takes no write", e);
        }
    }

    /** Closes the pool's connections. */
    @Override
    public void close() {
        pool.close();
    }
}
