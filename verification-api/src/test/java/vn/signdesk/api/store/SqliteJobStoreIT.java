package vn.signdesk.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.store.JobStore.Job;
import vn.signdesk.api.store.JobStore.State;

/** {@link SqliteJobStore} on a real database file: lifecycle, ordering, durability, job directories. */
class SqliteJobStoreIT {

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T08:00:00Z"));
    private Database db;
    private SqliteJobStore jobs;

    @BeforeEach
    void open() {
        db = Database.open(dataDir);
        jobs = new SqliteJobStore(db, clock);
    }

    @AfterEach
    void close() {
        jobs.close();
        db.close();
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
    void create_thenReopenTheDatabase_jobIsStillThere() {
        Job created = jobs.create("ocr", "resident", "{}");
        jobs.close();
        db.close();

        db = Database.open(dataDir);
        jobs = new SqliteJobStore(db, clock);
        assertThat(jobs.find(created.id())).contains(created);
    }

    @Test
    void open_databaseSettings_areWalWithFullSync() throws Exception {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            assertThat(single(s, "PRAGMA journal_mode")).isEqualTo("wal");
            // 2 = FULL: each commit fsyncs the write-ahead log
            assertThat(single(s, "PRAGMA synchronous")).isEqualTo("2");
        }
        assertThat(dataDir.resolve(Database.FILE)).isRegularFile();
    }

    @Test
    void open_twice_isIdempotentAndKeepsData() {
        Job created = jobs.create("ocr", "branch", "{}");
        Database again = Database.open(dataDir);
        try (SqliteJobStore second = new SqliteJobStore(again, clock)) {
            assertThat(second.find(created.id())).contains(created);
        }
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
    void unfinished_afterRestart_listsQueuedAndRunningOldestFirst() {
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
        jobs.close();

        jobs = new SqliteJobStore(Database.open(dataDir), clock);
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
    void jobDir_ofAnIssuedId_isCreatedUnderDataDirJobs() {
        Job job = jobs.create("ocr", "branch", "{}");

        Path dir = jobs.jobDir(job.id());

        assertThat(dir).isDirectory();
        assertThat(dir)
                .isEqualTo(dataDir.toAbsolutePath().normalize().resolve("jobs").resolve(job.id()));
        assertThat(jobs.jobDir(job.id())).as("idempotent").isEqualTo(dir);
    }

    @Test
    void jobDir_ofACraftedId_isRefusedAndCreatesNothing() {
        assertThatThrownBy(() -> jobs.jobDir("../../etc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> jobs.jobDir("0123456789ABCDEF0123456789ABCDEF"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.exists(dataDir.resolve("jobs"))).isFalse();
    }

    @Test
    void create_inAChildJvmKilledRightAfter_everyReturnedJobSurvives() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classpath,
                        JobWriterMain.class.getName(),
                        dataDir.toString())
                .redirectErrorStream(true)
                .start();
        List<String> ids = new java.util.ArrayList<>();
        try (var reader = new java.io.BufferedReader(
                new java.io.InputStreamReader(child.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            String line;
            while (ids.size() < 50 && (line = reader.readLine()) != null) {
                if (line.startsWith("job ")) {
                    ids.add(line.substring(4));
                }
            }
            // SIGKILL while the child keeps creating jobs: no shutdown hook, no close, no checkpoint
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ids).hasSize(50);

        try (SqliteJobStore reopened = new SqliteJobStore(Database.open(dataDir), clock)) {
            for (String id : ids) {
                assertThat(reopened.find(id)).as(id).isPresent();
            }
        }
    }

    private static String single(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The main of the child JVM: creates jobs without end, printing each id once it is stored. */
    public static final class JobWriterMain {
        public static void main(String[] args) {
            SqliteJobStore store = new SqliteJobStore(Database.open(Path.of(args[0])), Clock.systemUTC());
            while (true) {
                System.out.println("job " + store.create("ocr", "branch", "{}").id());
                System.out.flush();
            }
        }
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

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
