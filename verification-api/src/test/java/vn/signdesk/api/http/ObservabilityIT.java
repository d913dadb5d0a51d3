package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import vn.signdesk.api.SignDeskConfig;

/**
 * What an operator sees of a running demo service: {@code /metrics} after real requests, the request
 * log line (text and JSON) with its request id, and no credential in any log line.
 *
 * <p>The requests are made once, before the tests, while a list appender (every event) and an output
 * stream appender switched to JSON by {@link LogFormats} (the serialised lines) are attached to the
 * root logger, with {@code vn.signdesk} and {@code io.vertx} at DEBUG.
 */
@ExtendWith(VertxExtension.class)
class ObservabilityIT {

    private static final String FORGED_KEY = "forged-key-0123456789abcdefghijklmnopqrstuvwxyz";

    @TempDir
    static Path dir;

    static SignDeskServer server;
    static WebClient client;
    static JsonObject credentials;
    static String metrics;
    static final ListAppender<ILoggingEvent> EVENTS = new ListAppender<>();
    static final ByteArrayOutputStream JSON_LINES = new ByteArrayOutputStream();
    static OutputStreamAppender<ILoggingEvent> jsonAppender;
    static final List<HttpResponse<Buffer>> RESPONSES = new ArrayList<>();

    @BeforeAll
    @Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
    static void start(Vertx vertx, VertxTestContext started) {
        attachAppenders();
        Path dataDir = dir.resolve("data");
        SignDeskConfig config = DemoServerCalls.demoConfig(dataDir);
        client = WebClient.create(vertx);
        DemoServerCalls.startDemo(vertx, config, s -> server = s).onComplete(started.succeedingThenComplete());
    }

    /** The requests every test looks at; made once, the second sign under the cached chain. */
    static synchronized void exercise() throws IOException {
        if (metrics != null) {
            return;
        }
        credentials = DemoServerCalls.credentials(dir.resolve("data"));
        byte[] pdf = TestPdfs.aPdf().build();
        String department = "Bearer " + credentials.getString("department");
        for (int i = 0; i < 2; i++) {
            RESPONSES.add(send(
                    HttpMethod.POST,
                    "/v1/sign?profile=department-seal&level=B-LT",
                    "application/pdf",
                    department,
                    pdf,
                    "client-trace-" + i));
        }
        RESPONSES.add(send(
                HttpMethod.POST,
                "/v1/sign?profile=department-seal",
                "application/pdf",
                "Bearer " + FORGED_KEY,
                pdf,
                null));
        RESPONSES.add(send(HttpMethod.GET, "/v1/nothing-here", null, department, null, "bad id <INFO forged>"));
        RESPONSES.add(send(HttpMethod.GET, "/pki/ca/root-ca.crt", null, null, null, null));
        RESPONSES.add(send(HttpMethod.GET, "/health/ready", null, null, null, null));
        HttpResponse<Buffer> scrape = send(HttpMethod.GET, "/metrics", null, null, null, null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
        metrics = scrape.bodyAsString();
    }

    @AfterAll
    static void detachAppenders() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(EVENTS);
        root.detachAppender(jsonAppender);
        context.getLogger("vn.signdesk").setLevel(null);
        context.getLogger("io.vertx").setLevel(null);
    }

    @Test
    void metrics_afterRequests_countRequestsByRoutePatternAndOutcome() throws IOException {
        exercise();
        assertThat(value(
                        "signdesk_http_server_requests_seconds_count",
                        "method=\"POST\",outcome=\"ok\",route=\"/v1/sign\",status=\"2xx\""))
                .isEqualTo(2);
        assertThat(value(
                        "signdesk_http_server_requests_seconds_count",
                        "method=\"POST\",outcome=\"unauthorized\",route=\"/v1/sign\",status=\"4xx\""))
                .isEqualTo(1);
        assertThat(value(
                        "signdesk_http_server_requests_seconds_count",
                        "method=\"GET\",outcome=\"not-found\",route=\"/v1/*\",status=\"4xx\""))
                .isEqualTo(1);
        assertThat(value(
                        "signdesk_http_server_requests_seconds_count",
                        "method=\"GET\",outcome=\"ok\",route=\"/pki/*\",status=\"2xx\""))
                .isEqualTo(1);
        assertThat(metrics).doesNotContain("route=\"/pki/ca/root-ca.crt\"");
        // a signature takes more than 5 ms and less than 30 s: the histogram places both in between
        String signed = "method=\"POST\",outcome=\"ok\",route=\"/v1/sign\",status=\"2xx\"";
        assertThat(value("signdesk_http_server_requests_seconds_bucket", signed + ",le=\"0.005\""))
                .isZero();
        assertThat(value("signdesk_http_server_requests_seconds_bucket", signed + ",le=\"30.0\""))
                .isEqualTo(2);
        assertThat(value("signdesk_http_server_requests_seconds_sum", signed)).isBetween(0.005, 60.0);
    }

    @Test
    void metrics_afterSigning_countSignaturesByProfileAndLevel() throws IOException {
        exercise();
        assertThat(value("signdesk_signatures_total", "level=\"B-LT\",profile=\"department-seal\""))
                .isEqualTo(2);
    }

    @Test
    void metrics_afterSigningTwiceUnderOneChain_certificateCacheHitsAndLoads() throws IOException {
        exercise();
        for (String cache : List.of("ocsp", "crl", "aia")) {
            assertThat(metrics).contains("signdesk_certificate_check_cache_hits_total{cache=\"" + cache + "\"}");
            assertThat(metrics).contains("signdesk_certificate_check_cache_evictions_total{cache=\"" + cache + "\"}");
            assertThat(metrics).contains("signdesk_certificate_check_cache_hit_ratio{cache=\"" + cache + "\"}");
        }
        // B-LT fetches the OCSP answer once; the second signature under the same chain hits the cache
        assertThat(value("signdesk_certificate_check_cache_loads_total", "cache=\"ocsp\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(value("signdesk_certificate_check_cache_hits_total", "cache=\"ocsp\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(value("signdesk_certificate_check_cache_hit_ratio", "cache=\"ocsp\""))
                .isBetween(0.0, 1.0);
    }

    @Test
    void metrics_poolAndJvm_areExposed() throws IOException {
        exercise();
        assertThat(value("signdesk_crypto_pool_queued", null)).isZero();
        assertThat(value("signdesk_crypto_pool_active", null)).isZero();
        assertThat(value("signdesk_crypto_pool_threads", null)).isGreaterThanOrEqualTo(2);
        Matcher heap = Pattern.compile("(?m)^jvm_memory_used_bytes\\{area=\"heap\",id=\"[^\"]+\"} (\\S+)$")
                .matcher(metrics);
        double used = 0;
        while (heap.find()) {
            used += Double.parseDouble(heap.group(1));
        }
        assertThat(used).as("heap in use").isPositive();
        assertThat(metrics).contains("jvm_gc_").contains("process_uptime_seconds");
    }

    @Test
    void requestId_saneIncomingId_isKeptAndReturned() throws IOException {
        exercise();
        assertThat(RESPONSES.get(0).getHeader("X-Request-Id")).isEqualTo("client-trace-0");
        assertThat(requestLines())
                .anyMatch(e -> e.getFormattedMessage().startsWith("client-trace-0 POST /v1/sign 200 ok "));
    }

    @Test
    void requestId_insaneIncomingId_isReplacedAndNeverLogged() throws IOException {
        exercise();
        String id = RESPONSES.get(3).getHeader("X-Request-Id");
        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(RESPONSES.get(3).bodyAsJsonObject().getString("requestId")).isEqualTo(id);
        assertThat(allText()).doesNotContain("INFO forged");
    }

    @Test
    void requestLine_signedByDepartment_namesRouteStatusDurationAndRole() throws IOException {
        exercise();
        ILoggingEvent line = requestLines().stream()
                .filter(e -> e.getFormattedMessage().startsWith("client-trace-1 "))
                .findFirst()
                .orElseThrow();
        assertThat(line.getLevel()).isEqualTo(Level.INFO);
        assertThat(line.getFormattedMessage()).matches("client-trace-1 POST /v1/sign 200 ok \\d+ ms role=department");
    }

    @Test
    void jsonLog_requestLine_isOneParsableObjectWithTheRequestId() throws IOException {
        exercise();
        List<JsonObject> objects = new ArrayList<>();
        for (String line : JSON_LINES.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                objects.add(new JsonObject(line)); // throws when a line is not one JSON object
            }
        }
        JsonObject request = objects.stream()
                .filter(o -> "vn.signdesk.api.http.requests".equals(o.getString("loggerName")))
                .filter(o -> o.getString("formattedMessage", "").startsWith("client-trace-0 "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no JSON request line in " + objects.size() + " lines"));
        assertThat(request.getString("level")).isEqualTo("INFO");
        assertThat(request.getJsonArray("kvpList").encode())
                .contains("\"requestId\":\"client-trace-0\"")
                .contains("\"route\":\"/v1/sign\"")
                .contains("\"role\":\"department\"");
    }

    @Test
    void logs_atDebug_neverHoldAnAuthorizationValue() throws IOException {
        exercise();
        String text = allText();
        assertThat(EVENTS.list).hasSizeGreaterThan(5);
        assertThat(text)
                .doesNotContain(credentials.getString("department"))
                .doesNotContain(FORGED_KEY)
                .doesNotContain("Bearer ");
    }

    private static List<ILoggingEvent> requestLines() {
        return EVENTS.list.stream()
                .filter(e -> e.getLoggerName().equals("vn.signdesk.api.http.requests"))
                .toList();
    }

    /** Every captured event as text: message, key-value pairs, throwable, and the JSON lines. */
    private static String allText() {
        StringBuilder b = new StringBuilder();
        for (ILoggingEvent e : EVENTS.list) {
            b.append(e.getFormattedMessage()).append('\n');
            if (e.getKeyValuePairs() != null) {
                e.getKeyValuePairs()
                        .forEach(kv ->
                                b.append(kv.key).append('=').append(kv.value).append('\n'));
            }
            if (e.getThrowableProxy() != null) {
                b.append(e.getThrowableProxy().getMessage()).append('\n');
            }
        }
        return b.append(JSON_LINES.toString(StandardCharsets.UTF_8)).toString();
    }

    /** The value of one series of the scrape; labels in the registry's (alphabetical) order, or null for none. */
    private static double value(String name, String labelsOrNull) {
        String series = labelsOrNull == null ? name : name + "{" + labelsOrNull + "}";
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        assertThat(m.find()).as("series " + series + " in\n" + metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static HttpResponse<Buffer> send(
            HttpMethod method, String path, String contentType, String authorization, byte[] body, String requestId) {
        io.vertx.ext.web.client.HttpRequest<Buffer> request = client.request(method, server.port(), "127.0.0.1", path);
        if (contentType != null) {
            request.putHeader("Content-Type", contentType);
        }
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }
        if (requestId != null) {
            request.putHeader("X-Request-Id", requestId);
        }
        try {
            return (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body))).await(2, TimeUnit.MINUTES);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no answer to " + method + " " + path, e);
        }
    }

    private static void attachAppenders() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        EVENTS.setContext(context);
        EVENTS.start();
        root.addAppender(EVENTS);
        jsonAppender = new OutputStreamAppender<>();
        jsonAppender.setName("json-under-test");
        jsonAppender.setContext(context);
        jsonAppender.setEncoder(placeholderEncoder(context));
        jsonAppender.setOutputStream(JSON_LINES);
        jsonAppender.start();
        root.addAppender(jsonAppender);
        // what serve does when logging.format is json: every output stream appender of the root logger
        Map<String, Encoder<ILoggingEvent>> before = new java.util.HashMap<>();
        root.iteratorForAppenders().forEachRemaining(a -> {
            if (a instanceof OutputStreamAppender<ILoggingEvent> o && o != jsonAppender) {
                before.put(a.getName(), o.getEncoder());
            }
        });
        LogFormats.apply(SignDeskConfig.LogFormat.JSON);
        // the console keeps its text lines for the rest of the test run
        root.iteratorForAppenders().forEachRemaining(a -> {
            if (a instanceof OutputStreamAppender<ILoggingEvent> o && before.containsKey(a.getName())) {
                o.setEncoder(before.get(a.getName()));
            }
        });
        context.getLogger("vn.signdesk").setLevel(Level.DEBUG);
        context.getLogger("io.vertx").setLevel(Level.DEBUG);
    }

    private static Encoder<ILoggingEvent> placeholderEncoder(LoggerContext context) {
        ch.qos.logback.classic.encoder.PatternLayoutEncoder e =
                new ch.qos.logback.classic.encoder.PatternLayoutEncoder();
        e.setContext(context);
        e.setPattern("%msg%n");
        e.start();
        return e;
    }
}
