package vn.signdesk.api.store;

import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.signing.Timestamper;

/**
 * The {@link AuditLog} in the embedded SQLite {@link Database}: tables {@code audit_records} (the
 * chain) and {@code audit_head_timestamps} (RFC 3161 tokens over the chain's head).
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>Durability: SQLite in WAL mode with {@code synchronous=FULL} (see {@link Database}), so a
 *       committed record is fsync'ed and survives {@code kill -9} and power loss; a future of
 *       {@link #append} completes only after the commit that holds its record.
 *   <li>Group commit: one writer thread ({@code audit-writer}) owns the chain. It takes what is
 *       queued (up to {@link #MAX_BATCH} records), links the records, inserts them in one
 *       transaction, commits (one fsync), and only then completes their futures. Under load the
 *       batches grow by themselves, so throughput is bounded by the disk's bandwidth rather than
 *       by one fsync per request; when idle, a single record is committed at once (no waiting to
 *       fill a batch, no added latency).
 *   <li>A single writer also makes the chain trivially consistent: sequence numbers and
 *       {@code prevHash} come from the in-memory head, read from the database at start.
 *   <li>Backpressure: the queue holds at most {@link #QUEUE_CAPACITY} records; beyond that
 *       {@link #append} fails at once instead of growing memory (the edge answers 503).
 *   <li>A batch that fails to commit fails all its futures and the head is read back from the
 *       database, so the next batch links to what is really stored.
 *   <li>Head timestamps use their own short-lived connection; SQLite serialises the two writers
 *       (busy timeout in {@link Database}).
 *   <li>{@link #verify(Database, Collection)} reads in one transaction, i.e. one WAL snapshot, so
 *       it checks a consistent chain while the writer goes on; it streams the records.
 * </ul>
 */
public final class SqliteAuditLog implements AuditLog {

    /** The most records committed in one transaction. */
    static final int MAX_BATCH = 4096;

    /** The most records waiting for the writer. */
    static final int QUEUE_CAPACITY = 65_536;

    private static final Logger LOG = LoggerFactory.getLogger(SqliteAuditLog.class);

    private static final String INSERT = "INSERT INTO audit_records (seq, at_ms, request_id, role, key_id,"
            + " operation, document_sha256, profile, status, outcome, duration_ms, prev_hash, hash)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private record Pending(AuditEvent event, CompletableFuture<Long> done) {}

    private record Head(long seq, String hash) {}

    private final Database db;
    private final Clock clock;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Connection connection;
    private final PreparedStatement insert;
    private final Thread writer;
    private final AtomicLong transactions = new AtomicLong();
    private final Object timestampLock = new Object();
    private volatile Head head;
    private volatile boolean closing;
    private volatile boolean closed;
    private long lastTimestampedSeq;

    /**
     * Opens the audit trail of the database and starts its writer thread.
     *
     * @throws StoreException when the database cannot be read
     */
    public SqliteAuditLog(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            this.connection = db.connect();
            this.connection.setAutoCommit(false);
            this.insert = connection.prepareStatement(INSERT);
            this.head = readHead(connection);
            this.lastTimestampedSeq = readLastTimestampedSeq(connection);
            connection.commit();
        } catch (SQLException e) {
            throw new StoreException("cannot open the audit trail in " + db.file(), e);
        }
        this.writer = new Thread(this::run, "audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public CompletableFuture<Long> append(AuditEvent event) {
        Objects.requireNonNull(event, "event");
        Pending p = new Pending(event, new CompletableFuture<>());
        if (closing) {
            p.done.completeExceptionally(new StoreException("the audit trail is closed"));
        } else if (!queue.offer(p)) {
            p.done.completeExceptionally(new StoreException("the audit trail is overloaded"));
        } else if (closed && queue.remove(p)) {
            // closed between the check and the offer, after the writer's last look at the queue
            p.done.completeExceptionally(new StoreException("the audit trail is closed"));
        }
        return p.done;
    }

    @Override
    public OptionalLong timestampHead(Timestamper tsa) {
        synchronized (timestampLock) {
            Head h = head;
            if (h.seq == 0 || h.seq <= lastTimestampedSeq) {
                return OptionalLong.empty();
            }
            byte[] token =
                    tsa.timestamp(HeadTimestamps.SHA256_OID, HexFormat.of().parseHex(h.hash));
            try (Connection c = db.connect();
                    PreparedStatement s = c.prepareStatement(
                            "INSERT INTO audit_head_timestamps (seq, head_hash, token, created_ms) VALUES (?, ?, ?, ?)")) {
                s.setLong(1, h.seq);
                s.setString(2, h.hash);
                s.setBytes(3, token);
                s.setLong(4, clock.millis());
                s.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException("cannot store the timestamp of audit record " + h.seq, e);
            }
            lastTimestampedSeq = h.seq;
            return OptionalLong.of(h.seq);
        }
    }

    @Override
    public ChainCheck verify(Collection<X509Certificate> trustedTsaCertificates) {
        return verify(db, trustedTsaCertificates);
    }

    /** The sequence number of the newest durable record, 0 when there is none. */
    public long headSeq() {
        return head.seq;
    }

    /** How many transactions the writer has committed: far fewer than records under load. */
    public long transactions() {
        return transactions.get();
    }

    /** Writes every record queued so far, then stops the writer; later appends fail. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.error("the audit writer did not stop within 30 s; records still queued are not written");
            return;
        }
        try {
            insert.close();
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the audit trail: {}", e.getMessage());
        }
    }

    /**
     * Checks the audit chain of a database without opening it for writing ({@code signdesk audit
     * verify}): every record's hash and link, and every head timestamp token.
     */
    public static ChainCheck verify(Database db, Collection<X509Certificate> trustedTsaCertificates) {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                return verify(c, trustedTsaCertificates);
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit trail in " + db.file(), e);
        }
    }

    private static ChainCheck verify(Connection c, Collection<X509Certificate> trusted) throws SQLException {
        record Stamp(String headHash, byte[] token) {}
        NavigableMap<Long, Stamp> stamps = new TreeMap<>();
        long records;
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT seq, head_hash, token FROM audit_head_timestamps")) {
                while (rs.next()) {
                    stamps.put(rs.getLong(1), new Stamp(rs.getString(2), rs.getBytes(3)));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM audit_records")) {
                rs.next();
                records = rs.getLong(1);
            }
        }
        Long lastStamped = null;
        long expected = 1;
        String prevHash = AuditRecord.GENESIS;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT seq, at_ms, request_id, role, key_id, operation, document_sha256, profile,"
                                + " status, outcome, duration_ms, prev_hash, hash FROM audit_records ORDER BY seq")) {
            while (rs.next()) {
                AuditRecord r = record(rs);
                if (r.seq() != expected) {
                    return ChainCheck.broken(
                            records,
                            expected,
                            "record " + expected + " is missing: the chain goes on at record " + r.seq(),
                            lastStamped);
                }
                if (!r.prevHash().equals(prevHash)) {
                    return ChainCheck.broken(
                            records,
                            r.seq(),
                            "record " + r.seq() + " does not link to record " + (r.seq() - 1)
                                    + ": its previous hash is not that record's hash",
                            lastStamped);
                }
                if (!r.hashHolds()) {
                    return ChainCheck.broken(
                            records,
                            r.seq(),
                            "record " + r.seq() + " does not match its hash: it was changed after it was written",
                            lastStamped);
                }
                Stamp stamp = stamps.get(r.seq());
                if (stamp != null) {
                    String problem = stamp.headHash().equals(r.hash())
                            ? HeadTimestamps.problemOrNull(stamp.token(), r.hash(), trusted)
                            : "its head timestamp was issued for another hash";
                    if (problem != null) {
                        return ChainCheck.broken(records, r.seq(), "record " + r.seq() + ": " + problem, lastStamped);
                    }
                    lastStamped = r.seq();
                }
                prevHash = r.hash();
                expected++;
            }
        }
        Map.Entry<Long, Stamp> beyond = stamps.ceilingEntry(expected);
        if (beyond != null) {
            return ChainCheck.broken(
                    records,
                    expected,
                    "record " + beyond.getKey() + " was timestamped but is missing: the chain was cut after record "
                            + (expected - 1),
                    lastStamped);
        }
        return ChainCheck.intact(records, lastStamped);
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (true) {
            Pending first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = null;
            }
            if (first == null) {
                if (closing) {
                    break;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            write(batch);
            batch.clear();
        }
        closed = true;
        for (Pending p; (p = queue.poll()) != null; ) {
            p.done.completeExceptionally(new StoreException("the audit trail is closed"));
        }
    }

    /** Links and commits one batch, then completes its futures; on failure fails them all. */
    private void write(List<Pending> batch) {
        Head h = head;
        long seq = h.seq;
        String prev = h.hash;
        try {
            for (Pending p : batch) {
                AuditRecord r = AuditRecord.link(++seq, prev, p.event);
                bind(insert, r);
                insert.addBatch();
                prev = r.hash();
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            LOG.error("{} audit records could not be written", batch.size(), e);
            try {
                insert.clearBatch();
                connection.rollback();
                head = readHead(connection);
                connection.commit();
            } catch (SQLException again) {
                LOG.error("the audit trail cannot be read back after a failed write: {}", again.getMessage());
            }
            StoreException failure = new StoreException("the audit record could not be written", e);
            batch.forEach(p -> p.done.completeExceptionally(failure));
            return;
        }
        head = new Head(seq, prev);
        transactions.incrementAndGet();
        long s = h.seq;
        for (Pending p : batch) {
            p.done.complete(++s);
        }
    }

    private static void bind(PreparedStatement s, AuditRecord r) throws SQLException {
        AuditEvent e = r.event();
        s.setLong(1, r.seq());
        s.setLong(2, e.at().toEpochMilli());
        s.setString(3, e.requestId());
        s.setString(4, e.role());
        setNullable(s, 5, e.keyIdOrNull());
        s.setString(6, e.operation());
        setNullable(s, 7, e.documentSha256OrNull());
        setNullable(s, 8, e.profileOrNull());
        s.setInt(9, e.status());
        s.setString(10, e.outcome());
        s.setLong(11, e.durationMs());
        s.setString(12, r.prevHash());
        s.setString(13, r.hash());
    }

    private static void setNullable(PreparedStatement s, int index, String valueOrNull) throws SQLException {
        if (valueOrNull == null) {
            s.setNull(index, Types.VARCHAR);
        } else {
            s.setString(index, valueOrNull);
        }
    }

    private static AuditRecord record(ResultSet rs) throws SQLException {
        AuditEvent e = new AuditEvent(
                Instant.ofEpochMilli(rs.getLong(2)),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getInt(9),
                rs.getString(10),
                rs.getLong(11));
        return new AuditRecord(rs.getLong(1), rs.getString(12), rs.getString(13), e);
    }

    private static Head readHead(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1")) {
            return rs.next() ? new Head(rs.getLong(1), rs.getString(2)) : new Head(0, AuditRecord.GENESIS);
        }
    }

    private static long readLastTimestampedSeq(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM audit_head_timestamps")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
