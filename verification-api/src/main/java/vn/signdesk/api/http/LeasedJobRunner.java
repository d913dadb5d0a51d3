package vn.signdesk.api.http;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.api.store.JobStore;

/**
 * Runs the jobs of one kind that this node claims from the {@link JobStore}: a few job threads,
 * each running one job at a time under a lease that this runner renews while the job runs.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>Jobs come from the store, not from memory: every {@link #pollInterval} (and as soon as a
 *       job thread frees up) a free thread claims the oldest claimable job of its kind, so a job
 *       accepted by any node, or left by a node that died (its lease expired), runs on whichever
 *       node has a free thread first. The node that accepted a job may run it at once ({@link
 *       #runNow}) when it has a free thread; otherwise the job waits in the store.
 *   <li>Leases are renewed every third of their length by one scheduler thread; when a renewal
 *       finds the job taken over (this node was too slow or cut off), the job's {@link Lease} says
 *       so and the store refuses the old holder's writes, so the job is completed once.
 *   <li>{@link #close()} stops claiming, interrupts the jobs and gives every job still held back to
 *       the queue, so another node (or this one after its restart) takes it at once rather than
 *       after its lease expires.
 * </ul>
 */
final class LeasedJobRunner implements AutoCloseable {

    /** How often an idle node looks for jobs. */
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(LeasedJobRunner.class);

    /** What a job thread does with a job it holds. */
    @FunctionalInterface
    interface Work {
        void run(JobStore.Job job, Lease lease) throws Exception;
    }

    /** This node's hold on one running job. */
    static final class Lease {
        private volatile boolean lost;

        /** Whether another node took the job over: its result would be refused, so stop early. */
        boolean lost() {
            return lost;
        }
    }

    private final JobStore store;
    private final String kind;
    private final Work work;
    private final Semaphore free;
    private final ExecutorService threads;
    private final ScheduledExecutorService scheduler;
    private final Map<String, Lease> held = new ConcurrentHashMap<>();
    private final Duration pollInterval;
    private volatile boolean closing;

    /**
     * @param kind the kind of job to claim
     * @param jobThreads how many jobs this node runs at once
     */
    LeasedJobRunner(JobStore store, String kind, int jobThreads, Duration pollInterval, Work work) {
        this.store = store;
        this.kind = kind;
        this.work = work;
        this.pollInterval = pollInterval;
        this.free = new Semaphore(jobThreads);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(jobThreads, r -> daemon(r, kind + "-job-" + n.incrementAndGet()));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, kind + "-jobs-lease"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts claiming jobs and renewing leases. */
    LeasedJobRunner start() {
        long poll = pollInterval.toMillis();
        scheduler.scheduleWithFixedDelay(this::poll, 0, poll, TimeUnit.MILLISECONDS);
        long renew = Math.max(1, store.lease().toMillis() / 3);
        scheduler.scheduleWithFixedDelay(this::renewAll, renew, renew, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Runs an accepted job on this node at once if a job thread is free; otherwise it waits in the
     * store for the first free thread of any node.
     *
     * @return whether this node took the job
     */
    boolean runNow(String id) {
        return claimAndRun(() -> store.claim(id));
    }

    /** Claims jobs while threads are free. */
    private void poll() {
        try {
            while (claimAndRun(() -> store.claimNext(kind))) {
                // one more job runs; look for the next
            }
        } catch (RuntimeException e) {
            // the store is unreachable for now: the next poll tries again
            LOG.warn("cannot claim {} jobs: {}", kind, e.getMessage());
        }
    }

    /**
     * Takes a free job thread, claims a job with it and runs the job there; gives the thread back
     * when there is nothing to claim (or the claim fails).
     *
     * @return whether a job was claimed
     */
    private boolean claimAndRun(Supplier<Optional<JobStore.Job>> claim) {
        if (closing || !free.tryAcquire()) {
            return false;
        }
        Optional<JobStore.Job> job;
        try {
            job = claim.get();
        } catch (RuntimeException e) {
            free.release();
            throw e;
        }
        if (job.isEmpty()) {
            free.release();
            return false;
        }
        submit(job.get());
        return true;
    }

    private void submit(JobStore.Job job) {
        Lease lease = new Lease();
        held.put(job.id(), lease);
        try {
            threads.execute(() -> run(job, lease));
        } catch (RejectedExecutionException e) {
            // closing: give it back
            finished(job.id());
            releaseQuietly(job.id());
        }
    }

    private void run(JobStore.Job job, Lease lease) {
        try {
            work.run(job, lease);
        } catch (Exception e) {
            if (lease.lost()) {
                LOG.info("{} job {} was taken over by another node; this node stopped it", kind, job.id());
            } else if (closing) {
                LOG.info("{} job {} interrupted by shutdown; it goes back to the queue", kind, job.id());
            } else {
                LOG.error("{} job {} stopped with an unexpected failure", kind, job.id(), e);
            }
        } finally {
            if (closing) {
                // cut short by the stop (a finished job is not released: the store refuses)
                releaseQuietly(job.id());
            }
            finished(job.id());
            if (!closing) {
                try {
                    scheduler.execute(this::poll);
                } catch (RejectedExecutionException stopping) {
                    // close() began after the check: nothing more to claim
                }
            }
        }
    }

    private void finished(String id) {
        held.remove(id);
        free.release();
    }

    private void renewAll() {
        for (Map.Entry<String, Lease> e : held.entrySet()) {
            try {
                if (!store.renew(e.getKey())) {
                    e.getValue().lost = true;
                }
            } catch (RuntimeException failure) {
                // the store is unreachable: the lease may expire, and then the store refuses our writes
                LOG.warn("cannot renew the lease of {} job {}: {}", kind, e.getKey(), failure.getMessage());
            }
        }
    }

    private void releaseQuietly(String id) {
        try {
            store.release(id);
        } catch (RuntimeException e) {
            // finished meanwhile, or taken over, or the store is down: the lease expires by itself
            LOG.debug("{} job {} not released: {}", kind, id, e.getMessage());
        }
    }

    /** Stops claiming and renewing, interrupts the jobs, and gives the ones still held back to the queue. */
    @Override
    public void close() {
        closing = true;
        scheduler.shutdownNow();
        threads.shutdownNow();
        try {
            threads.awaitTermination(30, TimeUnit.SECONDS);
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String id : held.keySet()) {
            releaseQuietly(id);
        }
    }
}
