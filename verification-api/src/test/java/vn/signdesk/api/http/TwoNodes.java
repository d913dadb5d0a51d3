package vn.signdesk.api.http;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import vn.signdesk.api.store.JobStore;
import vn.signdesk.api.store.LocalPostgres;
import vn.signdesk.api.store.PostgresDatabase;
import vn.signdesk.api.store.PostgresStore;

/**
 * The stores of two nodes on one fresh PostgreSQL database ({@link LocalPostgres}), for the tests
 * of jobs that move between nodes: node A holds short leases, so that its death is noticed within
 * seconds; node B the default ones.
 */
final class TwoNodes implements AutoCloseable {

    /** How long node A's leases last. */
    static final Duration LEASE_OF_A = Duration.ofSeconds(2);

    final PostgresStore a;
    final PostgresStore b;

    private TwoNodes(PostgresStore a, PostgresStore b) {
        this.a = a;
        this.b = b;
    }

    /** Opens both nodes on the (emptied) database of the test class. */
    static TwoNodes open(Class<?> testClass) {
        URI database = LocalPostgres.shared().emptyDatabaseFor(testClass);
        Path password = LocalPostgres.shared().passwordFile();
        PostgresStore a =
                PostgresStore.open(PostgresDatabase.open(database, password), Clock.systemUTC(), "node-a", LEASE_OF_A);
        PostgresStore b = PostgresStore.open(
                PostgresDatabase.open(database, password), Clock.systemUTC(), "node-b", JobStore.DEFAULT_LEASE);
        return new TwoNodes(a, b);
    }

    /** The job once it is finished, polled every 100 ms for up to two minutes. */
    static JobStore.Job awaitFinished(JobStore store, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            JobStore.Job job = store.find(id).orElseThrow();
            if (job.state().finished()) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not finish within 2 minutes");
    }

    @Override
    public void close() {
        b.close();
        a.close();
    }
}
