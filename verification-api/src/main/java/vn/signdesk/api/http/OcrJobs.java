package vn.signdesk.api.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.api.store.JobStore;
import vn.signdesk.ocr.DocumentOcr;
import vn.signdesk.ocr.OcrException;
import vn.signdesk.ocr.OcrFailedException;
import vn.signdesk.ocr.OcrInput;
import vn.signdesk.ocr.OcrOptions;
import vn.signdesk.ocr.OcrPage;
import vn.signdesk.ocr.OcrResult;

/**
 * The durable OCR jobs of the service: accepted into the {@link JobStore} with their input in the
 * job's directory, run on the bounded "ocr" pool, their text and PDF/A written next to the input.
 *
 * <p>Implementation notes. A job is stored and its input written before {@code 202} is answered, so
 * nothing accepted is lost; at start every unfinished job (queued, or running when the process
 * stopped) is queued again and runs from the start (OCR is deterministic, the outputs are written
 * to temporary files and moved into place before the job is marked done). The pool has a few job
 * threads over a bounded queue: a full queue answers 503 with Retry-After. Each job thread calls the
 * {@link DocumentOcr}, whose own worker pool runs the pages of a job in parallel. Progress is stored
 * after every page. While the service stops, a job cut short is left running in the store, to be
 * resumed, rather than marked failed.
 */
final class OcrJobs implements AutoCloseable {

    static final String KIND = "ocr";
    static final String TEXT_FILE = "text.txt";
    static final String PDF_FILE = "searchable.pdf";
    private static final String INPUT_FILE = "input";

    private static final Logger LOG = LoggerFactory.getLogger(OcrJobs.class);

    private final JobStore store;
    private final DocumentOcr ocr;
    private final ThreadPoolExecutor runner;
    private volatile boolean closing;

    OcrJobs(JobStore store, DocumentOcr ocr, int jobThreads, int maxQueued) {
        this.store = store;
        this.ocr = ocr;
        AtomicInteger n = new AtomicInteger();
        this.runner = new ThreadPoolExecutor(
                jobThreads, jobThreads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(maxQueued), r -> {
                    Thread t = new Thread(r, "ocr-job-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    JobStore store() {
        return store;
    }

    DocumentOcr ocr() {
        return ocr;
    }

    /** Queues every unfinished OCR job of the store (after a restart); returns how many. */
    int resume() {
        int n = 0;
        for (JobStore.Job job : store.unfinished()) {
            if (KIND.equals(job.kind())) {
                try {
                    enqueue(job.id());
                    n++;
                } catch (RejectedExecutionException e) {
                    LOG.warn("OCR job {} not resumed now: the queue is full; it stays queued", job.id());
                }
            }
        }
        if (n > 0) {
            LOG.info("resumed {} unfinished OCR job(s)", n);
        }
        return n;
    }

    /**
     * Accepts a job (blocking: stores it durably and writes its input).
     *
     * @throws HttpProblem 503 when the queue is full
     */
    JobStore.Job accept(String owner, byte[] input, String languagesOrNull) {
        if (runner.getQueue().remainingCapacity() == 0) {
            throw busy();
        }
        JsonObject params = new JsonObject();
        if (languagesOrNull != null) {
            params.put("lang", languagesOrNull);
        }
        JobStore.Job job = store.create(KIND, owner, params.encode());
        writeAtomically(store.jobDir(job.id()).resolve(INPUT_FILE), input);
        try {
            enqueue(job.id());
        } catch (RejectedExecutionException e) {
            store.fail(job.id(), "the OCR queue was full");
            throw busy();
        }
        return job;
    }

    private static HttpProblem busy() {
        return HttpProblem.unavailable("service-busy", "The service is busy", "the OCR queue is full; retry later", 30);
    }

    /** The file of a finished job's output ({@link #TEXT_FILE} or {@link #PDF_FILE}). */
    Path output(String id, String file) {
        return store.jobDir(id).resolve(file);
    }

    Optional<JobStore.Job> find(String id) {
        return store.find(id);
    }

    private void enqueue(String id) {
        runner.execute(() -> run(id));
    }

    private void run(String id) {
        JobStore.Job job = store.find(id).orElse(null);
        if (job == null || job.state().finished()) {
            return;
        }
        long start = System.nanoTime();
        try {
            Path dir = store.jobDir(id);
            byte[] input = Files.readAllBytes(dir.resolve(INPUT_FILE));
            String lang = new JsonObject(job.paramsJson()).getString("lang");
            OcrOptions options =
                    lang == null ? OcrOptions.defaults() : OcrOptions.defaults().withLanguages(lang);
            store.start(id, 0);
            OcrResult result = ocr.ocr(OcrInput.of(input), options, (done, total) -> {
                if (done == 0) {
                    store.start(id, total);
                } else {
                    store.progress(id, done, null);
                }
            });
            writeAtomically(dir.resolve(TEXT_FILE), result.text().getBytes(StandardCharsets.UTF_8));
            writeAtomically(dir.resolve(PDF_FILE), result.searchablePdfA());
            store.complete(id, resultJson(result).encode());
            LOG.info(
                    "OCR job {} done: {} page(s) in {} ms",
                    id,
                    result.pages().size(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (OcrException | IllegalArgumentException e) {
            if (closing && e instanceof OcrFailedException) {
                LOG.info("OCR job {} interrupted by shutdown; it resumes at the next start", id);
                return;
            }
            LOG.debug("OCR job {} failed: {}", id, e.getMessage());
            store.fail(id, e.getMessage());
        } catch (IOException | RuntimeException e) {
            if (closing) {
                LOG.info("OCR job {} interrupted by shutdown; it resumes at the next start", id);
                return;
            }
            LOG.error("OCR job {} failed", id, e);
            store.fail(id, "internal failure");
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

    private static void writeAtomically(Path target, byte[] bytes) {
        try {
            Path tmp = Files.createTempFile(target.getParent(), ".part", ".tmp");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the job threads (a running job is left to resume at the next start) and the engines. */
    @Override
    public void close() {
        closing = true;
        runner.shutdownNow();
        try {
            runner.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ocr.close();
    }
}
