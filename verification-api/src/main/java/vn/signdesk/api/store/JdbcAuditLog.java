package vn.signdesk.api.store;

import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * The {@link AuditLog} over SQL: tables {@code audit_records} (the chain) and {@code
 * audit_head_timestamps} (RFC 3161 tokens over the chain's head), shared by {@link SqliteAuditLog}
 * and {@link PostgresAuditLog}, which differ in how a batch takes the chain's write lock.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>Group commit: one writer thread ({@code audit-writer}) per log takes what is queued (up to
 *       {@link #MAX_BATCH} records), locks the chain in the database, reads its head (last seq and
 *       hash), links the records to it, inserts them in one transaction, commits (one fsync), and
 *       only then completes their futures. Under load the batches grow by themselves, so throughput
 *       is bounded by the disk's bandwidth rather than by one fsync per request; when idle, a single
 *       record is committed at once (no waiting to fill a batch, no added latency).
 *   <li>The head is read under the database's lock for every batch, so several writers (another
 *       process on the same SQLite file, other nodes on the same PostgreSQL database) append to one
 *       chain without a gap or a fork: their batches interleave, each linking to the real head.
 *   <li>Backpressure: the queue holds at most {@link #QUEUE_CAPACITY} records; beyond that
 *       {@link #append} fails at once instead of growing memory (the edge answers 503).
 *   <li>A batch that fails to commit is rolled back and fails all its futures.
 *   <li>Head timestamps read the head from the database (another node may have moved it) on their
 *       own short-lived connection; a head already timestamped (by any node) is not stamped again.
 *   <li>{@link #verify} reads in one snapshot, so it checks a consistent chain while writers go on;
 *       it streams the records.
 * </ul>
 */
abstract class JdbcAuditLog implements AuditLog {

    /** The most records committed in one transaction. */
    static final int MAX_BATCH = 4096;

    /** The most records waiting for the writer. */
    static final int QUEUE_CAPACITY = 65_536;

    private static final Logger LOG = LoggerFactory.getLogger(JdbcAuditLog.class);

    private static final String INSERT = "INSERT INTO audit_records (seq, at_ms, request_id, role, key_id,"
            + " operation, document_sha256, profile, status, outcome, duration_ms, prev_hash, hash)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** The columns of a record, in the order {@link #record(ResultSet)} reads them. */
    static final String RECORD_COLUMNS = "seq, at_ms, request_id, role, key_id, operation, document_sha256,"
            + " profile, status, outcome, duration_ms, prev_hash, hash";

    private record Pending(AuditEvent event, CompletableFuture<Long> done) {}

    private record Head(long seq, String hash) {}

    /** Begins a read-only transaction on a connection in which every read sees one snapshot. */
    @FunctionalInterface
    interface Snapshot {
        void begin(Connection c) throws SQLException;
    }

    private final Clock clock;
    private final Snapshot snapshot;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicLong transactions = new AtomicLong();
    private final Object timestampLock = new Object();
    private Thread writer;
    private volatile long headSeq;
    private volatile boolean closing;
    private volatile boolean closed;

    JdbcAuditLog(Clock clock, Snapshot snapshot) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.snapshot = Objects.requireNonNull(snapshot, "snapshot");
    }

    /**
     * Begins the transaction of one batch, holding the chain's write lock until {@link #commitBatch}
     * or {@link #rollbackBatch}; the head read after this is the real one.
     */
    abstract Connection beginBatch() throws SQLException;

    /** Commits the batch's transaction (durable when this returns) and releases the lock. */
    abstract void commitBatch(Connection c) throws SQLException;

    /** Rolls the batch's transaction back, if there is one, and releases the lock. */
    abstract void rollbackBatch(Connection c);

    /** A short-lived connection in auto-commit mode, closed by the caller. */
    abstract Connection connect() throws SQLException;

    /** The statement that stores a head timestamp unless that record already has one. */
    abstract String insertTimestampIfAbsent();

    /** Where the trail lives, for messages. */
    abstract String where();

    /** Reads the head and starts the writer thread; subclasses call it last in their constructor. */
    final void startWriter() {
        try (Connection c = connect()) {
            headSeq = readHead(c).seq;
        } catch (SQLException e) {
            throw new StoreException("cannot open the audit trail in " + where(), e);
        }
        writer = new Thread(this::run, "audit-writer");
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
            Head h;
            try (Connection c = connect()) {
                h = readHead(c);
                if (h.seq == 0 || h.seq <= lastTimestampedSeq(c)) {
                    return OptionalLong.empty();
                }
            } catch (SQLException e) {
                throw new StoreException("cannot read the head of the audit trail in " + where(), e);
            }
            byte[] token =
                    tsa.timestamp(HeadTimestamps.SHA256_OID, HexFormat.of().parseHex(h.hash));
            try (Connection c = connect();
                    PreparedStatement s = c.prepareStatement(insertTimestampIfAbsent())) {
                s.setLong(1, h.seq);
                s.setString(2, h.hash);
                s.setBytes(3, token);
                s.setLong(4, clock.millis());
                s.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException("cannot store the timestamp of audit record " + h.seq, e);
            }
            return OptionalLong.of(h.seq);
        }
    }

    @Override
    public ChainCheck verify(Collection<X509Certificate> trustedTsaCertificates) {
        try (Connection c = connect()) {
            return verifyIn(c, snapshot, trustedTsaCertificates);
        } catch (SQLException e) {
            throw new StoreException("cannot read the audit trail in " + where(), e);
        }
    }

    /** The sequence number of the newest record this log wrote or found at its start, 0 when none. */
    public long headSeq() {
        return headSeq;
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
        closeWriter();
    }

    /** Releases what the writer held, once it has stopped. */
    void closeWriter() {}

    /** Checks the chain on {@code c} in one snapshot: see {@link #verify(Collection)}. */
    static ChainCheck verifyIn(Connection c, Snapshot snapshot, Collection<X509Certificate> trusted)
            throws SQLException {
        snapshot.begin(c);
        try {
            return check(c, trusted);
        } finally {
            c.rollback();
        }
    }

    private static ChainCheck check(Connection c, Collection<X509Certificate> trusted) throws SQLException {
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
        try (Statement s = c.createStatement()) {
            // streams the records instead of holding them all (PostgreSQL: a cursor, in a transaction)
            s.setFetchSize(1000);
            try (ResultSet rs = s.executeQuery("SELECT " + RECORD_COLUMNS + " FROM audit_records ORDER BY seq")) {
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
                            return ChainCheck.broken(
                                    records, r.seq(), "record " + r.seq() + ": " + problem, lastStamped);
                        }
                        lastStamped = r.seq();
                    }
                    prevHash = r.hash();
                    expected++;
                }
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
        long first;
        long seq;
        Connection c = null;
        try {
            c = beginBatch();
            Head h = readHead(c);
            first = h.seq;
            seq = h.seq;
            String prev = h.hash;
            try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                for (Pending p : batch) {
                    AuditRecord r = AuditRecord.link(++seq, prev, p.event);
                    bind(insert, r);
                    insert.addBatch();
                    prev = r.hash();
                }
                insert.executeBatch();
            }
            commitBatch(c);
        } catch (SQLException | RuntimeException e) {
            LOG.error("{} audit records could not be written", batch.size(), e);
            if (c != null) {
                rollbackBatch(c);
            }
            StoreException failure = new StoreException("the audit record could not be written", e);
            batch.forEach(p -> p.done.completeExceptionally(failure));
            return;
        }
        headSeq = seq;
        transactions.incrementAndGet();
        long s = first;
        for (Pending p : batch) {
            p.done.complete(++s);
        }
    }

    private static void bind(PreparedStatement s, AuditRecord r) throws SQLException {
        AuditEvent e = r.event();
        JdbcJobStore.bind(
                s,
                r.seq(),
                e.at().toEpochMilli(),
                e.requestId(),
                e.role(),
                e.keyIdOrNull(),
                e.operation(),
                e.documentSha256OrNull(),
                e.profileOrNull(),
                e.status(),
                e.outcome(),
                e.durationMs(),
                r.prevHash(),
                r.hash());
    }

    /** The record of a row of {@code SELECT} {@link #RECORD_COLUMNS}. */
    static AuditRecord record(ResultSet rs) throws SQLException {
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

    private static long lastTimestampedSeq(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM audit_head_timestamps")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
