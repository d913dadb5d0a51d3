package vn.signdesk.api.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.store.JobStore.Job;
import vn.signdesk.api.store.JobStore.State;

/** {@link SqliteJobStore} on a real database file: the {@link JobStoreContract}, then SQLite's own durability. */
class SqliteJobStoreIT extends JobStoreContract {

    @TempDir
    Path dataDir;

    @Override
    void createDatabase() {
        // each test has its own @TempDir, so its own file
    }

    @Override
    Opened openNode(String node, Clock clock) {
        SqliteDatabase db = SqliteDatabase.open(dataDir);
        SqliteJobStore store = new SqliteJobStore(db, clock, node, LEASE);
        return new Opened(store, () -> {
            store.close();
            db.close();
        });
    }

    @Test
    void open_databaseSettings_areWalWithFullSync() throws Exception {
        try (Connection c = SqliteDatabase.open(dataDir).connect();
                Statement s = c.createStatement()) {
            assertThat(single(s, "PRAGMA journal_mode")).isEqualTo("wal");
            // 2 = FULL: each commit fsyncs the write-ahead log
            assertThat(single(s, "PRAGMA synchronous")).isEqualTo("2");
        }
        assertThat(dataDir.resolve(SqliteDatabase.FILE)).isRegularFile();
    }

    @Test
    void open_databaseOfSchema1_gainsLeasesAndKeepsItsJobs() throws Exception {
        Path old = dataDir.resolve("old");
        java.nio.file.Files.createDirectories(old);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old.resolve(SqliteDatabase.FILE));
                Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE jobs (id TEXT PRIMARY KEY, kind TEXT NOT NULL, owner TEXT NOT NULL,"
                    + " state TEXT NOT NULL, pages_done INTEGER NOT NULL, pages_total INTEGER NOT NULL,"
                    + " params_json TEXT NOT NULL, result_json TEXT, error TEXT, created_ms INTEGER NOT NULL,"
                    + " updated_ms INTEGER NOT NULL)");
            s.executeUpdate("INSERT INTO jobs VALUES ('0123456789abcdef0123456789abcdef', 'ocr', 'branch', 'QUEUED',"
                    + " 0, 0, '{}', NULL, NULL, 1, 1)");
            s.executeUpdate("PRAGMA user_version = 1");
        }

        SqliteDatabase db = SqliteDatabase.open(old);
        try (SqliteJobStore store = new SqliteJobStore(db, clock, "node-a", LEASE)) {
            Job claimed = store.claimNext("ocr").orElseThrow();
            assertThat(claimed.id()).isEqualTo("0123456789abcdef0123456789abcdef");
            assertThat(claimed.state()).isEqualTo(State.RUNNING);
        }
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            assertThat(single(s, "PRAGMA user_version")).isEqualTo("2");
        }
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
        List<String> ids = new ArrayList<>();
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

        for (String id : ids) {
            assertThat(jobs.find(id)).as(id).isPresent();
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
            SqliteJobStore store =
                    new SqliteJobStore(SqliteDatabase.open(Path.of(args[0])), Clock.systemUTC(), "child", LEASE);
            while (true) {
                System.out.println("job " + store.create("ocr", "branch", "{}").id());
                System.out.flush();
            }
        }
    }
}
