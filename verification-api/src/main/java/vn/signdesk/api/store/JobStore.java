package vn.signdesk.api.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable store of long-running jobs (OCR): what was asked, by whom, how far it got and its
 * result. Every method returns only once its change is durable, so a job accepted with
 * {@link #create} is never lost on a crash and {@link #unfinished()} finds it again after a restart.
 *
 * <p>States move {@code QUEUED -> RUNNING -> DONE | FAILED}; {@link #start} may also be called
 * again on a {@code RUNNING} job (a job resumed after a restart), and {@link #fail} on a
 * {@code QUEUED} one. A transition from a finished job ({@code DONE}, {@code FAILED}) is refused
 * with an {@link IllegalStateException}; an unknown id with a {@link NoSuchElementException}.
 * Implementations are thread-safe.
 */
public interface JobStore {

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
            Instant updated) {

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

    /** Stores a new {@code QUEUED} job with a fresh random id; durable when this returns. */
    Job create(String kind, String owner, String paramsJson);

    /** The job of that id, or empty when there is none (an id of the wrong form included). */
    Optional<Job> find(String id);

    /** The {@code QUEUED} and {@code RUNNING} jobs, oldest first: what to resume after a restart. */
    List<Job> unfinished();

    /** Marks the job {@code RUNNING} with its page count (0 when not known yet) and no pages done. */
    void start(String id, int pagesTotal);

    /**
     * Records progress of a {@code RUNNING} job: pages done so far and, when not null, the partial
     * result (a null keeps the one stored).
     */
    void progress(String id, int pagesDone, String resultJsonOrNull);

    /** Marks the job {@code DONE} with its result; pages done becomes pages total. */
    void complete(String id, String resultJson);

    /** Marks an unfinished job {@code FAILED} with a reason for a person (no secret, no path). */
    void fail(String id, String error);

    /**
     * The job's own directory for its input and output files, {@code DATA_DIR/jobs/<id>/}, created
     * if missing.
     *
     * @throws IllegalArgumentException when {@code id} is not of the form this store issues (so a
     *     crafted id can never name a path outside {@code DATA_DIR/jobs})
     */
    Path jobDir(String id);
}
