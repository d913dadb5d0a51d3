package vn.signdesk.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.signdesk.api.store.JobStore.Job;
import vn.signdesk.api.store.JobStore.State;

/**
 * The contract of every {@link JobStore}, run on each implementation by a subclass that says how to
 * open a node's store on a fresh database: lifecycle, ordering, durability across a reopen, leases
 * and claims by several nodes sharing one database.
 */
abstract class JobStoreContract {

    static final Duration LEASE = Duration.ofSeconds(30);

    final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T08:00:00Z"));
    private final List<AutoCloseable> opened = new ArrayList<>();
    JobStore jobs;

    /** Prepares a fresh, empty database for one test. */
    abstract void createDatabase() throws Exception;

    /**
     * Opens the store of one node on the test's database; {@code close} closes what it opened.
     *
     * @return the store, and what to close after the test
     */
    abstract Opened openNode(String node, Clock clock);

    /** A node's store and what closes it. */
    record Opened(JobStore store, AutoCloseable closer) {}

    @BeforeEach
    void open() throws Exception {
        createDatabase();
        jobs = node("node-a");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        opened.clear();
    }

    JobStore node(String node) {
        Opened o = openNode(node, clock);
        opened.add(o.closer());
        return o.store();
    }

    /** Closes every store opened so far and opens the first node again, as after a restart. */
    void reopen() throws Exception {
        closeAll();
        jobs = node("node-a");
    }

    @Test
    void create_thenFind_isQueuedWithWhatWasGiven() {
        Job created = jobs.create("ocr", "branch", "{\"lang\":\"vie+eng\"}");

        Job found = jobs.find(created.id()).orElseThrow();
        assertThat(found).isEqualTo(created);
        assertThat(found.state()).isEqualTo(State.QUEUED);
        assertThat(found.kind()).isEqualTo("ocr");
        assertThat(found.owner()).isEqualTo("branch");
        assertThat(found.paramsJson()).isEqualTo("{\"lang\":\"vie+eng\"}");
        assertThat(found.resultJsonOrNull()).isNull();
        assertThat(found.errorOrNull()).isNull();
        assertThat(found.created()).isEqualTo(clock.instant()).isEqualTo(found.updated());
    }

    @Test
    void create_manyJobs_idsAre128BitHexAndDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ids.add(jobs.create("ocr", "branch", "{}").id());
        }
        assertThat(ids).hasSize(200).allMatch(id -> id.matches("[0-9a-f]{32}"));
    }

    @Test
    void create_thenReopenTheDatabase_jobIsStillThere() throws Exception {
        Job created = jobs.create("ocr", "resident", "{}");

        reopen();

        assertThat(jobs.find(created.id())).contains(created);
    }

    @Test
    void lifecycle_startProgressComplete_recordsEachStep() {
        Job job = jobs.create("ocr", "branch", "{}");

        clock.advance(Duration.ofSeconds(1));
        jobs.start(job.id(), 3);
        assertThat(jobs.find(job.id()).orElseThrow())
                .extracting(Job::state, Job::pagesDone, Job::pagesTotal)
                .containsExactly(State.RUNNING, 0, 3);

        clock.advance(Duration.ofSeconds(1));
        jobs.progress(job.id(), 1, "{\"pages\":[\"one\"]}");
        jobs.progress(job.id(), 2, null);
        Job running = jobs.find(job.id()).orElseThrow();
        assertThat(running.pagesDone()).isEqualTo(2);
        assertThat(running.resultJsonOrNull())
                .as("a null keeps the partial result")
                .isEqualTo("{\"pages\":[\"one\"]}");
        assertThat(running.updated()).isEqualTo(clock.instant());

        clock.advance(Duration.ofSeconds(1));
        jobs.complete(job.id(), "{\"text\":\"done\"}");
        Job done = jobs.find(job.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(State.DONE);
        assertThat(done.pagesDone()).isEqualTo(3);
        assertThat(done.resultJsonOrNull()).isEqualTo("{\"text\":\"done\"}");
        assertThat(done.created()).isEqualTo(job.created());
        assertThat(done.updated()).isEqualTo(clock.instant());
    }

    @Test
    void fail_queuedOrRunning_isFailedWithTheReason() {
        Job queued = jobs.create("ocr", "branch", "{}");
        Job running = jobs.create("ocr", "branch", "{}");
        jobs.start(running.id(), 1);

        jobs.fail(queued.id(), "the scan is not an image");
        jobs.fail(running.id(), "Tesseract stopped");

        assertThat(jobs.find(queued.id()).orElseThrow())
                .extracting(Job::state, Job::errorOrNull)
                .containsExactly(State.FAILED, "the scan is not an image");
        assertThat(jobs.find(running.id()).orElseThrow().state()).isEqualTo(State.FAILED);
    }

    @Test
    void transitions_fromAFinishedJob_areRefused() {
        Job job = jobs.create("ocr", "branch", "{}");
        jobs.start(job.id(), 1);
        jobs.complete(job.id(), "{}");

        assertThatThrownBy(() -> jobs.start(job.id(), 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DONE");
        assertThatThrownBy(() -> jobs.fail(job.id(), "late")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> jobs.complete(job.id(), "{}")).isInstanceOf(IllegalStateException.class);
        assertThat(jobs.find(job.id()).orElseThrow().state()).isEqualTo(State.DONE);
    }

    @Test
    void progressOrComplete_ofAQueuedJob_areRefused() {
        Job job = jobs.create("ocr", "branch", "{}");

        assertThatThrownBy(() -> jobs.progress(job.id(), 1, null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> jobs.complete(job.id(), "{}")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void transitions_ofAnUnknownId_throwNoSuchElement() {
        String unknown = "0123456789abcdef0123456789abcdef";

        assertThatThrownBy(() -> jobs.start(unknown, 1)).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> jobs.fail("../../etc", "x")).isInstanceOf(NoSuchElementException.class);
        assertThat(jobs.find(unknown)).isEmpty();
        assertThat(jobs.find("' OR 1=1 --")).isEmpty();
        assertThat(jobs.find(null)).isEmpty();
    }

    @Test
    void unfinished_afterRestart_listsQueuedAndRunningOldestFirst() throws Exception {
        Job first = jobs.create("ocr", "branch", "{}");
        clock.advance(Duration.ofSeconds(1));
        Job finished = jobs.create("ocr", "branch", "{}");
        clock.advance(Duration.ofSeconds(1));
        Job second = jobs.create("ocr", "branch", "{}");
        clock.advance(Duration.ofSeconds(1));
        Job failed = jobs.create("ocr", "branch", "{}");
        Job third = jobs.create("ocr", "branch", "{}");
        jobs.start(second.id(), 2);
        jobs.start(finished.id(), 1);
        jobs.complete(finished.id(), "{}");
        jobs.fail(failed.id(), "no");

        reopen();

        List<Job> unfinished = jobs.unfinished();
        assertThat(unfinished).extracting(Job::id).containsExactly(first.id(), second.id(), third.id());
        assertThat(unfinished.get(1).state()).isEqualTo(State.RUNNING);
    }

    @Test
    void start_aRunningJobAgain_resumesFromPageZero() {
        Job job = jobs.create("ocr", "branch", "{}");
        jobs.start(job.id(), 4);
        jobs.progress(job.id(), 2, null);

        jobs.start(job.id(), 4);

        assertThat(jobs.find(job.id()).orElseThrow().pagesDone()).isZero();
    }

    @Test
    void open_secondNodeOnTheSameDatabase_seesTheSameJobs() {
        Job created = jobs.create("ocr", "branch", "{}");

        assertThat(node("node-b").find(created.id())).contains(created);
    }

    @Test
    void queued_countsTheWaitingJobsOfOneKind() {
        jobs.create("ocr", "branch", "{}");
        Job running = jobs.create("ocr", "branch", "{}");
        jobs.create("batch", "department", "{}");
        jobs.start(running.id(), 1);

        assertThat(jobs.queued("ocr")).isEqualTo(1);
        assertThat(jobs.queued("batch")).isEqualTo(1);
        assertThat(jobs.queued("other")).isZero();
    }

    @Test
    void claimNext_queuedJobs_oldestOfTheKindFirstHeldByThisNode() {
        Job first = jobs.create("ocr", "branch", "{}");
        clock.advance(Duration.ofSeconds(1));
        jobs.create("batch", "department", "{}");
        Job second = jobs.create("ocr", "branch", "{}");

        Job claimed = jobs.claimNext("ocr").orElseThrow();

        assertThat(claimed.id()).isEqualTo(first.id());
        assertThat(claimed.state()).isEqualTo(State.RUNNING);
        assertThat(claimed.leaseNodeOrNull()).isEqualTo("node-a");
        assertThat(claimed.leaseUntilOrNull()).isEqualTo(clock.instant().plus(LEASE));
        assertThat(jobs.find(first.id())).contains(claimed);
        assertThat(jobs.claimNext("ocr").orElseThrow().id()).isEqualTo(second.id());
        assertThat(jobs.claimNext("ocr")).as("nothing left to claim").isEmpty();
    }

    @Test
    void claimNext_jobUnderARunningLease_isNotTakenByAnotherNode() {
        JobStore b = node("node-b");
        Job job = jobs.create("ocr", "branch", "{}");
        jobs.claimNext("ocr").orElseThrow();

        clock.advance(LEASE.minusSeconds(1));

        assertThat(b.claimNext("ocr")).isEmpty();
        assertThat(b.claim(job.id())).isEmpty();
        assertThatThrownBy(() -> b.complete(job.id(), "{}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("held by another node");
        assertThatThrownBy(() -> b.fail(job.id(), "no")).isInstanceOf(IllegalStateException.class);
        assertThat(b.renew(job.id())).isFalse();
    }

    @Test
    void claimNext_leaseExpired_anotherNodeTakesOverAndTheOldHolderIsRefused() {
        JobStore b = node("node-b");
        Job job = jobs.create("ocr", "branch", "{}");
        jobs.claimNext("ocr").orElseThrow();
        jobs.start(job.id(), 3);
        jobs.progress(job.id(), 2, "{\"pages\":[1,2]}");

        // node A stops renewing (it died or hangs): its lease runs out
        clock.advance(LEASE.plusSeconds(1));
        Job taken = b.claimNext("ocr").orElseThrow();

        assertThat(taken.id()).isEqualTo(job.id());
        assertThat(taken.leaseNodeOrNull()).isEqualTo("node-b");
        assertThat(taken.pagesDone()).as("a job taken over runs from the start").isZero();
        assertThat(jobs.renew(job.id())).as("A learns it lost the job").isFalse();
        assertThatThrownBy(() -> jobs.progress(job.id(), 3, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("held by another node");
        assertThatThrownBy(() -> jobs.complete(job.id(), "{\"by\":\"a\"}")).isInstanceOf(IllegalStateException.class);

        b.complete(job.id(), "{\"by\":\"b\"}");

        Job done = jobs.find(job.id()).orElseThrow();
        assertThat(done.state()).isEqualTo(State.DONE);
        assertThat(done.resultJsonOrNull()).isEqualTo("{\"by\":\"b\"}");
        assertThatThrownBy(() -> jobs.complete(job.id(), "{}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DONE");
    }

    @Test
    void renew_beforeExpiry_keepsTheJobFromOtherNodes() {
        JobStore b = node("node-b");
        Job job = jobs.create("ocr", "branch", "{}");
        jobs.claimNext("ocr").orElseThrow();

        for (int i = 0; i < 4; i++) {
            clock.advance(LEASE.dividedBy(2));
            assertThat(jobs.renew(job.id())).isTrue();
            assertThat(b.claimNext("ocr")).isEmpty();
        }
        assertThat(jobs.find(job.id()).orElseThrow().leaseUntilOrNull())
                .isEqualTo(clock.instant().plus(LEASE));
    }

    @Test
    void progress_renewsTheLease() {
        JobStore b = node("node-b");
        Job job = jobs.create("ocr", "branch", "{}");
        jobs.start(job.id(), 5);

        clock.advance(LEASE.minusSeconds(1));
        jobs.progress(job.id(), 1, null);
        clock.advance(LEASE.minusSeconds(1));

        assertThat(b.claimNext("ocr")).isEmpty();
    }

    @Test
    void release_heldJob_isQueuedAgainForAnyNode() {
        JobStore b = node("node-b");
        Job job = jobs.create("ocr", "branch", "{}");
        jobs.claimNext("ocr").orElseThrow();

        jobs.release(job.id());

        assertThat(jobs.find(job.id()).orElseThrow())
                .extracting(Job::state, Job::leaseNodeOrNull)
                .containsExactly(State.QUEUED, null);
        assertThat(b.claimNext("ocr").orElseThrow().id()).isEqualTo(job.id());
        assertThatThrownBy(() -> jobs.release(job.id())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void claim_byId_takesAQueuedOrExpiredJobOnly() {
        JobStore b = node("node-b");
        Job job = jobs.create("ocr", "branch", "{}");

        assertThat(jobs.claim(job.id()).orElseThrow().leaseNodeOrNull()).isEqualTo("node-a");
        assertThat(b.claim(job.id())).as("held under a running lease").isEmpty();
        clock.advance(LEASE.plusMillis(1));
        assertThat(b.claim(job.id()).orElseThrow().leaseNodeOrNull()).isEqualTo("node-b");
        b.complete(job.id(), "{}");
        clock.advance(LEASE.plusMillis(1));
        assertThat(jobs.claim(job.id())).as("finished").isEmpty();
        assertThat(jobs.claim("0123456789abcdef0123456789abcdef")).isEmpty();
        assertThat(jobs.claim("' OR 1=1 --")).isEmpty();
    }

    @Test
    void claimNext_manyNodesAtOnce_eachJobClaimedAndCompletedExactlyOnce() throws Exception {
        int nodes = 4;
        int threadsPerNode = 3;
        int total = 120;
        Set<String> created = new HashSet<>();
        for (int i = 0; i < total; i++) {
            created.add(jobs.create("ocr", "branch", "{}").id());
        }
        List<JobStore> stores = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            stores.add(node("node-" + n));
        }
        ConcurrentHashMap<String, String> claimedBy = new ConcurrentHashMap<>();
        List<String> duplicates = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(nodes * threadsPerNode);
        CountDownLatch go = new CountDownLatch(1);
        CyclicBarrier holdingOne = new CyclicBarrier(nodes * threadsPerNode);
        List<Future<?>> workers = new ArrayList<>();
        try {
            for (JobStore store : stores) {
                for (int t = 0; t < threadsPerNode; t++) {
                    workers.add(pool.submit(() -> {
                        go.await();
                        // every thread first takes one job and holds it until all hold one: claims
                        // made while others hold jobs must each find a job of their own
                        Optional<Job> first = store.claimNext("ocr");
                        holdingOne.await(1, TimeUnit.MINUTES);
                        for (Optional<Job> next = first; next.isPresent(); next = store.claimNext("ocr")) {
                            String id = next.get().id();
                            if (claimedBy.putIfAbsent(id, store.node()) != null) {
                                duplicates.add(id);
                            }
                            store.complete(id, "{\"by\":\"" + store.node() + "\"}");
                        }
                        return null;
                    }));
                }
            }
            go.countDown();
            for (Future<?> w : workers) {
                w.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(duplicates).as("no job was claimed twice").isEmpty();
        assertThat(claimedBy.keySet()).isEqualTo(created);
        assertThat(new HashSet<>(claimedBy.values())).as("every node took jobs").hasSize(nodes);
        for (String id : created) {
            Job job = jobs.find(id).orElseThrow();
            assertThat(job.state()).isEqualTo(State.DONE);
            assertThat(job.resultJsonOrNull()).isEqualTo("{\"by\":\"" + claimedBy.get(id) + "\"}");
        }
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        // read by several threads in the concurrent tests
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
