package vn.signdesk.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import vn.signdesk.api.credentials.Principal;
import vn.signdesk.api.store.JobStore;

/**
 * The batch signing routes: {@code POST /v1/sign/batch?profile=&level=&visible=} takes a {@code
 * multipart/form-data} body of PDFs (file parts named {@code document}, at most {@link
 * BatchJobs#MAX_DOCUMENTS}, {@link #MAX_BODY} bytes in all) and answers {@code 202 {"id"}}; {@code
 * GET /v1/sign/batch/{id}} says how many documents are done and each one's state; {@code GET
 * /v1/sign/batch/{id}/{n}} is the signed document {@code n} (from 1) as soon as it is signed;
 * {@code GET /v1/sign/batch/{id}/zip} every signed document of a finished batch in one ZIP.
 *
 * <p>The query is checked, and the caller's right to the profile, before the body is read (as for
 * {@code POST /v1/sign}). A batch is visible only to the role that created it (and to admin); to
 * anyone else it does not exist (404). Parsing and store access run on the crypto pool.
 */
final class BatchSignHandler {

    static final String MULTIPART = "multipart/form-data";

    /** The largest batch body: as much as one document may weigh on {@code POST /v1/sign}. */
    static final long MAX_BODY = SignDocumentHandler.MAX_BODY;

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    private final Supplier<BatchJobs> batches;
    private final CryptoPool pool;

    BatchSignHandler(Supplier<BatchJobs> batches, CryptoPool pool) {
        this.batches = batches;
        this.pool = pool;
    }

    /** Stores the batch and its documents, queues it, answers 202 with its id. */
    void submit(RoutingContext ctx) {
        SignDocumentHandler.SignRequest request = SignDocumentHandler.request(ctx);
        ReceivedBody body = Bodies.received(ctx);
        String contentType = ctx.request().getHeader("Content-Type");
        String owner = AuthenticateHandler.role(ctx);
        String callback = CallbackDeliveries.urlOrNull(ctx);
        BatchJobs b = batches.get();
        pool.submit(body.size(), () -> {
                    List<MultipartDocuments.Document> documents =
                            MultipartDocuments.parse(contentType, body.bytes(), BatchJobs.MAX_DOCUMENTS);
                    for (int i = 0; i < documents.size(); i++) {
                        byte[] content = documents.get(i).content();
                        if (content.length < PDF_MAGIC.length
                                || !Arrays.equals(content, 0, PDF_MAGIC.length, PDF_MAGIC, 0, PDF_MAGIC.length)) {
                            throw new HttpProblem(
                                    415,
                                    "unsupported-document",
                                    "Unsupported media type",
                                    "document " + (i + 1) + " of the batch is not a PDF (judged by its first bytes)");
                        }
                    }
                    return b.accept(owner, request, documents, callback);
                })
                .onComplete(done -> {
                    if (done.failed()) {
                        ctx.fail(done.cause());
                        return;
                    }
                    RecordAuditHandler.accepted(
                            ctx, "/v1/sign/batch/", done.result().id());
                });
    }

    /** {@code GET /v1/sign/batch/{id}}: the batch's state, with its callback's attempts when it names one. */
    void status(RoutingContext ctx) {
        withBatch(
                ctx,
                (b, job) -> {
                    JsonObject json = status(job);
                    b.callbacks().describe(job).ifPresent(c -> json.put("callback", c));
                    return json.toBuffer();
                },
                "application/json");
    }

    /** {@code GET /v1/sign/batch/{id}/{n}}: one signed document. */
    void document(RoutingContext ctx) {
        String nText = ctx.pathParam("n");
        withBatch(
                ctx,
                (b, job) -> {
                    int count = BatchJobs.names(job).size();
                    int n = nText.matches("[0-9]{1,4}") ? Integer.parseInt(nText) : 0;
                    if (n < 1 || n > count) {
                        throw new HttpProblem(404, "not-found", "Not found", "the batch has documents 1 to " + count);
                    }
                    return Buffer.buffer(b.signed(job.id(), n).orElseThrow(() -> notSigned(job, n)));
                },
                SignDocumentHandler.PDF);
    }

    /** {@code GET /v1/sign/batch/{id}/zip}: every signed document of a finished batch. */
    void zip(RoutingContext ctx) {
        withBatch(
                ctx,
                (b, job) -> {
                    if (!job.state().finished()) {
                        throw notDone(job);
                    }
                    return Buffer.buffer(b.zip(job));
                },
                "application/zip");
    }

    /** The state of a batch as {@code GET /v1/sign/batch/{id}} answers it, without the callback. */
    static JsonObject status(JobStore.Job job) {
        JsonObject result = job.resultJsonOrNull() == null ? new JsonObject() : new JsonObject(job.resultJsonOrNull());
        JsonArray settled = result.getJsonArray("documents", new JsonArray());
        List<String> names = BatchJobs.names(job);
        JsonArray documents = new JsonArray();
        for (int n = 1; n <= names.size(); n++) {
            documents.add(
                    n <= settled.size()
                            ? settled.getJsonObject(n - 1)
                            : new JsonObject()
                                    .put("n", n)
                                    .put("name", names.get(n - 1))
                                    .put("state", "waiting"));
        }
        JsonObject json = new JsonObject()
                .put("id", job.id())
                .put("state", job.state().name().toLowerCase(Locale.ROOT))
                .put("documentsDone", job.pagesDone())
                .put("documentsTotal", names.size())
                .put("documents", documents);
        if (job.errorOrNull() != null) {
            json.put("error", job.errorOrNull());
        }
        return json;
    }

    private static HttpProblem notDone(JobStore.Job job) {
        return new HttpProblem(
                409,
                "job-not-done",
                "The job is not done",
                "the batch is " + job.state().name().toLowerCase(Locale.ROOT)
                        + (job.errorOrNull() == null ? "" : ": " + job.errorOrNull()));
    }

    private static HttpProblem notSigned(JobStore.Job job, int n) {
        if (!job.state().finished()) {
            return new HttpProblem(409, "job-not-done", "The job is not done", "document " + n + " is not signed yet");
        }
        String error =
                status(job).getJsonArray("documents").getJsonObject(n - 1).getString("error");
        return new HttpProblem(
                409,
                "document-not-signed",
                "The document was not signed",
                "document " + n + " of the batch failed" + (error == null ? "" : ": " + error));
    }

    @FunctionalInterface
    private interface BatchBody {
        Buffer apply(BatchJobs batches, JobStore.Job job) throws Exception;
    }

    private void withBatch(RoutingContext ctx, BatchBody body, String contentType) {
        String id = ctx.pathParam("id");
        Principal caller = AuthenticateHandler.principal(ctx);
        BatchJobs b = batches.get();
        pool.submit(() -> body.apply(b, visible(b, id, caller))).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
            } else {
                ctx.response().putHeader("Content-Type", contentType).putHeader("Cache-Control", "no-store");
                RecordAuditHandler.end(ctx, done.result());
            }
        });
    }

    private static JobStore.Job visible(BatchJobs batches, String id, Principal caller) {
        return batches.find(id)
                .filter(job -> BatchJobs.KIND.equals(job.kind()))
                .filter(job -> caller.covers(job.owner()))
                .orElseThrow(() -> new HttpProblem(404, "not-found", "Not found", "there is no batch with this id"));
    }
}
