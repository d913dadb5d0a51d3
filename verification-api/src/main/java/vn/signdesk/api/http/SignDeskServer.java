package vn.signdesk.api.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.api.CallbackSecret;
import vn.signdesk.api.SelfWarmup;
import vn.signdesk.api.SignDeskConfig;
import vn.signdesk.api.SigningRuntime;
import vn.signdesk.api.credentials.Credentials;
import vn.signdesk.api.credentials.HashedApiKeys;
import vn.signdesk.api.store.JobStore;
import vn.signdesk.api.store.Store;
import vn.signdesk.ocr.OcrConfig;
import vn.signdesk.ocr.TesseractOcr;
import vn.signdesk.signing.PdfReadBudget;
import vn.signdesk.signing.preview.PreviewLimits;
import vn.signdesk.signing.preview.SignaturePageRenderer;

/**
 * The SignDesk HTTP service on Vert.x: the routes of CONTRACT.md ("HTTP") that exist so far and the
 * web page at {@code /} ({@link ServeWebPageHandler}), listening on {@code SIGNDESK_HTTP_PORT}
 * (127.0.0.1 only in demo mode).
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>The server listens at once and builds the {@link SigningRuntime} (on first start: the
 *       whole demo PKI) on the crypto pool meanwhile. Until it is built {@code /health/ready}
 *       answers 503 and the routes that need it answer a 503 problem with {@code Retry-After};
 *       {@link #ready()} tells when it is done or why it failed. Started by {@link #startFor} (as
 *       {@code signdesk serve} starts it), the server then warms up ({@link SelfWarmup}) on a thread
 *       of its own before {@link #ready()} completes, serving requests meanwhile; {@code
 *       /health/ready} has a {@code warmup} check that says how far it is.
 *   <li>The event loop only parses, authenticates and checks limits; all blocking work goes to the
 *       bounded {@link CryptoPool}. Each route declares its own body limit and media type, checked
 *       before the body is buffered, and after authentication for {@code /v1/*}.
 *   <li>Every failure goes through one {@link ProblemHandler}, registered both as the failure
 *       handler of every route and as the router's handler of unmatched requests (404, 405).
 *   <li>{@link #close()} stops accepting connections and lets requests in flight finish, up to a
 *       grace period.
 *   <li>The {@link ServiceStore} (database, audit trail) opens before the server listens; every
 *       request of {@code /v1/*} and {@code /tsa} is recorded before it is answered
 *       ({@link RecordAuditHandler}).
 *   <li>Operations: {@link LogRequestHandler} logs and measures every request ({@link
 *       ServiceMetrics}, {@code /metrics}); {@link ReadinessChecks} back {@code /health/ready}; with
 *       {@code tls.enabled} a second, HTTPS listener ({@link TlsListener}) serves the same router
 *       and {@link AuthenticateHandler} also accepts known client certificates.
 * </ul>
 */
public final class SignDeskServer {

    /** How long {@link #close()} waits for requests in flight. */
    public static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

    /** The largest OCSP request accepted; real ones are a few hundred bytes. */
    static final long MAX_OCSP_BODY = 8 * 1024;

    /** What the service keeps for itself on the heap, beside the documents: caches, DSS, Vert.x, OCR pages. */
    static final long HEAP_RESERVE = 256L << 20;

    /** The least the crypto pool's documents may take, however small the heap. */
    static final long MIN_DOCUMENT_BYTES = 64L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(SignDeskServer.class);

    private final Vertx vertx;
    private final SignDeskConfig config;
    private final CryptoPool pool;
    private final ServiceStore store;
    private final OcrJobs ocrJobsOrNull;
    private final Credentials credentials;
    private final BatchJobs batchJobs;
    private final CallbackDeliveries callbacks;
    private final AtomicReference<SigningRuntime> runtime = new AtomicReference<>();
    private final Promise<Void> ready = Promise.promise();
    private final ServiceMetrics metrics = new ServiceMetrics();
    private final Duration warmupMax;
    private volatile SelfWarmup warmupOrNull;
    private volatile Thread warmupThreadOrNull;
    private volatile HttpServer server;
    private volatile HttpServer tlsServer;
    private volatile Router router;

    private SignDeskServer(
            Vertx vertx, SignDeskConfig config, Clock clock, Credentials credentials, Duration warmupMax) {
        this.vertx = vertx;
        this.warmupMax = warmupMax;
        this.config = config;
        this.credentials = credentials;
        this.store = ServiceStore.open(vertx, config, clock);
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        // 64 waiting tasks a thread: about 0.2 s of one-page verifications, so a short stall of the
        // machine is absorbed rather than refused; the documents they hold what the workers leave
        long heap = Runtime.getRuntime().maxMemory();
        PdfReadBudget budget = SigningRuntime.DOCUMENT_LIMITS.readBudget();
        if (heap < minimumHeap(threads, budget)) {
            LOG.warn(
                    "the heap ({} MiB) is smaller than {} crypto workers reading worst-case documents need ({} MiB);"
                            + " give the JVM -Xmx{}m (SIGNDESK_JAVA_OPTS)",
                    heap >> 20,
                    threads,
                    minimumHeap(threads, budget) >> 20,
                    minimumHeap(threads, budget) >> 20);
        }
        this.pool = new CryptoPool(vertx, threads, threads * 64, documentBytesBudget(heap, threads, budget));
        metrics.bindCryptoPool(pool);
        metrics.bindCertificateChecks(() -> {
            SigningRuntime rt = runtime.get();
            return rt == null ? null : rt.certificateCheckStats();
        });
        this.callbacks = callbacks(config, store, clock);
        this.ocrJobsOrNull = startOcr(store, callbacks);
        // one batch at a time per node, beside the crypto pool; 64 more may wait (in the store, for any node)
        this.batchJobs = new BatchJobs(store.store().jobs(), store.store().files(), runtime::get, callbacks, 1, 64);
    }

    /** The completion callbacks, signed with the store's secret (read when the first one is sent). */
    private static CallbackDeliveries callbacks(SignDeskConfig config, ServiceStore store, Clock clock) {
        Store shared = store.store();
        AtomicReference<CallbackSecret> secret = new AtomicReference<>();
        Supplier<CallbackSecret> lazySecret =
                () -> secret.updateAndGet(s -> s != null ? s : CallbackSecret.of(shared.secrets()));
        Function<JobStore.Job, JsonObject> stateOf =
                job -> OcrJobs.KIND.equals(job.kind()) ? OcrJobHandler.state(job) : BatchSignHandler.status(job);
        // four deliveries at a time per node, each waiting out its own backoff
        return new CallbackDeliveries(shared.jobs(), config.callbacks(), lazySecret, stateOf, clock, 4).start();
    }

    /**
     * The byte budget of the crypto pool: how much heap the documents accepted (waiting or in work)
     * may take, so that every worker can read a worst-case document at the same time.
     *
     * <p>The arithmetic. A worker reading a document holds at most its decoded streams (PDFBox decodes
     * each stream whole into memory; the read budget caps them at {@code maxDecodedBytes}, 256 MiB by
     * default) and what it builds from them, reckoned at a quarter as much again (the objects, bounded
     * by the read budget too): {@code W = 1.25 * maxDecodedBytes}, 320 MiB. The service keeps {@link
     * #HEAP_RESERVE} for itself. The documents accepted take their own size. So they may take {@code
     * heap - HEAP_RESERVE - threads * W}, and never less than {@link #MIN_DOCUMENT_BYTES} (below that
     * the heap is too small and the start says so). The heap here is what the service can fill
     * ({@link Runtime#maxMemory()}), which the parallel collector keeps up to a ninth under {@code
     * -Xmx} (a survivor space): {@code ./signdesk}'s default {@code -Xmx} is {@code HEAP_RESERVE +
     * threads * W} plus 256 MiB for the documents, times 9/8: 1 296 MiB on two cores.
     */
    static long documentBytesBudget(long maxHeap, int threads, PdfReadBudget budget) {
        return Math.max(MIN_DOCUMENT_BYTES, maxHeap - minimumHeap(threads, budget) + MIN_DOCUMENT_BYTES);
    }

    /** The heap that lets every worker read a worst-case document with the least room for the documents. */
    static long minimumHeap(int threads, PdfReadBudget budget) {
        return HEAP_RESERVE + threads * (budget.maxDecodedBytes() + budget.maxDecodedBytes() / 4) + MIN_DOCUMENT_BYTES;
    }

    /**
     * The OCR jobs over the system Tesseract, claiming from the store (unfinished jobs of the last run included);
     * null (and the OCR routes answer 503) when Tesseract or its language data is missing.
     */
    private static OcrJobs startOcr(ServiceStore store, CallbackDeliveries callbacks) {
        TesseractOcr ocr;
        try {
            ocr = TesseractOcr.start(OcrConfig.defaults());
        } catch (RuntimeException e) {
            LOG.warn("OCR is unavailable: {}", e.getMessage());
            return null;
        }
        // two jobs at a time, each spreading its pages over all the OCR workers; 64 more may wait
        // (in the store, for any node)
        return new OcrJobs(store.store().jobs(), store.store().files(), ocr, callbacks, 2, 64).start();
    }

    /** The OCR jobs, or a 503 problem when OCR is unavailable on this node. */
    private OcrJobs ocrJobs() {
        if (ocrJobsOrNull == null) {
            throw HttpProblem.unavailable(
                    "ocr-unavailable", "OCR is unavailable", "OCR is not installed on this node; see its log", 60);
        }
        return ocrJobsOrNull;
    }

    /**
     * Starts the demo service: reads or creates the demo credentials (and, when {@code
     * credentials.apiKeysFile} is set, accepts its keys too), listens, and builds the demo signing
     * runtime under the data directory.
     *
     * @return completes when the server listens; {@link #ready()} completes later
     */
    public static Future<SignDeskServer> startDemo(Vertx vertx, SignDeskConfig config, Clock clock) {
        return startDemo(vertx, config, clock, Duration.ZERO);
    }

    private static Future<SignDeskServer> startDemo(
            Vertx vertx, SignDeskConfig config, Clock clock, Duration warmupMax) {
        if (config.mode() != SignDeskConfig.Mode.DEMO) {
            // before the demo credentials are created: production never gets them
            return Future.failedFuture(new IllegalArgumentException(
                    "mode (SIGNDESK_MODE): production never uses the demo PKI or the demo credentials"));
        }
        Credentials credentials;
        try {
            ApiKeys demo = ApiKeys.loadOrCreateDemo(config.dataDir());
            credentials = config.credentials().apiKeysFileOrNull() == null
                    ? demo
                    : Credentials.firstOf(List.of(
                            demo, HashedApiKeys.open(config.credentials().apiKeysFileOrNull(), clock)));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return start(
                vertx,
                config,
                credentials,
                clock,
                warmupMax,
                store -> SigningRuntime.demo(config, clock, store.secrets()));
    }

    /**
     * Starts the service of the configuration's mode, as {@code signdesk serve} runs it: {@link
     * #startDemo} or {@link #startProduction}, and then a warm-up ({@link SelfWarmup}) of at most
     * {@code warmup.maxSeconds} before {@link #ready()} completes. The other start methods, which
     * embed the service (the tests among others), do not warm up: they are ready once the runtime is
     * built.
     *
     * @param env the environment, for the secrets that production settings name by variable
     */
    public static Future<SignDeskServer> startFor(
            Vertx vertx, SignDeskConfig config, Clock clock, java.util.Map<String, String> env) {
        return config.mode() == SignDeskConfig.Mode.DEMO
                ? startDemo(vertx, config, clock, config.warmupMax())
                : startProduction(vertx, config, clock, env, config.warmupMax());
    }

    /**
     * Starts the production service: reads the API key file, listens, and builds the configured
     * runtime (opening every key: a wrong PIN or a missing key fails {@link #ready()} with the
     * setting's name). Nothing of the demo exists: no demo PKI, no {@code /pki} or {@code /tsa} route,
     * no demo credentials.
     */
    public static Future<SignDeskServer> startProduction(
            Vertx vertx, SignDeskConfig config, Clock clock, java.util.Map<String, String> env) {
        return startProduction(vertx, config, clock, env, Duration.ZERO);
    }

    private static Future<SignDeskServer> startProduction(
            Vertx vertx, SignDeskConfig config, Clock clock, java.util.Map<String, String> env, Duration warmupMax) {
        Credentials credentials;
        try {
            credentials = HashedApiKeys.open(config.credentials().apiKeysFileOrNull(), clock);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        // the runtime takes the two-step token key from the store, which the nodes share
        return start(
                vertx,
                config,
                credentials,
                clock,
                warmupMax,
                store -> SigningRuntime.of(config, clock, env, store.secrets()));
    }

    /**
     * Starts the service with the given credentials, which it closes when it closes (or fails to
     * start); the runtime factory runs on the crypto pool.
     *
     * @return completes when the server listens; {@link #ready()} completes later
     */
    public static Future<SignDeskServer> start(
            Vertx vertx, SignDeskConfig config, Credentials credentials, Supplier<SigningRuntime> runtimeFactory) {
        return start(vertx, config, credentials, Clock.systemUTC(), Duration.ZERO, store -> runtimeFactory.get());
    }

    /** As above, with a runtime factory that may take what it shares with other nodes from the store. */
    private static Future<SignDeskServer> start(
            Vertx vertx,
            SignDeskConfig config,
            Credentials credentials,
            Clock clock,
            Duration warmupMax,
            Function<Store, SigningRuntime> runtimeFactory) {
        ClientCertificates clientCertificates;
        SignDeskServer s;
        try {
            clientCertificates = TlsListener.clientCertificates(config.tls());
            s = new SignDeskServer(vertx, config, clock, credentials, warmupMax);
        } catch (RuntimeException e) {
            credentials.close();
            return Future.failedFuture(e);
        }
        Router router = s.router(credentials, clientCertificates);
        s.router = router;
        String host = config.mode() == SignDeskConfig.Mode.DEMO ? "127.0.0.1" : "0.0.0.0";
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(config.httpPort()))
                .requestHandler(router)
                .listen()
                .compose(listening -> {
                    s.server = listening;
                    LOG.info(
                            "listening on http://{}:{} ({} mode)",
                            host,
                            listening.actualPort(),
                            config.mode().name().toLowerCase(Locale.ROOT));
                    if (!config.tls().enabled()) {
                        return Future.succeededFuture();
                    }
                    return vertx.createHttpServer(TlsListener.options(config.tls(), host))
                            .requestHandler(router)
                            .listen()
                            .onSuccess(tls -> {
                                s.tlsServer = tls;
                                LOG.info(
                                        "listening on https://{}:{} ({} client certificates known)",
                                        host,
                                        tls.actualPort(),
                                        clientCertificates.size());
                            });
                })
                .map(listening -> {
                    s.buildRuntime(runtimeFactory);
                    return s;
                })
                .recover(e -> s.close().transform(closed -> Future.failedFuture(e)));
    }

    /** The port the server listens on: the configured one, or the one chosen for port 0. */
    public int port() {
        return server.actualPort();
    }

    /** The port of the HTTPS listener, or -1 when there is none. */
    public int tlsPort() {
        HttpServer tls = tlsServer;
        return tls == null ? -1 : tls.actualPort();
    }

    /** The routes the router serves, for checking them against the OpenAPI document. */
    java.util.List<io.vertx.ext.web.Route> routes() {
        return router.getRoutes();
    }

    /**
     * Completes when the signing runtime is built (and, when the server warms up, once it has), fails
     * with the reason it could not be built.
     */
    public Future<Void> ready() {
        return ready.future();
    }

    /** Stops accepting connections, lets requests in flight finish (up to {@link #SHUTDOWN_GRACE}), then stops the pool. */
    public Future<Void> close() {
        Thread warming = warmupThreadOrNull;
        if (warming != null) {
            warming.interrupt();
        }
        Future<Void> stopped =
                Future.join(shutdown(server), shutdown(tlsServer)).mapEmpty();
        return stopped.eventually(pool::close)
                .eventually(() -> vertx.executeBlocking(
                        () -> {
                            if (ocrJobsOrNull != null) {
                                ocrJobsOrNull.close();
                            }
                            batchJobs.close();
                            callbacks.close();
                            return null;
                        },
                        false))
                .eventually(store::close)
                .andThen(done -> {
                    credentials.close();
                    metrics.close();
                });
    }

    /** The database and audit trail of this server. */
    ServiceStore store() {
        return store;
    }

    private static Future<Void> shutdown(HttpServer serverOrNull) {
        return serverOrNull == null
                ? Future.succeededFuture()
                : serverOrNull.shutdown(SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS);
    }

    private void buildRuntime(Function<Store, SigningRuntime> factory) {
        long start = System.nanoTime();
        pool.submit(() -> factory.apply(store.store())).onComplete(done -> {
            if (done.succeeded()) {
                runtime.set(Objects.requireNonNull(done.result(), "runtime"));
                store.startHeadTimestamps(done.result().timestamper());
                batchJobs.start();
                LOG.info("signer and timestamp authority built in {} ms", (System.nanoTime() - start) / 1_000_000);
                warmUpThenReady(done.result());
            } else {
                if (done.cause() instanceof IllegalArgumentException) {
                    // a setting at fault (a PIN, a key, a file): its message names it; no stack trace
                    LOG.error(
                            "the signing runtime could not be built: {}",
                            done.cause().getMessage());
                } else {
                    LOG.error("the signing runtime could not be built", done.cause());
                }
                ready.fail(done.cause());
            }
        });
    }

    /**
     * Completes {@link #ready()}: at once, or after a warm-up on a thread of its own (requests are
     * served meanwhile; only readiness waits). A warm-up that fails leaves the node ready: it is an
     * optimisation, and the routes report their own failures.
     */
    private void warmUpThenReady(SigningRuntime rt) {
        if (warmupMax.isZero()) {
            LOG.info("ready");
            ready.complete();
            return;
        }
        SelfWarmup warmup = new SelfWarmup(rt, pool.threads(), warmupMax);
        warmupOrNull = warmup;
        Thread thread = new Thread(
                () -> {
                    try {
                        warmup.run();
                    } catch (RuntimeException e) {
                        if (Thread.currentThread().isInterrupted()) {
                            LOG.info("warm-up stopped: the server is closing");
                        } else {
                            LOG.warn("warm-up ended early, ready without it: {}", ServeCommand.message(e));
                        }
                    }
                    LOG.info("ready");
                    ready.tryComplete();
                },
                "signdesk-warmup");
        thread.setDaemon(true);
        warmupThreadOrNull = thread;
        thread.start();
    }

    /** The {@code warmup} readiness check: UP once the warm-up is over, otherwise how far it is. */
    private String warmupState() {
        SelfWarmup warmup = warmupOrNull;
        if (warmup == null) {
            throw new IllegalStateException("waits for the signer");
        }
        if (!ready.future().succeeded()) {
            throw new IllegalStateException(warmup.progress());
        }
        return warmup.progress();
    }

    /** The runtime, or a 503 problem while it is being built. */
    private SigningRuntime runtime() {
        SigningRuntime rt = runtime.get();
        if (rt == null) {
            throw HttpProblem.unavailable(
                    "starting",
                    "The service is starting",
                    ready.future().failed()
                            ? "the service could not start; see its log"
                            : "the service is still starting; retry shortly",
                    5);
        }
        return rt;
    }

    private String runtimeState() {
        if (runtime.get() != null) {
            return "UP";
        }
        return ready.future().failed() ? "FAILED" : "STARTING";
    }

    private Router router(Credentials credentials, ClientCertificates clientCertificates) {
        Router router = Router.router(vertx);
        ProblemHandler problems = new ProblemHandler();
        for (int status : new int[] {400, 404, 405, 413, 415, 429, 500}) {
            router.errorHandler(status, problems);
        }
        router.route()
                .handler(new LogRequestHandler(new RoutePatterns(router), metrics))
                .failureHandler(problems);

        List<ReadinessCheck> checks = ReadinessChecks.standard(
                runtime::get, this::runtimeState, SigningRuntime.profileNames(config), config.dataDir(), store.store());
        if (!warmupMax.isZero()) {
            checks.add(new ReadinessCheck("warmup", this::warmupState));
        }
        ReportHealthHandler health = new ReportHealthHandler(vertx, checks);
        router.get("/health/live").handler(health::live);
        router.get("/health/ready").handler(health::ready);
        router.get("/metrics").handler(new ScrapeMetricsHandler(vertx, metrics));
        ApiContract contract = ApiContract.load();
        ServeApiDocsHandler docs = new ServeApiDocsHandler(contract);
        router.get("/openapi.yaml").handler(docs::yaml);
        router.get("/docs").handler(docs::html);
        ServeWebPageHandler page = ServeWebPageHandler.load();
        router.get("/").handler(page::index);
        router.get("/app/:version/:asset").handler(page::asset);

        Supplier<SigningRuntime> rt = this::runtime;
        if (config.mode() == SignDeskConfig.Mode.DEMO) {
            ServePkiHandler pki = new ServePkiHandler(rt, pool);
            router.get("/pki/*").handler(pki);
            router.post("/pki/ocsp").handler(Bodies.readUpTo(MAX_OCSP_BODY)).handler(pki);
        }

        if (config.mode() == SignDeskConfig.Mode.DEMO) {
            // production serves no timestamps: the embedded TSA's key is the demo PKI's
            IssueTimestampHandler.serve(
                    router.post("/tsa").handler(store.recorder()),
                    () -> runtime().embeddedTsa().orElseThrow(),
                    pool);
        }

        router.route("/v1/*")
                .handler(store.recorder())
                .handler(new AuthenticateHandler(credentials, clientCertificates))
                .handler(new RateLimitHandler(config.limits()))
                .handler(new ValidateParametersHandler(vertx, contract));
        router.get("/v1/admin/audit/verify").handler(new VerifyAuditHandler(store.audit(), rt, pool));
        router.get("/v1/me").handler(new DescribeCallerHandler(rt)::describe);
        ReceiveBodyHandler.prepare(config.uploadsDir());
        LongFunction<ReceiveBodyHandler> upTo = max -> new ReceiveBodyHandler(
                vertx, config.uploadsDir(), max, config.limits().uploadThreshold());
        SignDocumentHandler sign = new SignDocumentHandler(rt, pool);
        router.post("/v1/sign")
                .handler(sign::authorize)
                .handler(Bodies.requireContentType(SignDocumentHandler.PDF))
                .handler(upTo.apply(SignDocumentHandler.MAX_BODY))
                .handler(sign::sign);
        TwoStepSignHandler twoStep = new TwoStepSignHandler(rt, pool);
        router.post("/v1/sign/prepare")
                .handler(Bodies.requireContentType(TwoStepSignHandler.JSON))
                .handler(upTo.apply(TwoStepSignHandler.MAX_BODY))
                .handler(twoStep::prepare);
        router.post("/v1/sign/complete")
                .handler(Bodies.requireContentType(TwoStepSignHandler.JSON))
                .handler(upTo.apply(TwoStepSignHandler.MAX_BODY))
                .handler(twoStep::complete);
        ExtendDocumentHandler extend = new ExtendDocumentHandler(rt, pool);
        router.post("/v1/timestamp")
                .handler(Bodies.requireContentType(SignDocumentHandler.PDF))
                .handler(upTo.apply(ExtendDocumentHandler.MAX_BODY))
                .handler(extend::timestamp);
        router.post("/v1/extend")
                .handler(extend::checkLevel)
                .handler(Bodies.requireContentType(SignDocumentHandler.PDF))
                .handler(upTo.apply(ExtendDocumentHandler.MAX_BODY))
                .handler(extend::extend);
        VerifyDocumentHandler verify = new VerifyDocumentHandler(rt, pool);
        router.post("/v1/verify")
                .handler(verify::checkQuery)
                .handler(Bodies.requireContentType(SignDocumentHandler.PDF))
                .handler(upTo.apply(VerifyDocumentHandler.MAX_BODY))
                .handler(verify::verify);
        PreviewSignaturesHandler preview =
                new PreviewSignaturesHandler(SignaturePageRenderer.withPdfBox(PreviewLimits.DEFAULT), pool);
        router.post("/v1/verify/pages")
                .handler(Bodies.requireContentType(SignDocumentHandler.PDF))
                .handler(upTo.apply(PreviewSignaturesHandler.MAX_BODY))
                .handler(preview::preview);
        BatchSignHandler batch = new BatchSignHandler(() -> batchJobs, pool);
        router.post("/v1/sign/batch")
                .handler(sign::authorize)
                .handler(callbacks::check)
                .handler(Bodies.requireContentType(BatchSignHandler.MULTIPART))
                .handler(upTo.apply(BatchSignHandler.MAX_BODY))
                .handler(batch::submit);
        router.get("/v1/sign/batch/:id").handler(batch::status);
        // before /:n, which would take "zip" for a document number
        router.get("/v1/sign/batch/:id/zip").handler(batch::zip);
        router.get("/v1/sign/batch/:id/:n").handler(batch::document);
        OcrJobHandler ocr = new OcrJobHandler(this::ocrJobs, rt, pool);
        router.post("/v1/ocr")
                .handler(ocr::check)
                .handler(callbacks::check)
                .handler(upTo.apply(OcrJobHandler.MAX_BODY))
                .handler(ocr::submit);
        router.get("/v1/ocr/:id").handler(ocr::status);
        router.get("/v1/ocr/:id/text").handler(ocr::text);
        router.get("/v1/ocr/:id/pdf").handler(ocr::pdf);
        router.post("/v1/ocr/:id/certify").handler(ocr::authorizeCertify).handler(ocr::certify);
        return router;
    }
}
