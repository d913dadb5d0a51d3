package vn.signdesk.api.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable store of long-running jobs (OCR, batches): what was asked, by whom, how far it got,
 * its result, and which node runs it. Every method returns only once its change is durable, so a
 * job accepted with {@link #create} is never lost on a crash.
 *
 * <p>States move {@code QUEUED -> RUNNING -> DONE | FAILED}. A {@code RUNNING} job is <em>held</em>
 * by one node (this store instance speaks for the node {@link #node()}) under a lease that ends
 * {@link #lease()} after the holder last claimed, started, renewed or advanced it. While the lease
 * runs no other node may take the job; once it has expired (the holder died or hangs) any node may
 * {@link #claim} it again, and the old holder's later changes are refused. So several nodes sharing
 * one store run every job, none twice at once, and a job whose node was lost runs again elsewhere.
 *
 * <ul>
 *   <li>{@link #claimNext}, {@link #claim}: {@code QUEUED}, or {@code RUNNING} with an expired lease,
 *       becomes {@code RUNNING} held by this node, with no pages done (a job runs from the start).
 *   <li>{@link #start}: a {@code QUEUED} job, or one this node holds, becomes {@code RUNNING} held by
 *       this node with its page count.
 *   <li>{@link #progress}, {@link #complete}, {@link #renew}, {@link #release}: only the holder.
 *   <li>{@link #fail}: a {@code QUEUED} job, or one this node holds.
 * </ul>
 *
 * <p>A transition from a finished job ({@code DONE}, {@code FAILED}) or from a job held by another
 * node is refused with an {@link IllegalStateException}; an unknown id with a {@link
 * NoSuchElementException}. Leases are measured with the store's {@link java.time.Clock}, so the nodes'
 * clocks must agree to well within a lease. Implementations are thread-safe.
 */
public interface JobStore {

    /** How long a lease lasts unless renewed, by default: long enough for a slow page, short enough to resume soon. */
    Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    /** Where a job is in its life. */
    enum State {
        QUEUED,
        RUNNING,
        DONE,
        FAILED;

        /** True for {@code DONE} and {@code FAILED}: nothing changes any more. */
        public boolean finished() {
            return this == DONE || this == FAILED;
        }
    }

    /**
     * One job as stored.
     *
     * @param id random, unguessable (128 bits, lowercase hex): knowing it is what lets a caller see it
     * @param kind what the job does, e.g. {@code ocr}
     * @param owner who asked for it (e.g. the credential's role or key id), for authorising reads
     * @param paramsJson the job's parameters as JSON, as given to {@link #create}
     * @param resultJsonOrNull the (partial) result as JSON, null until there is one
     * @param errorOrNull why it failed, for a person; null unless {@code FAILED}
     * @param leaseNodeOrNull the node that holds (or last held) the job, null while it never ran
     * @param leaseUntilOrNull when that node's lease ends, null while it never ran
     */
    record Job(
            String id,
            String kind,
            String owner,
            State state,
            int pagesDone,
            int pagesTotal,
            String paramsJson,
            String resultJsonOrNull,
            String errorOrNull,
            Instant created,
            Instant updated,
            String leaseNodeOrNull,
            Instant leaseUntilOrNull) {

        public Job {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(paramsJson, "paramsJson");
            Objects.requireNonNull(created, "created");
            Objects.requireNonNull(updated, "updated");
        }
    }

    /** The node this store speaks for: the holder it writes into the jobs it claims. */
    String node();

    /** How long a lease lasts after a claim, start, renewal or progress. */
    Duration lease();

    /** Stores a new {@code QUEUED} job with a fresh random id; durable when this returns. */
    Job create(String kind, String owner, String paramsJson);

    /** The job of that id, or empty when there is none (an id of the wrong form included). */
    Optional<Job> find(String id);

    /** The {@code QUEUED} and {@code RUNNING} jobs, oldest first. */
    List<Job> unfinished();

    /** How many jobs of a kind wait for a node ({@code QUEUED}), for backpressure. */
    int queued(String kind);

    /**
     * Claims the oldest job of a kind that no node may run now ({@code QUEUED}, or {@code RUNNING}
     * with an expired lease) for this node; two nodes claiming at once never get the same job.
     *
     * @return the job as claimed ({@code RUNNING}, held by this node), or empty when none waits
     */
    Optional<Job> claimNext(String kind);

    /**
     * Claims one job for this node, if it is {@code QUEUED} or its lease has expired.
     *
     * @return the job as claimed, or empty when it is unknown, finished or held under a running lease
     */
    Optional<Job> claim(String id);

    /**
     * Extends this node's lease of a job it holds.
     *
     * @return false when this node no longer holds it (another node took it over, or it finished)
     */
    boolean renew(String id);

    /** Gives a job this node holds back to the queue ({@code QUEUED}, no holder), e.g. at a clean stop. */
    void release(String id);

    /** Marks the job {@code RUNNING}, held by this node, with its page count (0 when not known yet) and no pages done. */
    void start(String id, int pagesTotal);

    /**
     * Records progress of a job this node holds (and renews its lease): pages done so far and, when
     * not null, the partial result (a null keeps the one stored).
     */
    void progress(String id, int pagesDone, String resultJsonOrNull);

    /** Marks a job this node holds {@code DONE} with its result; pages done becomes pages total. */
    void complete(String id, String resultJson);

    /** Marks a queued job, or one this node holds, {@code FAILED} with a reason for a person (no secret, no path). */
    void fail(String id, String error);
}
