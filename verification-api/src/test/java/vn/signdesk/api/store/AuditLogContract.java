package vn.signdesk.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.signing.tsa.EmbeddedTimestampAuthority;

/**
 * The contract of every {@link AuditLog}, run on each implementation by a subclass that says how to
 * open a log on a fresh database and reach its tables: group commit, several writers on one chain,
 * the chain, tampering, head timestamps.
 */
abstract class AuditLogContract {

    private static EmbeddedTimestampAuthority tsa;
    private static EmbeddedTimestampAuthority otherTsa;

    JdbcAuditLog audit;

    /** Prepares a fresh, empty database for one test. */
    abstract void createDatabase() throws Exception;

    /** Opens a log (a writer, as one node has) on the test's database. */
    abstract JdbcAuditLog openLog();

    /** Closes what {@link #openLog()} opened besides the logs. */
    abstract void closeDatabase();

    /** Checks the chain the way {@code signdesk audit verify} does: without a writer. */
    abstract ChainCheck verifyWithoutWriter(List<X509Certificate> trusted);

    /** A plain JDBC connection to the test's database, for looking under the log. */
    abstract Connection plainJdbc() throws Exception;

    @BeforeAll
    static void authorities() {
        tsa = authority(DemoPki.createInMemory(URI.create("http://127.0.0.1:1"), Clock.systemUTC()));
        otherTsa = authority(DemoPki.createInMemory(URI.create("http://127.0.0.1:1"), Clock.systemUTC()));
    }

    private static EmbeddedTimestampAuthority authority(DemoPki pki) {
        return new EmbeddedTimestampAuthority(
                pki.tsa().privateKey(),
                pki.tsa().chain(),
                "1.3.6.1.4.1.55555.1.1",
                Duration.ofSeconds(1),
                Clock.systemUTC());
    }

    @BeforeEach
    void open() throws Exception {
        createDatabase();
        audit = openLog();
    }

    @AfterEach
    void close() {
        audit.close();
        closeDatabase();
    }

    @Test
    void append_manyClientsEachWaitingForItsRecord_allDurableInGroupsAndTheChainHolds() throws Exception {
        // like requests: each client sends its next record only when its last one is durable
        long total = 0;
        // one client alone pays one fsync per record: the baseline group commit is measured against
        total += clientsAppending(1, 200);
        for (int clients : new int[] {32, 256}) {
            total += clientsAppending(clients, 15_360 / clients);
        }
        assertThat(count("SELECT COUNT(*) FROM audit_records")).isEqualTo(total);
        ChainCheck check = audit.verify(List.of());
        assertThat(check.intact()).as(String.valueOf(check.reasonOrNull())).isTrue();
        assertThat(check.records()).isEqualTo(total);
    }

    /** Runs the clients, checks every record got its own sequence number in shared transactions. */
    private long clientsAppending(int clients, int perClient) throws Exception {
        int total = clients * perClient;
        long firstSeq = audit.headSeq() + 1;
        long transactionsBefore = audit.transactions();
        List<Long> seqs = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> done = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (int i = 0; i < perClient; i++) {
                String id = "r-" + clients + "-" + c + "-" + i;
                chain = chain.thenCompose(ignored -> audit.append(event(id, 200, "ok")))
                        .thenAccept(seqs::add);
            }
            done.add(chain);
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        long transactions = audit.transactions() - transactionsBefore;
        System.out.printf(
                "audit group commit: %d clients, %d records in %.2f s = %.0f records/s, %d transactions"
                        + " (%.1f records each)%n",
                clients, total, seconds, total / seconds, transactions, (double) total / transactions);

        assertThat(new HashSet<>(seqs)).hasSize(total).allMatch(s -> s >= firstSeq && s < firstSeq + total);
        if (clients > 1) {
            assertThat(transactions).as("records share transactions").isLessThan(total / 2);
        }
        return total;
    }

    @Test
    void append_twoNodesAtOnce_bothLinkToTheRealHead() throws Exception {
        // a second node on the same database: each batch links under the database's lock
        Set<Long> seqs = ConcurrentHashMap.newKeySet();
        try (JdbcAuditLog second = openLog()) {
            List<CompletableFuture<Void>> clients = new ArrayList<>();
            for (int c = 0; c < 64; c++) {
                JdbcAuditLog node = c % 2 == 0 ? audit : second;
                CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
                for (int i = 0; i < 40; i++) {
                    String id = "w-" + c + "-" + i;
                    chain = chain.thenCompose(ignored -> node.append(event(id, 200, "ok")))
                            .thenAccept(seqs::add);
                }
                clients.add(chain);
            }
            CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
            assertThat(second.transactions())
                    .as("the second node wrote batches too")
                    .isPositive();
        }

        assertThat(seqs).hasSize(2560).allMatch(s -> s >= 1 && s <= 2560);
        ChainCheck check = verifyWithoutWriter(List.of());
        assertThat(check.intact()).as(String.valueOf(check.reasonOrNull())).isTrue();
        assertThat(check.records()).isEqualTo(2560);
    }

    @Test
    void verify_afterTwoNodesAppended_findsATamperedRow() throws Exception {
        try (JdbcAuditLog second = openLog()) {
            for (int i = 0; i < 10; i++) {
                (i % 2 == 0 ? audit : second).append(event("t-" + i, 200, "ok")).get(30, TimeUnit.SECONDS);
            }
        }

        sql("UPDATE audit_records SET role = 'admin' WHERE seq = 7");

        ChainCheck check = verifyWithoutWriter(List.of());
        assertThat(check.intact()).isFalse();
        assertThat(check.firstBrokenSeqOrNull()).isEqualTo(7L);
    }

    @Test
    void append_afterReopen_continuesTheChain() throws Exception {
        audit.append(event("a", 200, "ok")).get(30, TimeUnit.SECONDS);
        audit.append(event("b", 403, "forbidden")).get(30, TimeUnit.SECONDS);
        audit.close();

        audit = openLog();
        long seq = audit.append(event("c", 200, "ok")).get(30, TimeUnit.SECONDS);

        assertThat(seq).isEqualTo(3);
        assertThat(audit.verify(List.of())).isEqualTo(new ChainCheck(true, 3, null, null, null));
    }

    @Test
    void append_afterClose_failsWithoutBlocking() {
        audit.close();

        CompletableFuture<Long> f = audit.append(event("late", 200, "ok"));

        assertThat(f).isCompletedExceptionally();
        assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(StoreException.class);
    }

    @Test
    void verify_recordEditedWithPlainJdbc_namesItAsTheFirstBrokenLink() throws Exception {
        appendAll(10);

        sql("UPDATE audit_records SET outcome = 'ok', status = 200 WHERE seq = 4");

        ChainCheck check = verifyWithoutWriter(List.of());
        assertThat(check.intact()).isFalse();
        assertThat(check.firstBrokenSeqOrNull()).isEqualTo(4L);
        assertThat(check.reasonOrNull()).contains("record 4").contains("changed");
        assertThat(check.records()).isEqualTo(10);
    }

    @Test
    void verify_recordEditedAndRehashed_namesTheNextLink() throws Exception {
        appendAll(10);
        AuditRecord fourth = readRecord(4);
        AuditEvent forged = new AuditEvent(
                fourth.event().at(),
                fourth.event().requestId(),
                "admin",
                fourth.event().keyIdOrNull(),
                fourth.event().operation(),
                fourth.event().documentSha256OrNull(),
                fourth.event().profileOrNull(),
                fourth.event().status(),
                fourth.event().outcome(),
                fourth.event().durationMs());
        String rehashed = AuditRecord.hashOf(4, fourth.prevHash(), forged);

        sql("UPDATE audit_records SET role = 'admin', hash = '" + rehashed + "' WHERE seq = 4");

        ChainCheck check = audit.verify(List.of());
        assertThat(check.firstBrokenSeqOrNull()).isEqualTo(5L);
        assertThat(check.reasonOrNull()).contains("does not link to record 4");
    }

    @Test
    void verify_recordDeleted_namesTheMissingOne() throws Exception {
        appendAll(6);

        sql("DELETE FROM audit_records WHERE seq = 3");

        ChainCheck check = audit.verify(List.of());
        assertThat(check.firstBrokenSeqOrNull()).isEqualTo(3L);
        assertThat(check.reasonOrNull()).contains("missing");
    }

    @Test
    void timestampHead_tokensVerifyAgainstTheTrustedTsa() throws Exception {
        appendAll(3);
        assertThat(audit.timestampHead(tsa)).hasValue(3);
        assertThat(audit.timestampHead(tsa)).as("nothing new").isEmpty();
        appendAll(2);
        assertThat(audit.timestampHead(tsa)).hasValue(5);
        appendAll(1);

        ChainCheck check = audit.verify(List.of(tsa.certificate()));

        assertThat(check).isEqualTo(new ChainCheck(true, 6, null, null, 5L));
        assertThat(count("SELECT COUNT(*) FROM audit_head_timestamps")).isEqualTo(2);
    }

    @Test
    void verify_headTimestampByAnotherTsa_isBrokenWhenTheTsaIsPinned() throws Exception {
        appendAll(3);
        audit.timestampHead(otherTsa);

        assertThat(audit.verify(List.of()).intact()).as("integrity alone holds").isTrue();
        ChainCheck pinned = audit.verify(List.of(tsa.certificate()));
        assertThat(pinned.intact()).isFalse();
        assertThat(pinned.firstBrokenSeqOrNull()).isEqualTo(3L);
        assertThat(pinned.reasonOrNull()).contains("not trusted");
    }

    @Test
    void verify_chainRewrittenBelowATimestamp_isBrokenThere() throws Exception {
        appendAll(4);
        audit.timestampHead(tsa);
        audit.close();
        // rewrite the whole chain consistently, as someone with write access to the file could
        List<AuditRecord> rewritten = new ArrayList<>();
        String prev = AuditRecord.GENESIS;
        for (long seq = 1; seq <= 4; seq++) {
            AuditRecord r = readRecord(seq);
            AuditEvent e = new AuditEvent(
                    r.event().at(),
                    r.event().requestId(),
                    r.event().role(),
                    r.event().keyIdOrNull(),
                    r.event().operation(),
                    null,
                    r.event().profileOrNull(),
                    r.event().status(),
                    r.event().outcome(),
                    r.event().durationMs());
            AuditRecord forged = AuditRecord.link(seq, prev, e);
            rewritten.add(forged);
            prev = forged.hash();
        }
        for (AuditRecord r : rewritten) {
            sql("UPDATE audit_records SET document_sha256 = NULL, prev_hash = '" + r.prevHash() + "', hash = '"
                    + r.hash() + "' WHERE seq = " + r.seq());
        }
        audit = openLog();

        ChainCheck check = audit.verify(List.of(tsa.certificate()));

        assertThat(check.firstBrokenSeqOrNull()).isEqualTo(4L);
        assertThat(check.reasonOrNull()).contains("another hash");
    }

    @Test
    void verify_tailCutAfterATimestamp_isBroken() throws Exception {
        appendAll(5);
        audit.timestampHead(tsa);

        sql("DELETE FROM audit_records WHERE seq >= 4");

        ChainCheck check = audit.verify(List.of(tsa.certificate()));
        assertThat(check.firstBrokenSeqOrNull()).isEqualTo(4L);
        assertThat(check.reasonOrNull()).contains("record 5 was timestamped but is missing");
    }

    private void appendAll(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            audit.append(event("req-" + i, i % 3 == 0 ? 403 : 200, i % 3 == 0 ? "forbidden" : "ok"))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static AuditEvent event(String requestId, int status, String outcome) {
        return new AuditEvent(
                Instant.now(),
                requestId,
                "department",
                "0123456789ab",
                "POST /v1/sign",
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "department-seal",
                status,
                outcome,
                12);
    }

    private void sql(String update) throws Exception {
        try (Connection c = plainJdbc();
                Statement s = c.createStatement()) {
            s.executeUpdate(update);
        }
    }

    private long count(String query) throws Exception {
        try (Connection c = plainJdbc();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private AuditRecord readRecord(long seq) throws Exception {
        try (Connection c = plainJdbc();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT " + JdbcAuditLog.RECORD_COLUMNS + " FROM audit_records WHERE seq = " + seq)) {
            rs.next();
            return JdbcAuditLog.record(rs);
        }
    }
}
