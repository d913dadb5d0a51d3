package vn.signdesk.api.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.api.CallbackSecret;
import vn.signdesk.api.config.CallbackSettings;
import vn.signdesk.api.store.JobStore;

/**
 * The completion callbacks of OCR jobs and batches: a job submitted with {@code ?callback=URL}
 * (a host of {@code callbacks.allowedHosts}) has its state JSON POSTed to that URL once it is done
 * or failed, signed with the store's {@link CallbackSecret}, until the receiver answers {@code 2xx}
 * or {@code callbacks.attempts} attempts were made.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>A delivery is itself a durable job of kind {@value #KIND} in the {@link JobStore}, created by
 *       the job's thread <em>before</em> the job is marked done or failed, so no finished job lacks
 *       its delivery: it runs under a lease ({@link LeasedJobRunner}) on whichever node claims it,
 *       and a delivery whose node died is taken over once its lease expires. Its parameters are the
 *       job's id and the URL; its result, the attempts so far ({@code pagesDone} counts them), so a
 *       delivery taken over goes on with the attempts left and keeps the backoff.
 *   <li>The job links to its delivery in its result ({@code callbackDelivery}), which is how {@link
 *       #describe} finds the attempts for the job's state. A job that ran twice (its node died
 *       between the two steps) has two deliveries: the receiver may get a notification twice (at
 *       least once, never zero), and must treat {@code X-SignDesk-Job} as the key.
 *   <li>A delivery waits for its job to be finished (the job's thread marks it so just after
 *       creating the delivery), then sends; a refused attempt ({@code 3xx}, {@code 4xx}, {@code
 *       5xx}, no connection, timeout) waits {@link CallbackSettings#retryAfter} on the delivery's
 *       thread, which keeps renewing the lease.
 *   <li>The URL is checked against the allow-list when the job is submitted and again before every
 *       attempt (the list may have changed since). The client follows no redirect, speaks only
 *       {@code http} and {@code https}, and bounds the connection (5 s) and the answer (10 s).
 * </ul>
 */
final class CallbackDeliveries implements AutoCloseable {

    static final String KIND = "callback";

    /** Where a job's result names its delivery. */
    static final String LINK = "callbackDelivery";

    static final String SIGNATURE_HEADER = "X-SignDesk-Signature";
    static final String TIMESTAMP_HEADER = "X-SignDesk-Timestamp";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration JOB_POLL = Duration.ofMillis(200);
    private static final String PARAMETER = "callback";
    private static final String CONTEXT_KEY = "signdesk.callback";
    private static final String SETTING =
            CallbackSettings.ALLOWED_HOSTS.key() + " (" + CallbackSettings.ALLOWED_HOSTS.envOrNull() + ")";

    private static final Logger LOG = LoggerFactory.getLogger(CallbackDeliveries.class);

    private final JobStore store;
    private final CallbackSettings settings;
    private final Supplier<CallbackSecret> secret;
    private final Function<JobStore.Job, JsonObject> stateOf;
    private final Clock clock;
    private final HttpClient client;
    private final LeasedJobRunner runner;

    /**
     * @param secret the signing secret, read when the first notification is sent
     * @param stateOf a job's state JSON, as its {@code GET} route answers it (without the callback)
     * @param deliveryThreads how many deliveries this node runs at once (each waits out its backoff)
     */
    CallbackDeliveries(
            JobStore store,
            CallbackSettings settings,
            Supplier<CallbackSecret> secret,
            Function<JobStore.Job, JsonObject> stateOf,
            Clock clock,
            int deliveryThreads) {
        this.store = store;
        this.settings = settings;
        this.secret = secret;
        this.stateOf = stateOf;
        this.clock = clock;
        // HTTP/1.1: no h2c upgrade headers that a plain receiver might refuse
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.runner =
                new LeasedJobRunner(store, KIND, deliveryThreads, LeasedJobRunner.DEFAULT_POLL_INTERVAL, this::deliver);
    }

    /**
     * Deliveries with no host allowed and no secret, not started: every callback is refused at
     * submission, so none is ever sent (for job runners that take no callbacks).
     */
    static CallbackDeliveries none(JobStore store) {
        return new CallbackDeliveries(
                store,
                CallbackSettings.none(),
                () -> {
                    throw new IllegalStateException("no callbacks are sent");
                },
                job -> new JsonObject(),
                Clock.systemUTC(),
                1);
    }

    /** Starts claiming deliveries from the store (those of an earlier run included). */
    CallbackDeliveries start() {
        runner.start();
        return this;
    }

    /**
     * Checks {@code ?callback=} before the body is read and keeps the URL for the submit handler.
     *
     * @throws HttpProblem 400 naming {@code callbacks.allowedHosts} when the URL may not be called
     */
    void check(RoutingContext ctx) {
        String text = SignDocumentHandler.param(ctx, PARAMETER);
        if (text != null) {
            ctx.put(CONTEXT_KEY, allowed(text).toString());
        }
        ctx.next();
    }

    /** The callback URL that {@link #check} accepted, or null when the request names none. */
    static String urlOrNull(RoutingContext ctx) {
        return ctx.get(CONTEXT_KEY);
    }

    private URI allowed(String text) {
        if (settings.allowedHosts().isEmpty()) {
            throw HttpProblem.badRequest("callbacks are off on this service: " + SETTING + " lists no host");
        }
        URI url;
        try {
            url = new URI(text).normalize();
        } catch (URISyntaxException e) {
            throw HttpProblem.badRequest("the callback is not a URL");
        }
        if (!settings.allows(url)) {
            throw HttpProblem.badRequest(
                    "the callback must be an http or https URL whose host is listed in " + SETTING);
        }
        return url;
    }

    /**
     * Creates the delivery of a job's completion, when the job names a callback; the job's thread
     * calls it just before it marks the job done or failed, and puts the result in the job's result.
     *
     * @return the job's result with the link to its delivery ({@value #LINK}), or the result as it was
     */
    JsonObject scheduleFor(JobStore.Job job, JsonObject result) {
        String url = new JsonObject(job.paramsJson()).getString(PARAMETER);
        if (url == null) {
            return result;
        }
        JobStore.Job delivery = store.create(
                KIND,
                job.owner(),
                new JsonObject().put("job", job.id()).put("url", url).encode());
        return result.copy().put(LINK, delivery.id());
    }

    /** Runs the job's delivery here at once if a thread is free (after the job was marked finished). */
    void runNow(JsonObject result) {
        String id = result.getString(LINK);
        if (id != null) {
            runner.runNow(id);
        }
    }

    /** The params of a job, with its callback URL when it names one. */
    static JsonObject withCallback(JsonObject params, String urlOrNull) {
        return urlOrNull == null ? params : params.put(PARAMETER, urlOrNull);
    }

    /**
     * The {@code callback} member of a job's state ({@code url}, {@code delivered}, {@code attempts}
     * with each one's time and HTTP status or error), or empty when the job names no callback.
     * Blocking: reads the delivery from the store.
     */
    Optional<JsonObject> describe(JobStore.Job job) {
        String url = new JsonObject(job.paramsJson()).getString(PARAMETER);
        if (url == null) {
            return Optional.empty();
        }
        String link = job.resultJsonOrNull() == null ? null : new JsonObject(job.resultJsonOrNull()).getString(LINK);
        Optional<JobStore.Job> delivery = link == null ? Optional.empty() : store.find(link);
        JsonObject progress = delivery.map(CallbackDeliveries::progress).orElseGet(JsonObject::new);
        return Optional.of(new JsonObject()
                .put("url", url)
                .put(
                        "delivered",
                        delivery.map(d -> d.state() == JobStore.State.DONE).orElse(false))
                .put("attempts", progress.getJsonArray("attempts", new JsonArray())));
    }

    private static JsonObject progress(JobStore.Job delivery) {
        return delivery.resultJsonOrNull() == null ? new JsonObject() : new JsonObject(delivery.resultJsonOrNull());
    }

    private void deliver(JobStore.Job delivery, LeasedJobRunner.Lease lease) throws InterruptedException {
        JsonObject params = new JsonObject(delivery.paramsJson());
        String jobId = params.getString("job");
        URI url = URI.create(params.getString("url"));
        JobStore.Job job = awaitFinished(jobId, lease);
        byte[] body = stateOf.apply(job).encode().getBytes(StandardCharsets.UTF_8);
        JsonArray attempts = progress(delivery).getJsonArray("attempts", new JsonArray());
        store.start(delivery.id(), settings.attempts());
        while (attempts.size() < settings.attempts()) {
            if (!attempts.isEmpty()) {
                Instant last = Instant.parse(
                        attempts.getJsonObject(attempts.size() - 1).getString("at"));
                sleepUntil(last.plus(settings.retryAfter(attempts.size())), lease);
            }
            if (!settings.allows(url)) {
                attempts.add(attempt().put("error", "the host is no longer listed in " + SETTING));
                break;
            }
            JsonObject attempt = send(url, jobId, delivery.id(), body);
            attempts.add(attempt);
            JsonObject result = new JsonObject().put("attempts", attempts);
            Integer status = attempt.getInteger("status");
            if (status != null && status / 100 == 2) {
                store.complete(delivery.id(), result.encode());
                LOG.info("callback of job {} delivered at attempt {}", jobId, attempts.size());
                return;
            }
            store.progress(delivery.id(), attempts.size(), result.encode());
        }
        store.progress(
                delivery.id(),
                attempts.size(),
                new JsonObject().put("attempts", attempts).encode());
        store.fail(delivery.id(), "not delivered after " + attempts.size() + " attempt(s)");
        LOG.warn("callback of job {} not delivered after {} attempt(s)", jobId, attempts.size());
    }

    /** One POST of the notification, as a record of the attempt: its time and the HTTP status or the error. */
    private JsonObject send(URI url, String jobId, String deliveryId, byte[] body) throws InterruptedException {
        JsonObject attempt = attempt();
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(ANSWER_TIMEOUT)
                .header("Content-Type", "application/json")
                .header(TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(SIGNATURE_HEADER, secret.get().signature(timestamp, body))
                .header("X-SignDesk-Job", jobId)
                .header("X-SignDesk-Delivery", deliveryId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            return attempt.put("status", response.statusCode());
        } catch (IOException e) {
            // the receiver's own words may be long or odd: the kind of failure is enough
            return attempt.put(
                    "error",
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + abbreviate(e.getMessage())));
        }
    }

    private JsonObject attempt() {
        return new JsonObject().put("at", clock.instant().toString());
    }

    private static String abbreviate(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "...";
    }

    /** The job once it is finished: at once, unless its thread is between creating the delivery and marking it. */
    private JobStore.Job awaitFinished(String jobId, LeasedJobRunner.Lease lease) throws InterruptedException {
        while (true) {
            JobStore.Job job = store.find(jobId)
                    .orElseThrow(() -> new IllegalStateException("the job " + jobId + " of a callback is gone"));
            if (job.state().finished()) {
                return job;
            }
            requireHeld(lease);
            Thread.sleep(JOB_POLL.toMillis());
        }
    }

    private void sleepUntil(Instant when, LeasedJobRunner.Lease lease) throws InterruptedException {
        while (clock.instant().isBefore(when)) {
            requireHeld(lease);
            long millis = Duration.between(clock.instant(), when).toMillis();
            Thread.sleep(Math.max(1, Math.min(millis, JOB_POLL.toMillis())));
        }
    }

    private static void requireHeld(LeasedJobRunner.Lease lease) {
        if (lease.lost()) {
            throw new IllegalStateException("the delivery was taken over by another node");
        }
    }

    /** Stops claiming deliveries and gives the ones under way back to the queue. */
    @Override
    public void close() {
        runner.close();
    }
}
