package vn.signdesk.api.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.api.SigningProfile;
import vn.signdesk.api.SigningRuntime;
import vn.signdesk.api.store.JobFiles;
import vn.signdesk.api.store.JobStore;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.SignDeskException;
import vn.signdesk.signing.SignOptions;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.SigningKey;

/**
 * Batches of documents signed with one profile at one level, as durable jobs: accepted into the
 * {@link JobStore} with each document in the {@link JobFiles} ({@code document-N}), run by
 * whichever node claims them ({@link LeasedJobRunner}), each signed document stored as {@code
 * signed-N} as soon as it is done.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>The job's pages count documents: {@code pagesTotal} is the batch's size, {@code pagesDone}
 *       how many are settled (signed or failed); the result lists each document's state.
 *   <li>A batch survives the loss of its node: another node claims it once the lease expires and
 *       goes on where it stopped, since a document whose {@code signed-N} is stored is not signed
 *       again (a second signature would be a different file than the one a client may already have).
 *   <li>A document the signer refuses (not a usable PDF, not signable as asked) fails alone, with
 *       the signer's message; the others are signed. When the key or the timestamp authority is
 *       unavailable the batch stops and stays held until its lease expires, then runs again (on
 *       this node or another): that is its retry, half a minute later.
 *   <li>Batches run on their own few threads, not on the crypto pool, so a large batch never
 *       starves the interactive requests; at most {@code maxQueued} wait in the store.
 * </ul>
 */
final class BatchJobs implements AutoCloseable {

    static final String KIND = "batch";

    /** The most documents in one batch. */
    static final int MAX_DOCUMENTS = 100;

    /** The kinds of signer refusal that fail one document, not the batch. */
    private static final Set<String> DOCUMENT_FAULTS =
            Set.of("invalid-document", "unsupported-document", "invalid-request");

    private static final Logger LOG = LoggerFactory.getLogger(BatchJobs.class);

    private final JobStore store;
    private final JobFiles files;
    private final Supplier<SigningRuntime> runtime;
    private final int maxQueued;
    private final CallbackDeliveries callbacks;
    private final LeasedJobRunner runner;

    /**
     * @param runtime the signing runtime; {@link #start} only once it is built
     */
    BatchJobs(
            JobStore store,
            JobFiles files,
            Supplier<SigningRuntime> runtime,
            CallbackDeliveries callbacks,
            int jobThreads,
            int maxQueued) {
        this.store = store;
        this.files = files;
        this.runtime = runtime;
        this.callbacks = callbacks;
        this.maxQueued = maxQueued;
        this.runner = new LeasedJobRunner(store, KIND, jobThreads, LeasedJobRunner.DEFAULT_POLL_INTERVAL, this::run);
    }

    /** Starts claiming batches from the store. */
    BatchJobs start() {
        runner.start();
        return this;
    }

    static String input(int n) {
        return "document-" + n;
    }

    static String output(int n) {
        return "signed-" + n;
    }

    /**
     * Accepts a batch (blocking: stores it durably with its documents) and runs it here if a batch
     * thread is free.
     *
     * @throws HttpProblem 503 when too many batches wait
     */
    JobStore.Job accept(
            String owner,
            SignDocumentHandler.SignRequest request,
            List<MultipartDocuments.Document> documents,
            String callbackOrNull) {
        if (store.queued(KIND) >= maxQueued) {
            throw HttpProblem.unavailable(
                    "service-busy", "The service is busy", "too many batches wait to be signed; retry later", 30);
        }
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            names.add(MultipartDocuments.safeFileName(documents.get(i).fileName(), i + 1));
        }
        JobStore.Job job = store.create(KIND, owner, params(request, names, callbackOrNull));
        try {
            for (int i = 0; i < documents.size(); i++) {
                files.write(job.id(), input(i + 1), documents.get(i).content());
            }
        } catch (RuntimeException e) {
            store.fail(job.id(), "its documents could not be stored");
            throw e;
        }
        runner.runNow(job.id());
        return job;
    }

    /**
     * The parameters of a batch job as stored: profile, level, appearance, the documents' file names
     * and the callback URL, if any.
     */
    static String params(SignDocumentHandler.SignRequest request, List<String> names, String callbackOrNull) {
        JsonObject params = new JsonObject()
                .put("profile", request.profile().name())
                .put("level", request.level().label())
                .put("visible", request.visible())
                .put("names", new JsonArray(names));
        return CallbackDeliveries.withCallback(params, callbackOrNull).encode();
    }

    CallbackDeliveries callbacks() {
        return callbacks;
    }

    Optional<JobStore.Job> find(String id) {
        return store.find(id);
    }

    /** The signed document {@code n} (from 1) of a batch, once it is signed. */
    Optional<byte[]> signed(String id, int n) {
        return files.read(id, output(n));
    }

    /** The file names of a batch's documents, in order. */
    static List<String> names(JobStore.Job job) {
        return new JsonObject(job.paramsJson())
                .getJsonArray("names").stream().map(String.class::cast).toList();
    }

    /** Every signed document of a finished batch in one ZIP, under their file names. */
    byte[] zip(JobStore.Job job) {
        List<String> names = names(job);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int n = 1; n <= names.size(); n++) {
                Optional<byte[]> signed = signed(job.id(), n);
                if (signed.isPresent()) {
                    zip.putNextEntry(new ZipEntry(names.get(n - 1)));
                    zip.write(signed.get());
                    zip.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void run(JobStore.Job job, LeasedJobRunner.Lease lease) {
        String id = job.id();
        JsonObject params = new JsonObject(job.paramsJson());
        List<String> names = names(job);
        SigningRuntime rt = runtime.get();
        SigningProfile profile = rt.profile(params.getString("profile"));
        SigningKey key;
        SignOptions options;
        try {
            key = rt.key(profile);
            options = rt.options(
                    profile, key, SignatureLevel.parse(params.getString("level")), params.getBoolean("visible"));
        } catch (SignDeskException e) {
            LOG.warn("batch job {} waits: {}; it runs again when its lease expires", id, e.getMessage());
            return;
        }
        long start = System.nanoTime();
        store.start(id, names.size());
        JsonArray documents = new JsonArray();
        for (int n = 1; n <= names.size(); n++) {
            if (lease.lost()) {
                throw new IllegalStateException("batch job " + id + " was taken over by another node");
            }
            JsonObject document = new JsonObject().put("n", n).put("name", names.get(n - 1));
            try {
                if (signed(id, n).isEmpty()) {
                    byte[] input = files.read(id, input(n)).orElseThrow();
                    files.write(id, output(n), rt.signer().sign(PdfInput.of(input), key, options));
                }
                document.put("state", "signed");
            } catch (SignDeskException e) {
                if (!DOCUMENT_FAULTS.contains(e.kind())) {
                    LOG.warn(
                            "batch job {} waits at document {}: {}; it runs again when its lease expires",
                            id,
                            n,
                            e.getMessage());
                    return;
                }
                document.put("state", "failed")
                        .put("type", ProblemHandler.TYPE_BASE + e.kind())
                        .put("error", e.getMessage());
            }
            documents.add(document);
            store.progress(id, n, new JsonObject().put("documents", documents).encode());
        }
        JsonObject done = callbacks.scheduleFor(job, new JsonObject().put("documents", documents));
        store.complete(id, done.encode());
        callbacks.runNow(done);
        LOG.info(
                "batch job {} done: {} document(s) with profile {} in {} ms",
                id,
                names.size(),
                profile.name(),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Stops claiming and gives the batches cut short back to the queue. */
    @Override
    public void close() {
        runner.close();
    }
}
