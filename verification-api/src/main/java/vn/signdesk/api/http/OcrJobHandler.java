package vn.signdesk.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import vn.signdesk.api.SigningProfile;
import vn.signdesk.api.SigningRuntime;
import vn.signdesk.api.credentials.Principal;
import vn.signdesk.api.store.JobStore;
import vn.signdesk.ocr.OcrInput;
import vn.signdesk.ocr.OcrLimits;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.SigningKey;

/**
 * The OCR job routes: {@code POST /v1/ocr} (a PDF, TIFF, PNG or JPEG body, {@code ?lang=}) answers
 * {@code 202 {"id"}}; {@code GET /v1/ocr/{id}} the job's state and progress; {@code /text} and
 * {@code /pdf} its outputs once done; {@code POST /v1/ocr/{id}/certify?profile=} the searchable PDF/A
 * signed with a profile's key (the branch copy stamp for {@code branch-copy}) at the profile's level.
 *
 * <p>A job is visible only to the role that created it (and to admin); to anyone else it does not
 * exist (404), so ids cannot be probed. Store and file access run on the blocking pool.
 */
final class OcrJobHandler {

    static final long MAX_BODY = OcrLimits.DEFAULT.maxBytes();
    static final Set<String> MEDIA_TYPES = Set.of("application/pdf", "image/tiff", "image/png", "image/jpeg");

    private final Supplier<OcrJobs> jobs;
    private final Supplier<SigningRuntime> runtime;
    private final CryptoPool pool;

    OcrJobHandler(Supplier<OcrJobs> jobs, Supplier<SigningRuntime> runtime, CryptoPool pool) {
        this.jobs = jobs;
        this.runtime = runtime;
        this.pool = pool;
    }

    /** Checks the media type and {@code ?lang=} before the body is read. */
    void check(RoutingContext ctx) {
        String header = ctx.request().getHeader("Content-Type");
        String type = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!MEDIA_TYPES.contains(type)) {
            ctx.fail(HttpProblem.unsupportedMediaType("application/pdf, image/tiff, image/png or image/jpeg"));
            return;
        }
        String lang = languages(ctx);
        if (lang != null) {
            try {
                jobs.get().ocr().requireLanguages(lang);
            } catch (IllegalArgumentException e) {
                throw HttpProblem.badRequest(e.getMessage());
            }
        }
        ctx.next();
    }

    /** Stores the job and its input, queues it, answers 202 with its id. */
    void submit(RoutingContext ctx) {
        ReceivedBody body = Bodies.received(ctx);
        String lang = languages(ctx);
        String callback = CallbackDeliveries.urlOrNull(ctx);
        String owner = AuthenticateHandler.role(ctx);
        OcrJobs j = jobs.get();
        pool.submit(() -> {
                    // read here, not on the event loop: a large scan was spooled to disk
                    byte[] bytes = body.bytes();
                    String mediaType = OcrInput.of(bytes).mediaTypeOrNull();
                    if (mediaType == null) {
                        throw new HttpProblem(
                                415,
                                "unsupported-document",
                                "Unsupported media type",
                                "the body is not a PDF, TIFF, PNG or JPEG (judged by its first bytes)");
                    }
                    if (mediaType.equals("application/pdf")) {
                        // before the job is stored: its pages are read by PDFBox later, on the OCR pool
                        SigningRuntime.DOCUMENT_LIMITS.readBudget().check(bytes);
                    }
                    return j.accept(owner, bytes, lang, callback);
                })
                .onComplete(done -> {
                    if (done.failed()) {
                        ctx.fail(done.cause());
                        return;
                    }
                    RecordAuditHandler.accepted(ctx, "/v1/ocr/", done.result().id());
                });
    }

    /** {@code GET /v1/ocr/{id}}: the job's state, with its callback's attempts when it names one. */
    void status(RoutingContext ctx) {
        withJob(
                ctx,
                job -> {
                    JsonObject json = state(job);
                    jobs.get().callbacks().describe(job).ifPresent(c -> json.put("callback", c));
                    return json.toBuffer().getBytes();
                },
                "application/json");
    }

    /** The state of an OCR job as {@code GET /v1/ocr/{id}} answers it, without the callback. */
    static JsonObject state(JobStore.Job job) {
        JsonObject json = new JsonObject()
                .put("id", job.id())
                .put("state", job.state().name().toLowerCase(Locale.ROOT))
                .put("pagesDone", job.pagesDone())
                .put("pagesTotal", job.pagesTotal());
        JsonObject result = job.resultJsonOrNull() == null ? new JsonObject() : new JsonObject(job.resultJsonOrNull());
        json.put("pages", result.getJsonArray("pages", new JsonArray()));
        if (result.getString("sourceSha256") != null) {
            json.put("sourceSha256", result.getString("sourceSha256"));
        }
        if (job.errorOrNull() != null) {
            json.put("error", job.errorOrNull());
        }
        return json;
    }

    /** {@code GET /v1/ocr/{id}/text}: the text, pages separated by form feeds. */
    void text(RoutingContext ctx) {
        output(ctx, OcrJobs.TEXT_FILE, "text/plain; charset=utf-8");
    }

    /** {@code GET /v1/ocr/{id}/pdf}: the searchable PDF/A. */
    void pdf(RoutingContext ctx) {
        output(ctx, OcrJobs.PDF_FILE, "application/pdf");
    }

    /** {@code POST /v1/ocr/{id}/certify?profile=}: checks the profile and the caller's right to it. */
    void authorizeCertify(RoutingContext ctx) {
        SigningProfile profile = SignDocumentHandler.permittedProfile(ctx, runtime.get(), "branch-copy");
        ctx.put("signdesk.profile", profile);
        ctx.next();
    }

    /** Signs the job's PDF/A with the profile's key, visible appearance, at the profile's level. */
    void certify(RoutingContext ctx) {
        SigningProfile profile = ctx.get("signdesk.profile");
        SigningRuntime rt = runtime.get();
        withDoneJob(
                ctx,
                job -> {
                    byte[] pdf = jobs.get().output(job.id(), OcrJobs.PDF_FILE);
                    SigningKey key = rt.key(profile);
                    return rt.signer()
                            .sign(PdfInput.of(pdf), key, rt.options(profile, key, profile.defaultLevel(), true));
                },
                "application/pdf");
    }

    private void output(RoutingContext ctx, String file, String contentType) {
        withDoneJob(ctx, job -> jobs.get().output(job.id(), file), contentType);
    }

    @FunctionalInterface
    private interface JobBody {
        byte[] apply(JobStore.Job job) throws Exception;
    }

    private void withDoneJob(RoutingContext ctx, JobBody body, String contentType) {
        withJob(
                ctx,
                job -> {
                    if (job.state() != JobStore.State.DONE) {
                        throw new HttpProblem(
                                409,
                                "job-not-done",
                                "The job is not done",
                                "the OCR job is " + job.state().name().toLowerCase(Locale.ROOT)
                                        + (job.errorOrNull() == null ? "" : ": " + job.errorOrNull()));
                    }
                    return body.apply(job);
                },
                contentType);
    }

    /** Answers what {@code body} makes of the caller's job, on the blocking pool. */
    private void withJob(RoutingContext ctx, JobBody body, String contentType) {
        String id = ctx.pathParam("id");
        Principal principal = AuthenticateHandler.principal(ctx);
        OcrJobs j = jobs.get();
        pool.submit(() -> body.apply(visible(j, id, principal))).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
            } else {
                ctx.response().putHeader("Content-Type", contentType).putHeader("Cache-Control", "no-store");
                RecordAuditHandler.end(ctx, Buffer.buffer(done.result()));
            }
        });
    }

    private static JobStore.Job visible(OcrJobs jobs, String id, Principal principal) {
        return jobs.find(id)
                .filter(job -> OcrJobs.KIND.equals(job.kind()))
                .filter(job -> principal.covers(job.owner()))
                .orElseThrow(() -> new HttpProblem(404, "not-found", "Not found", "there is no OCR job with this id"));
    }

    /**
     * The {@code lang} query parameter, e.g. {@code vie+eng}. Written unescaped in a URL, the
     * {@code +} arrives as a space (form encoding), so spaces join languages too.
     */
    private static String languages(RoutingContext ctx) {
        String lang = SignDocumentHandler.param(ctx, "lang");
        return lang == null ? null : lang.trim().replaceAll("\\s+", "+");
    }
}
