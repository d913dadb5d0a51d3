package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.SignDeskConfig;
import vn.signdesk.api.cli.Cli;

/**
 * Job completion callbacks over real HTTP: a demo service whose allow-list holds one loopback
 * receiver; the receiver is down (connection refused), then answers 503, then takes the
 * notification; the notification is the job's state, signed with the secret that {@code signdesk
 * callbacks secret} prints, and the example verifier accepts it and refuses it altered; every
 * attempt is in the job's state. URLs off the allow-list are refused before the body is read.
 */
@ExtendWith(VertxExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallbacksIT {

    private static final String BATCHES = "/v1/sign/batch/";
    private static final Path VERIFIER = Path.of("../examples/callbacks/verify-callback.sh");

    @TempDir
    static Path dir;

    static Path dataDir;
    static SignDeskServer server;
    static WebClient client;
    static int receiverPort;
    static HttpServer receiverOrNull;

    /** What the receiver was sent: headers of interest and the body. */
    record Notification(int answered, String timestamp, String signature, String job, byte[] body) {}

    static final List<Notification> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    @Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
    static void start(Vertx vertx, VertxTestContext started) throws IOException {
        dataDir = dir.resolve("data");
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            receiverPort = probe.getLocalPort();
        }
        SignDeskConfig config = SignDeskConfig.fromEnvironment(Map.of(
                "SIGNDESK_DATA_DIR",
                dataDir.toString(),
                "SIGNDESK_HTTP_PORT",
                "0",
                "SIGNDESK_CALLBACK_ALLOWED_HOSTS",
                "127.0.0.1:" + receiverPort + ",receiver.example",
                "SIGNDESK_CALLBACK_FIRST_RETRY",
                "1"));
        client = WebClient.create(vertx);
        DemoServerCalls.startDemo(vertx, config, s -> server = s).onComplete(started.succeedingThenComplete());
    }

    @AfterAll
    static void stopReceiver() {
        if (receiverOrNull != null) {
            receiverOrNull.stop(0);
        }
    }

    /** Starts the receiver on its port: it answers 503 to the first request, then 204. */
    private static void startReceiver() throws IOException {
        AtomicInteger count = new AtomicInteger();
        receiverOrNull = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), receiverPort), 16);
        receiverOrNull.createContext("/hooks/signdesk", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status = count.incrementAndGet() == 1 ? 503 : 204;
            received.add(new Notification(
                    status,
                    exchange.getRequestHeaders().getFirst("X-SignDesk-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-SignDesk-Signature"),
                    exchange.getRequestHeaders().getFirst("X-SignDesk-Job"),
                    body));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiverOrNull.start();
    }

    @Test
    @Order(1)
    @Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
    void batch_receiverDownThenUp_getsTheSignedStateAndEveryAttemptIsRecorded() throws Exception {
        String callback = "http://127.0.0.1:" + receiverPort + "/hooks/signdesk";
        HttpResponse<Buffer> accepted = submitBatch("&callback=" + URLEncoder.encode(callback, StandardCharsets.UTF_8));
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        String id = accepted.bodyAsJsonObject().getString("id");

        // the receiver is down: the first attempt finds no one listening
        JsonObject refused = awaitState(BATCHES + id, s -> attempts(s).size() >= 1);
        assertThat(attempts(refused).getJsonObject(0).getString("error")).contains("ConnectException");
        assertThat(refused.getJsonObject("callback").getBoolean("delivered")).isFalse();
        startReceiver();

        JsonObject state =
                awaitState(BATCHES + id, s -> s.getJsonObject("callback").getBoolean("delivered"));
        assertThat(state.getJsonObject("callback").getString("url")).isEqualTo(callback);
        JsonArray attempts = attempts(state);
        assertThat(attempts).hasSize(3);
        assertThat(attempts.getJsonObject(1).getInteger("status")).isEqualTo(503);
        assertThat(attempts.getJsonObject(2).getInteger("status")).isEqualTo(204);
        assertThat(attempts.stream().map(a -> ((JsonObject) a).getString("at")))
                .allSatisfy(at -> assertThat(at).matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
        assertThat(received).hasSize(2);
        Notification delivered = received.get(1);
        assertThat(delivered.answered()).isEqualTo(204);
        assertThat(delivered.job()).isEqualTo(id);
        JsonObject notified = new JsonObject(new String(delivered.body(), StandardCharsets.UTF_8));
        JsonObject expected = state.copy();
        expected.remove("callback");
        assertThat(notified).isEqualTo(expected);
        assertThat(notified.getString("state")).isEqualTo("done");
        assertThat(notified.getInteger("documentsDone")).isEqualTo(1);

        String secret = callbackSecret();
        assertThat(secret).matches("[0-9a-f]{64}");
        assertThat(verify(secret, delivered.timestamp(), delivered.signature(), delivered.body()))
                .isEqualTo(0);
        byte[] forgedBody = new String(delivered.body(), StandardCharsets.UTF_8)
                .replace("\"done\"", "\"failed\"")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(verify(secret, delivered.timestamp(), delivered.signature(), forgedBody))
                .isEqualTo(1);
        String forgedSignature =
                delivered.signature().substring(0, 70) + (delivered.signature().charAt(70) == '0' ? '1' : '0');
        assertThat(verify(secret, delivered.timestamp(), forgedSignature, delivered.body()))
                .isEqualTo(1);
        String laterTimestamp = Long.toString(Long.parseLong(delivered.timestamp()) + 1);
        assertThat(verify(secret, laterTimestamp, delivered.signature(), delivered.body()))
                .isEqualTo(1);
        assertThat(verify("0".repeat(64), delivered.timestamp(), delivered.signature(), delivered.body()))
                .isEqualTo(1);
    }

    @Test
    @Order(2)
    @Timeout(value = 2, timeUnit = TimeUnit.MINUTES)
    void ocr_jobThatFails_notifiesItsFailedStateSigned() throws Exception {
        String callback = "http://127.0.0.1:" + receiverPort + "/hooks/signdesk";
        byte[] brokenPng = "\u0089PNG\r\n\u001a\nnot an image after all".getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<Buffer> accepted = DemoServerCalls.send(
                client,
                server.port(),
                HttpMethod.POST,
                "/v1/ocr?lang=eng&callback=" + URLEncoder.encode(callback, StandardCharsets.UTF_8),
                "image/png",
                "Bearer " + key("branch"),
                brokenPng);
        assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
        String id = accepted.bodyAsJsonObject().getString("id");

        JsonObject state = awaitState(
                "/v1/ocr/" + id, "branch", s -> s.getJsonObject("callback").getBoolean("delivered"));

        assertThat(state.getString("state")).isEqualTo("failed");
        assertThat(state.getString("error")).isNotBlank();
        assertThat(attempts(state)).hasSize(1);
        assertThat(attempts(state).getJsonObject(0).getInteger("status")).isEqualTo(204);
        Notification delivered = received.get(received.size() - 1);
        assertThat(delivered.job()).isEqualTo(id);
        JsonObject expected = state.copy();
        expected.remove("callback");
        assertThat(new JsonObject(new String(delivered.body(), StandardCharsets.UTF_8)))
                .isEqualTo(expected);
        assertThat(verify(callbackSecret(), delivered.timestamp(), delivered.signature(), delivered.body()))
                .isEqualTo(0);
    }

    @Test
    void submit_callbackOffTheAllowList_is400NamingTheSetting() throws Exception {
        for (String url : List.of(
                "http://127.0.0.1:" + (receiverPort == 65535 ? 1 : receiverPort + 1) + "/hooks",
                "http://localhost:" + receiverPort + "/hooks",
                "https://evil.example/hooks",
                "http://user@127.0.0.1:" + receiverPort + "/hooks")) {
            String query = "&callback=" + URLEncoder.encode(url, StandardCharsets.UTF_8);
            HttpResponse<Buffer> batch = submitBatch(query);
            DemoServerCalls.assertProblem(batch, 400, "invalid-request", dir);
            assertThat(batch.bodyAsJsonObject().getString("detail")).contains("callbacks.allowedHosts");
            HttpResponse<Buffer> ocr = DemoServerCalls.send(
                    client,
                    server.port(),
                    HttpMethod.POST,
                    "/v1/ocr?lang=eng" + query,
                    "image/png",
                    "Bearer " + key("branch"),
                    new byte[] {(byte) 0x89, 'P', 'N', 'G'});
            DemoServerCalls.assertProblem(ocr, 400, "invalid-request", dir);
            assertThat(ocr.bodyAsJsonObject().getString("detail")).contains("callbacks.allowedHosts");
        }
        // listed, but not http or https: refused by the contract before anything else
        DemoServerCalls.assertProblem(
                submitBatch("&callback=" + URLEncoder.encode("ftp://receiver.example/x", StandardCharsets.UTF_8)),
                400,
                "invalid-parameter",
                dir);
    }

    @Test
    void status_ofAJobWithoutCallback_hasNoCallbackMember() throws Exception {
        HttpResponse<Buffer> accepted = submitBatch("");
        String id = accepted.bodyAsJsonObject().getString("id");

        JsonObject state = awaitState(BATCHES + id, s -> "done".equals(s.getString("state")));

        assertThat(state.containsKey("callback")).isFalse();
    }

    @Test
    void callbacksSecret_printedTwice_isTheSameAndNeedsTheServicesDataDirectory() {
        assertThat(callbackSecret()).isEqualTo(callbackSecret());

        CliRun run = callbacksSecret(dir.resolve("not-a-data-dir"));

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("there is no database at").contains("SIGNDESK_DATA_DIR");
        assertThat(dir.resolve("not-a-data-dir")).doesNotExist();
    }

    private static JsonArray attempts(JsonObject state) {
        return state.getJsonObject("callback").getJsonArray("attempts");
    }

    private static HttpResponse<Buffer> submitBatch(String extraQuery) throws IOException {
        return DemoServerCalls.send(
                client,
                server.port(),
                HttpMethod.POST,
                "/v1/sign/batch?profile=department-seal&level=B-B" + extraQuery,
                "multipart/form-data; boundary=signdesk-test-boundary",
                "Bearer " + key("department"),
                BatchSigningIT.form(Map.of("decision.pdf", TestPdfs.aPdf().build())));
    }

    private static JsonObject awaitState(String path, java.util.function.Predicate<JsonObject> until)
            throws InterruptedException {
        return awaitState(path, "department", until);
    }

    private static JsonObject awaitState(String path, String role, java.util.function.Predicate<JsonObject> until)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        JsonObject state = null;
        while (System.nanoTime() < deadline) {
            state = DemoServerCalls.send(client, server.port(), HttpMethod.GET, path, null, "Bearer " + key(role), null)
                    .bodyAsJsonObject();
            if (until.test(state)) {
                return state;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(path + " never reached the expected state: " + state);
    }

    /** The secret as the operator reads it: {@code signdesk callbacks secret}. */
    private static String callbackSecret() {
        CliRun run = callbacksSecret(dataDir);
        assertThat(run.code()).as(run.err()).isZero();
        return run.out().trim();
    }

    record CliRun(int code, String out, String err) {}

    private static CliRun callbacksSecret(Path dataDirectory) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(
                        Map.of("SIGNDESK_DATA_DIR", dataDirectory.toString()),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Clock.systemUTC())
                .run(List.of("callbacks", "secret"));
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs the example verifier on a notification; its exit code. */
    private static int verify(String secret, String timestamp, String signature, byte[] body) throws Exception {
        Path bodyFile = Files.createTempFile(dir, "notification", ".json");
        Files.write(bodyFile, body);
        Process p = new ProcessBuilder("bash", VERIFIER.toString(), secret, timestamp, signature, bodyFile.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("verifier finished").isTrue();
        int code = p.exitValue();
        assertThat(output).as("verifier output").contains(code == 0 ? "genuine" : "refused");
        return code;
    }

    private static String key(String role) {
        return DemoServerCalls.credentials(dataDir).getString(role);
    }
}
