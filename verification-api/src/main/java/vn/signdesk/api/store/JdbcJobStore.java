package vn.signdesk.api.store;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@link JobStore} over SQL (table {@code jobs}), shared by {@link SqliteJobStore} and {@link
 * PostgresJobStore}, which differ only in how they get a connection and how they pick the next job.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>Each method is one statement in auto-commit mode, durable when it returns (both databases
 *       fsync their log at commit).
 *   <li>Every transition is one conditional {@code UPDATE} ({@code WHERE id = ? AND <allowed>}), so
 *       two nodes cannot both finish one job, a finished job cannot be reopened, and a node whose
 *       lease was taken over cannot write any more; when no row changes, a second read tells why.
 *   <li>A claim is one {@code UPDATE ... WHERE id = (SELECT id ... LIMIT 1) RETURNING}: atomic in
 *       SQLite (one writer at a time), and in PostgreSQL the inner select takes the row with
 *       {@code FOR UPDATE SKIP LOCKED}, so concurrent claims pick different jobs instead of waiting
 *       for each other.
 *   <li>Ids are 16 bytes of {@link SecureRandom} in lowercase hex: unguessable, and checked against
 *       {@link #ID} before they reach SQL.
 *   <li>Times (and leases) come from the injected {@link Clock}, stored as epoch milliseconds.
 * </ul>
 */
abstract class JdbcJobStore implements JobStore {

    /** The form of the ids this store issues. */
    static final Pattern ID = Pattern.compile("[0-9a-f]{32}");

    private static final String COLUMNS = "id, kind, owner, state, pages_done, pages_total, params_json,"
            + " result_json, error, created_ms, updated_ms, lease_node, lease_until_ms";

    /** A job no node may be running now: waiting, or its holder's lease has expired (bound: now). */
    private static final String CLAIMABLE = "(state = 'QUEUED' OR (state = 'RUNNING' AND lease_until_ms < ?))";

    /** A job this node may change (bound: node). */
    private static final String HELD = "state = 'RUNNING' AND lease_node = ?";

    /** The work of one statement on a connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection c) throws SQLException;
    }

    private final Clock clock;
    private final String node;
    private final Duration lease;
    private final String lockNext;
    private final SecureRandom random = new SecureRandom();

    /**
     * @param lockNext what follows the inner select of a claim: {@code FOR UPDATE SKIP LOCKED} where
     *     the database has it, else empty
     */
    JdbcJobStore(Clock clock, String node, Duration lease, String lockNext) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.node = Objects.requireNonNull(node, "node");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.lockNext = lockNext;
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive: " + lease);
        }
    }

    /** Runs one piece of work on a connection in auto-commit mode. */
    abstract <T> T inConnection(SqlWork<T> work) throws SQLException;

    @Override
    public String node() {
        return node;
    }

    @Override
    public Duration lease() {
        return lease;
    }

    @Override
    public Job create(String kind, String owner, String paramsJson) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(paramsJson, "paramsJson");
        byte[] raw = new byte[16];
        random.nextBytes(raw);
        String id = HexFormat.of().formatHex(raw);
        Instant now = now();
        String sql =
                "INSERT INTO jobs (" + COLUMNS + ") VALUES (?, ?, ?, 'QUEUED', 0, 0, ?, NULL, NULL, ?, ?, NULL, NULL)";
        run("store a new " + kind + " job", c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bind(s, id, kind, owner, paramsJson, now.toEpochMilli(), now.toEpochMilli());
                return s.executeUpdate();
            }
        });
        return new Job(id, kind, owner, State.QUEUED, 0, 0, paramsJson, null, null, now, now, null, null);
    }

    @Override
    public Optional<Job> find(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return run("read job " + id, c -> first(c, "SELECT " + COLUMNS + " FROM jobs WHERE id = ?", id));
    }

    @Override
    public List<Job> unfinished() {
        return run("list the unfinished jobs", c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM jobs WHERE state IN ('QUEUED', 'RUNNING') ORDER BY created_ms, id")) {
                List<Job> jobs = new ArrayList<>();
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        jobs.add(job(rs));
                    }
                }
                return jobs;
            }
        });
    }

    @Override
    public int queued(String kind) {
        return run("count the queued " + kind + " jobs", c -> {
            try (PreparedStatement s =
                    c.prepareStatement("SELECT COUNT(*) FROM jobs WHERE state = 'QUEUED' AND kind = ?")) {
                bind(s, kind);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    @Override
    public Optional<Job> claimNext(String kind) {
        Objects.requireNonNull(kind, "kind");
        long now = clock.millis();
        String sql = "UPDATE jobs SET state = 'RUNNING', pages_done = 0, lease_node = ?, lease_until_ms = ?,"
                + " updated_ms = ? WHERE id = (SELECT id FROM jobs WHERE kind = ? AND " + CLAIMABLE
                + " ORDER BY created_ms, id LIMIT 1 " + lockNext + ") AND " + CLAIMABLE + " RETURNING " + COLUMNS;
        return run("claim a " + kind + " job", c -> first(c, sql, node, now + lease.toMillis(), now, kind, now, now));
    }

    @Override
    public Optional<Job> claim(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        long now = clock.millis();
        String sql = "UPDATE jobs SET state = 'RUNNING', pages_done = 0, lease_node = ?, lease_until_ms = ?,"
                + " updated_ms = ? WHERE id = ? AND " + CLAIMABLE + " RETURNING " + COLUMNS;
        return run("claim job " + id, c -> first(c, sql, node, now + lease.toMillis(), now, id, now));
    }

    @Override
    public boolean renew(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return false;
        }
        long now = clock.millis();
        return run("renew the lease of job " + id, c -> {
            try (PreparedStatement s =
                    c.prepareStatement("UPDATE jobs SET lease_until_ms = ? WHERE id = ? AND " + HELD)) {
                bind(s, now + lease.toMillis(), id, node);
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void release(String id) {
        update(id, "release", "state = 'QUEUED', pages_done = 0, lease_node = NULL, lease_until_ms = NULL", List.of());
    }

    @Override
    public void start(String id, int pagesTotal) {
        requireNonNegative(pagesTotal, "pagesTotal");
        update(
                id,
                "start",
                "state = 'RUNNING', pages_total = ?, pages_done = 0, lease_node = ?, lease_until_ms = ?",
                List.of(pagesTotal, node, leaseEnd()),
                true);
    }

    @Override
    public void progress(String id, int pagesDone, String resultJsonOrNull) {
        requireNonNegative(pagesDone, "pagesDone");
        update(
                id,
                "progress",
                "pages_done = ?, result_json = COALESCE(?, result_json), lease_until_ms = ?",
                Arrays.asList(pagesDone, resultJsonOrNull, leaseEnd()));
    }

    @Override
    public void complete(String id, String resultJson) {
        Objects.requireNonNull(resultJson, "resultJson");
        update(
                id,
                "complete",
                "state = 'DONE', pages_done = pages_total, result_json = ?, error = NULL",
                List.of(resultJson));
    }

    @Override
    public void fail(String id, String error) {
        Objects.requireNonNull(error, "error");
        update(id, "fail", "state = 'FAILED', error = ?", List.of(error), true);
    }

    /** A transition of a job this node holds. */
    private void update(String id, String what, String set, List<Object> setValues) {
        update(id, what, set, setValues, false);
    }

    /**
     * {@code UPDATE jobs SET <set>, updated_ms = now WHERE id = ? AND <held by this node, or also
     * queued>}; when no row changes, tells an unknown id from a job in the wrong state or held by
     * another node.
     */
    private void update(String id, String what, String set, List<Object> setValues, boolean orQueued) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new NoSuchElementException("no job " + id);
        }
        String allowed = orQueued ? "(state = 'QUEUED' OR (" + HELD + "))" : HELD;
        String sql = "UPDATE jobs SET " + set + ", updated_ms = ? WHERE id = ? AND " + allowed;
        List<Object> values = new ArrayList<>(setValues);
        values.addAll(List.of(clock.millis(), id, node));
        int changed = run(what + " job " + id, c -> {
            try (PreparedStatement s = c.prepareStatement(sql)) {
                bind(s, values.toArray());
                return s.executeUpdate();
            }
        });
        if (changed == 1) {
            return;
        }
        Job job = find(id).orElseThrow(() -> new NoSuchElementException("no job " + id));
        boolean elsewhere = job.state() == State.RUNNING && !node.equals(job.leaseNodeOrNull());
        throw new IllegalStateException("cannot " + what + " job " + id + ": it is "
                + (elsewhere ? "held by another node" : job.state().name()));
    }

    private <T> T run(String what, SqlWork<T> work) {
        try {
            return inConnection(work);
        } catch (SQLException e) {
            throw new StoreException("cannot " + what, e);
        }
    }

    private static Optional<Job> first(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, values);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(job(rs)) : Optional.empty();
            }
        }
    }

    private long leaseEnd() {
        return clock.millis() + lease.toMillis();
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    private static void requireNonNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }

    /** Binds strings, ints and longs; a null binds as a null text. */
    static void bind(PreparedStatement s, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v == null) {
                s.setNull(i + 1, Types.VARCHAR);
            } else if (v instanceof Integer n) {
                s.setInt(i + 1, n);
            } else if (v instanceof Long n) {
                s.setLong(i + 1, n);
            } else {
                s.setString(i + 1, (String) v);
            }
        }
    }

    private static Job job(ResultSet rs) throws SQLException {
        long leaseUntil = rs.getLong(13);
        Instant leaseUntilOrNull = rs.wasNull() ? null : Instant.ofEpochMilli(leaseUntil);
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
                Instant.ofEpochMilli(rs.getLong(11)),
                rs.getString(12),
                leaseUntilOrNull);
    }
}
