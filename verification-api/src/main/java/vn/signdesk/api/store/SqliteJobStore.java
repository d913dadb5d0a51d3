package vn.signdesk.api.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@link JobStore} in the embedded SQLite {@link Database} (table {@code jobs}).
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>SQLite in WAL mode with {@code synchronous=FULL} (see {@link Database}): each method is
 *       one transaction that is fsync'ed before it returns, so an accepted job survives
 *       {@code kill -9} and power loss. Job traffic is a few writes per page of OCR, far below
 *       what one fsync per write allows, so no batching is needed here (unlike {@link SqliteAuditLog}).
 *   <li>One connection, used under this object's lock: SQLite has one writer at a time anyway, and
 *       reads of a row are microseconds.
 *   <li>Ids are 16 bytes of {@link SecureRandom} in lowercase hex: unguessable, safe as a file name
 *       on any file system (no case-only differences), and checked against {@link #ID} before they
 *       reach SQL or a path.
 *   <li>Times come from the injected {@link Clock} and are stored as epoch milliseconds.
 *   <li>State changes are conditional updates ({@code WHERE state IN (...)}), so two workers
 *       cannot both finish one job, and a finished job cannot be reopened.
 * </ul>
 */
public final class SqliteJobStore implements JobStore, AutoCloseable {

    /** The form of the ids this store issues. */
    static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    private static final String COLUMNS = "id, kind, owner, state, pages_done, pages_total, params_json,"
            + " result_json, error, created_ms, updated_ms";

    private final Database db;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Connection connection;

    /**
     * A job store over the given database.
     *
     * @throws StoreException when the database cannot be opened
     */
    public SqliteJobStore(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            this.connection = db.connect();
        } catch (SQLException e) {
            throw new StoreException("cannot open the job store in " + db.file(), e);
        }
    }

    @Override
    public synchronized Job create(String kind, String owner, String paramsJson) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(paramsJson, "paramsJson");
        byte[] raw = new byte[16];
        random.nextBytes(raw);
        String id = HexFormat.of().formatHex(raw);
        Instant now = now();
        try (PreparedStatement s = connection.prepareStatement(
                "INSERT INTO jobs (" + COLUMNS + ") VALUES (?, ?, ?, ?, 0, 0, ?, NULL, NULL, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, kind);
            s.setString(3, owner);
            s.setString(4, State.QUEUED.name());
            s.setString(5, paramsJson);
            s.setLong(6, now.toEpochMilli());
            s.setLong(7, now.toEpochMilli());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot store a new " + kind + " job", e);
        }
        return new Job(id, kind, owner, State.QUEUED, 0, 0, paramsJson, null, null, now, now);
    }

    @Override
    public synchronized Optional<Job> find(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        try (PreparedStatement s = connection.prepareStatement("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(job(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read job " + id, e);
        }
    }

    @Override
    public synchronized List<Job> unfinished() {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM jobs WHERE state IN ('QUEUED', 'RUNNING') ORDER BY created_ms, rowid")) {
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    jobs.add(job(rs));
                }
            }
            return jobs;
        } catch (SQLException e) {
            throw new StoreException("cannot list the unfinished jobs", e);
        }
    }

    @Override
    public void start(String id, int pagesTotal) {
        requireNonNegative(pagesTotal, "pagesTotal");
        update(
                id,
                "start",
                "state = 'RUNNING', pages_total = ?, pages_done = 0",
                "state IN ('QUEUED', 'RUNNING')",
                pagesTotal);
    }

    @Override
    public void progress(String id, int pagesDone, String resultJsonOrNull) {
        requireNonNegative(pagesDone, "pagesDone");
        update(
                id,
                "progress",
                "pages_done = ?, result_json = COALESCE(?, result_json)",
                "state = 'RUNNING'",
                pagesDone,
                resultJsonOrNull);
    }

    @Override
    public void complete(String id, String resultJson) {
        Objects.requireNonNull(resultJson, "resultJson");
        update(
                id,
                "complete",
                "state = 'DONE', pages_done = pages_total, result_json = ?, error = NULL",
                "state = 'RUNNING'",
                resultJson);
    }

    @Override
    public void fail(String id, String error) {
        Objects.requireNonNull(error, "error");
        update(id, "fail", "state = 'FAILED', error = ?", "state IN ('QUEUED', 'RUNNING')", error);
    }

    @Override
    public Path jobDir(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a job id: expected 32 lowercase hex digits");
        }
        Path dir = db.dataDir().resolve("jobs").resolve(id);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of job " + id, e);
        }
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

    /**
     * {@code UPDATE jobs SET <set>, updated_ms = now WHERE id = ? AND <allowed>}; when no row
     * changes, tells an unknown id from a job in the wrong state.
     */
    private synchronized void update(String id, String what, String set, String allowed, Object... values) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new NoSuchElementException("no job " + id);
        }
        String sql = "UPDATE jobs SET " + set + ", updated_ms = ? WHERE id = ? AND " + allowed;
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            int i = 1;
            for (Object v : values) {
                s.setObject(i++, v);
            }
            s.setLong(i++, now().toEpochMilli());
            s.setString(i, id);
            if (s.executeUpdate() == 1) {
                return;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + " job " + id, e);
        }
        Job job = find(id).orElseThrow(() -> new NoSuchElementException("no job " + id));
        throw new IllegalStateException("cannot " + what + " job " + id + ": it is " + job.state());
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    private static void requireNonNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }

    private static Job job(ResultSet rs) throws SQLException {
        return new Job(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                State.valueOf(rs.getString(4)),
                rs.getInt(5),
                rs.getInt(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                Instant.ofEpochMilli(rs.getLong(10)),
                Instant.ofEpochMilli(rs.getLong(11)));
    }
}
