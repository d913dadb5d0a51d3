package vn.signdesk.api.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.api.store.JobFiles;
import vn.signdesk.api.store.JobStore;
import vn.signdesk.api.store.StoreException;
import vn.signdesk.ocr.DocumentOcr;
import vn.signdesk.ocr.OcrException;
import vn.signdesk.ocr.OcrFailedException;
import vn.signdesk.ocr.OcrInput;
import vn.signdesk.ocr.OcrOptions;
import vn.signdesk.ocr.OcrPage;
import vn.signdesk.ocr.OcrResult;

/**
 * The durable OCR jobs of the service: accepted into the {@link JobStore} with their input in the
 * {@link JobFiles}, run by whichever node claims them ({@link LeasedJobRunner}), their text and
 * PDF/A stored beside the input.
 *
 * <p>Implementation notes. A job is stored and its input written before {@code 202} is answered, so
 * nothing accepted is lost; the node that accepted it runs it at once when it has a free job thread,
 * else it waits in the store for the first node with one. A job left unfinished (its node stopped or
 * died) is claimed again and runs from the start (OCR is deterministic; the outputs are stored
 * before the job is marked done, and the store refuses a second completion). At most {@code
 * maxQueued} jobs wait in the store: beyond that {@link #accept} answers 503 with Retry-After. Each
 * job thread calls the {@link DocumentOcr}, whose own worker pool runs the pages of a job in
 * parallel. Progress is stored after every page (which also renews the lease).
 */
final class OcrJobs implements AutoCloseable {

    static final String KIND = "ocr";
    static final String TEXT_FILE = "text.txt";
    static final String PDF_FILE = "searchable.pdf";
    static final String INPUT_FILE = "input";

    private static final Logger LOG = LoggerFactory.getLogger(OcrJobs.class);

    private final JobStore store;
    private final JobFiles files;
    private final DocumentOcr ocr;
    private final int maxQueued;
    private final CallbackDeliveries callbacks;
    private final LeasedJobRunner runner;
    private volatile boolean closing;

    OcrJobs(
            JobStore store,
            JobFiles files,
            DocumentOcr ocr,
            CallbackDeliveries callbacks,
            int jobThreads,
            int maxQueued) {
        this.store = store;
        this.files = files;
        this.ocr = ocr;
        this.callbacks = callbacks;
        this.maxQueued = maxQueued;
        this.runner = new LeasedJobRunner(store, KIND, jobThreads, LeasedJobRunner.DEFAULT_POLL_INTERVAL, this::run);
    }

    /** Starts claiming OCR jobs from the store (those of an earlier run included). */
    OcrJobs start() {
        runner.start();
        return this;
    }

    DocumentOcr ocr() {
        return ocr;
    }

    CallbackDeliveries callbacks() {
        return callbacks;
    }

    /**
     * Accepts a job (blocking: stores it durably with its input) and runs it here if a job thread is free.
     *
     * @param callbackOrNull the URL told of the job's completion, checked by {@link CallbackDeliveries#check}
     * @throws HttpProblem 503 when too many jobs wait
     */
    JobStore.Job accept(String owner, byte[] input, String languagesOrNull, String callbackOrNull) {
        if (store.queued(KIND) >= maxQueued) {
            throw busy();
        }
        JsonObject params = new JsonObject();
        if (languagesOrNull != null) {
            params.put("lang", languagesOrNull);
        }
        JobStore.Job job = store.create(
                KIND,
                owner,
                CallbackDeliveries.withCallback(params, callbackOrNull).encode());
        try {
            files.write(job.id(), INPUT_FILE, input);
        } catch (RuntimeException e) {
            store.fail(job.id(), "its input could not be stored");
            throw e;
        }
        runner.runNow(job.id());
        return job;
    }

    private static HttpProblem busy() {
        return HttpProblem.unavailable("service-busy", "The service is busy", "the OCR queue is full; retry later", 30);
    }

    /** The content of a finished job's output ({@link #TEXT_FILE} or {@link #PDF_FILE}). */
    byte[] output(String id, String file) {
        return files.read(id, file)
                .orElseThrow(() -> new StoreException("the output '" + file + "' of OCR job " + id + " is missing"));
    }

    Optional<JobStore.Job> find(String id) {
        return store.find(id);
    }

    private void run(JobStore.Job job, LeasedJobRunner.Lease lease) {
        String id = job.id();
        long start = System.nanoTime();
        try {
            byte[] input = output(id, INPUT_FILE);
            String lang = new JsonObject(job.paramsJson()).getString("lang");
            OcrOptions options =
                    lang == null ? OcrOptions.defaults() : OcrOptions.defaults().withLanguages(lang);
            store.start(id, 0);
            OcrResult result = ocr.ocr(OcrInput.of(input), options, (done, total) -> {
                if (lease.lost()) {
                    throw new IllegalStateException("OCR job " + id + " was taken over by another node");
                }
                if (done == 0) {
                    store.start(id, total);
                } else {
                    store.progress(id, done, null);
                }
            });
            files.write(id, TEXT_FILE, result.text().getBytes(StandardCharsets.UTF_8));
            files.write(id, PDF_FILE, result.searchablePdfA());
            JsonObject done = callbacks.scheduleFor(job, resultJson(result));
            store.complete(id, done.encode());
            callbacks.runNow(done);
            LOG.info(
                    "OCR job {} done: {} page(s) in {} ms",
                    id,
                    result.pages().size(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (OcrException | IllegalArgumentException e) {
            if (closing && e instanceof OcrFailedException) {
                LOG.info("OCR job {} interrupted by shutdown; it goes back to the queue", id);
                return;
            }
            LOG.debug("OCR job {} failed: {}", id, e.getMessage());
            fail(job, e.getMessage());
        } catch (RuntimeException e) {
            if (closing || lease.lost()) {
                LOG.info(
                        "OCR job {} stopped on this node: {}", id, closing ? "shutdown" : "taken over by another node");
                return;
            }
            LOG.error("OCR job {} failed", id, e);
            fail(job, "internal failure");
        }
    }

    /**
     * Marks the job failed (after creating its callback's delivery, linked from its result), unless it
     * finished or another node took it over meanwhile.
     */
    private void fail(JobStore.Job job, String reason) {
        String id = job.id();
        try {
            JsonObject link = callbacks.scheduleFor(job, new JsonObject());
            if (!link.isEmpty()) {
                int pagesDone = store.find(id).map(JobStore.Job::pagesDone).orElse(0);
                store.progress(id, pagesDone, link.encode());
            }
            store.fail(id, reason);
            callbacks.runNow(link);
        } catch (IllegalStateException e) {
            LOG.info("OCR job {} not marked failed: {}", id, e.getMessage());
        }
    }

    static JsonObject resultJson(OcrResult r) {
        JsonArray pages = new JsonArray();
        for (OcrPage p : r.pages()) {
            pages.add(new JsonObject()
                    .put("page", p.number())
                    .put("confidence", Math.round(p.meanConfidence() * 10) / 10.0)
                    .put("source", p.source() == OcrPage.Source.TEXT_LAYER ? "text-layer" : "ocr"));
        }
        return new JsonObject()
                .put("pages", pages)
                .put("sourceSha256", r.sourceSha256())
                .put("pdfa", r.pdfaPart() + "b")
                .put("signedSource", r.signedSource());
    }

    /** Stops claiming, gives the jobs cut short back to the queue, and stops the engines. */
    @Override
    public void close() {
        closing = true;
        runner.close();
        ocr.close();
    }
}
