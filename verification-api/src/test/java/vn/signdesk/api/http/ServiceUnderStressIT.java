package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.signdesk.api.http.TestPdfs.aPdf;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.SignDeskConfig;
import vn.signdesk.signing.GeneratedPdfs;

/**
 * The service under concurrent load and under hostile input, on a Vert.x that reports any event
 * loop blocked for more than {@value #MAX_EVENT_LOOP_MS} ms: the test fails when such a report
 * shows the loop computing (see {@link EventLoopWatch} for how reports of a loop the machine merely
 * did not schedule are set apart), so work that slipped onto an event loop shows up here.
 *
 * <p>Vert.x's blocked thread checker logs its warnings through a logger that an
 * {@link EventLoopWatch} listens to; the watch sets apart the warnings of loops the operating
 * system merely did not schedule (this machine's load can be ten times its cores). That the
 * capture works is checked first by keeping an event loop busy on purpose. Requests refused with
 * 503 (the crypto pool is full: backpressure) are retried after their Retry-After, as a client
 * should, so every request of the load is eventually served.
 */
class ServiceUnderStressIT {

    static final long MAX_EVENT_LOOP_MS = 100;
    static final Path CORPUS = Path.of("../../shared/corpus");

    @TempDir
    static Path dir;

    static Vertx vertx;
    static Vertx clientVertx;
    static WebClient client;
    static SignDeskServer server;
    static Path dataDir;
    static EventLoopWatch watch;

    @BeforeAll
    static void start() throws Exception {
        watch = EventLoopWatch.attach();

        vertx = Vertx.vertx(new VertxOptions()
                .setBlockedThreadCheckInterval(20)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(MAX_EVENT_LOOP_MS)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
                // a stack trace with every warning: it shows what blocked
                .setWarningExceptionTime(MAX_EVENT_LOOP_MS)
                .setWarningExceptionTimeUnit(TimeUnit.MILLISECONDS));
        clientVertx = Vertx.vertx();
        client = WebClient.create(clientVertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(200));

        // the capture works: an event loop blocked on purpose is reported
        vertx.runOnContext(v -> busyFor(3 * MAX_EVENT_LOOP_MS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (watch.findings().stream().noneMatch(EventLoopWatch.Finding::busy) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(watch.findings())
                .as("an event loop kept busy on purpose is reported as busy: %s", watch.findings())
                .anyMatch(EventLoopWatch.Finding::busy);

        dataDir = dir.resolve("data");
        SignDeskConfig config = DemoServerCalls.demoConfig(dataDir);
        server = SignDeskServer.startDemo(vertx, config, Clock.systemUTC()).await(3, TimeUnit.MINUTES);
        server.ready().await(3, TimeUnit.MINUTES);
    }

    @BeforeEach
    void warmUpAndClear() {
        // first use of each route loads classes; then only what the test does counts
        byte[] pdf = aPdf().build();
        for (String route : List.of("/v1/verify", "/v1/timestamp", "/v1/sign?profile=branch-copy&level=B-B")) {
            assertThat(post(route, "application/pdf", pdf).statusCode()).isEqualTo(200);
        }
        assertThat(post("/tsa", "application/timestamp-query", timestampQuery(0))
                        .statusCode())
                .isEqualTo(200);
        watch.clear();
    }

    @AfterAll
    static void stop() throws Exception {
        watch.detach();
        if (server != null) {
            server.close().await(1, TimeUnit.MINUTES);
        }
        client.close();
        clientVertx.close().await(1, TimeUnit.MINUTES);
        vertx.close().await(1, TimeUnit.MINUTES);
    }

    @Test
    void mixedLoad_200Concurrent_allServedWithoutBlockingAnEventLoop() throws Exception {
        byte[] pdf = aPdf().pages(2).build();
        byte[] signed = post("/v1/sign?profile=department-seal&level=B-T", "application/pdf", pdf)
                .body()
                .getBytes();
        watch.clear();

        AtomicInteger busy = new AtomicInteger();
        List<Future<Integer>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Request request =
                    switch (i % 4) {
                        case 0 -> new Request("/v1/verify", "application/pdf", signed);
                        case 1 -> new Request("/v1/sign?profile=branch-copy&level=B-T", "application/pdf", pdf);
                        case 2 -> new Request("/v1/timestamp", "application/pdf", pdf);
                        default -> new Request("/tsa", "application/timestamp-query", timestampQuery(i));
                    };
            all.add(sendUntilServed(request, busy));
        }
        Future.all(all).await(5, TimeUnit.MINUTES);

        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Future<Integer> f : all) {
            statuses.merge(f.result(), 1, Integer::sum);
        }
        System.out.printf("200 concurrent mixed requests: statuses %s, 503 retries %d%n", statuses, busy.get());
        assertThat(statuses).containsOnlyKeys(200);
        assertNoEventLoopBlocked();
        assertThat(get("/health/ready")).isEqualTo(200);
    }

    @Tag("conformance")
    @Test
    void verify_everyCorpusFile_answersWithoutServerErrorOrHang() throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        for (String set : List.of("C_malformed", "A_attacks", "B_signed_known_verdict")) {
            try (Stream<Path> s = Files.list(CORPUS.resolve(set))) {
                for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".pdf"))
                        .toList()) {
                    files.put(CORPUS.relativize(p).toString(), Files.readAllBytes(p));
                }
            }
        }
        assertThat(files).as("corpus files under %s", CORPUS.toAbsolutePath()).hasSizeGreaterThan(60);

        assertEachVerifiedWithoutServerError(files);
    }

    @Test
    void verify_everyGeneratedPdf_answersWithoutServerErrorOrHang() {
        Map<String, byte[]> files = new TreeMap<>();
        GeneratedPdfs.all().forEach(n -> files.put(n.getName(), n.getPayload()));

        assertEachVerifiedWithoutServerError(files);
    }

    /** Each file gets a report or a documented problem, never a 5xx, and the service stays ready. */
    private void assertEachVerifiedWithoutServerError(Map<String, byte[]> files) {
        Map<String, String> serverErrors = new TreeMap<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        files.forEach((name, bytes) -> {
            HttpResponse<Buffer> r = DemoServerCalls.send(
                    client, server.port(), HttpMethod.POST, "/v1/verify", "application/pdf", auth(), bytes);
            statuses.merge(r.statusCode(), 1, Integer::sum);
            if (r.statusCode() >= 500) {
                serverErrors.put(name, r.statusCode() + " " + r.bodyAsString());
            } else if (r.statusCode() >= 400) {
                // a documented problem; its detail may speak of passwords (an encrypted PDF), so the
                // common check of DemoServerCalls does not fit here
                assertThat(r.getHeader("Content-Type")).as(name).isEqualTo("application/problem+json");
                JsonObject problem = r.bodyAsJsonObject();
                assertThat(problem.getString("type")).as(name).startsWith(ProblemHandler.TYPE_BASE);
                assertThat(problem.getInteger("status")).as(name).isEqualTo(r.statusCode());
                assertThat(r.bodyAsString())
                        .as(name)
                        .doesNotContain("Exception")
                        .doesNotContain(dir.toString());
            } else {
                assertThat(r.bodyAsJsonObject().getString("verdict")).as(name).isNotBlank();
            }
        });
        System.out.printf("%d files verified: statuses %s%n", files.size(), statuses);
        assertThat(serverErrors).as("files answered with a server error").isEmpty();
        assertThat(get("/health/ready")).isEqualTo(200);
        assertNoEventLoopBlocked();
    }

    // --- helpers

    private record Request(String path, String contentType, byte[] body) {}

    /** Sends until the answer is not a 503, waiting as long as its Retry-After says between tries. */
    private static Future<Integer> sendUntilServed(Request request, AtomicInteger busy) {
        Promise<Integer> result = Promise.promise();
        attempt(request, busy, result, System.nanoTime() + TimeUnit.MINUTES.toNanos(4));
        return result.future();
    }

    private static void attempt(Request r, AtomicInteger busy, Promise<Integer> result, long deadline) {
        HttpRequest<Buffer> http = client.request(HttpMethod.POST, server.port(), "127.0.0.1", r.path())
                .putHeader("Content-Type", r.contentType());
        if (r.path().startsWith("/v1/")) {
            http.putHeader("Authorization", auth());
        }
        http.sendBuffer(Buffer.buffer(r.body())).onComplete(done -> {
            if (done.failed()) {
                result.fail(done.cause());
            } else if (done.result().statusCode() == 503 && System.nanoTime() < deadline) {
                long retryAfter = Long.parseLong(done.result().getHeader("Retry-After"));
                busy.incrementAndGet();
                clientVertx.setTimer(TimeUnit.SECONDS.toMillis(retryAfter), t -> attempt(r, busy, result, deadline));
            } else {
                if (done.result().statusCode() != 200) {
                    System.out.printf(
                            "%s answered %d: %s%n",
                            r.path(), done.result().statusCode(), done.result().bodyAsString());
                }
                result.complete(done.result().statusCode());
            }
        });
    }

    private static HttpResponse<Buffer> post(String path, String contentType, byte[] body) {
        return DemoServerCalls.send(
                client,
                server.port(),
                HttpMethod.POST,
                path,
                contentType,
                path.startsWith("/v1/") ? auth() : null,
                body);
    }

    private static int get(String path) {
        return DemoServerCalls.send(client, server.port(), HttpMethod.GET, path, null, null, null)
                .statusCode();
    }

    private static String auth() {
        JsonObject credentials = DemoServerCalls.credentials(dataDir);
        return "Bearer " + credentials.getString("admin");
    }

    private static void assertNoEventLoopBlocked() {
        List<EventLoopWatch.Finding> all = watch.findings();
        if (!all.isEmpty()) {
            System.out.printf(
                    "blocked thread checker warnings (descheduled ones are the machine's load):%n%s%n",
                    String.join("\n", EventLoopWatch.describe(all)));
        }
        assertThat(EventLoopWatch.describe(watch.busyLoops()))
                .as("event loops that computed for %d ms or more in one task", MAX_EVENT_LOOP_MS / 2)
                .isEmpty();
    }

    private static byte[] timestampQuery(int seed) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("hồ sơ " + seed).getBytes());
            TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
            generator.setCertReq(true);
            return generator
                    .generate(TSPAlgorithms.SHA256, digest, BigInteger.valueOf(seed + 1L))
                    .getEncoded();
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Keeps the current thread on a CPU for {@code ms} of CPU time (wall time may be much longer). */
    private static void busyFor(long ms) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long end = threads.getCurrentThreadCpuTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (threads.getCurrentThreadCpuTime() < end) {
            Thread.onSpinWait();
        }
    }
}
