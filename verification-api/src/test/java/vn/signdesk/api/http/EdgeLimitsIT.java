package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.signdesk.api.http.TestPdfs.aPdf;

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
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.SignDeskConfig;

/**
 * The limits at the HTTP edge, on a demo service configured with a tiny rate limit (1 request per
 * second, bursts of 5, per credential) and a 64 KiB upload threshold: 429 with Retry-After, large
 * bodies spooled to disk and deleted afterwards, streamed bodies over the limit refused with 413
 * before they are read whole, and page bombs refused with 422 on signing and verification.
 */
@ExtendWith(VertxExtension.class)
class EdgeLimitsIT {

    private static final int THRESHOLD = 64 * 1024;

    @TempDir
    static Path dir;

    static Path dataDir;
    static SignDeskServer server;
    static WebClient client;

    @BeforeAll
    @Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
    static void start(Vertx vertx, VertxTestContext started) {
        dataDir = dir.resolve("data");
        SignDeskConfig config = SignDeskConfig.fromEnvironment(Map.of(
                "SIGNDESK_DATA_DIR", dataDir.toString(),
                "SIGNDESK_HTTP_PORT", "0",
                "SIGNDESK_RATE_LIMIT", "1",
                "SIGNDESK_RATE_BURST", "5",
                "SIGNDESK_UPLOAD_THRESHOLD", Integer.toString(THRESHOLD)));
        client = WebClient.create(vertx);
        DemoServerCalls.startDemo(vertx, config, s -> server = s).onComplete(started.succeedingThenComplete());
    }

    @Test
    void v1_overTheCredentialsRate_is429WithRetryAfter_andOtherCredentialsPass() {
        // a query the validator refuses: cheap, and still counted, since the limit comes first
        byte[] pdf = aPdf().build();
        int refused = 0;
        HttpResponse<Buffer> last = null;
        for (int i = 0; i < 8; i++) {
            last = verify("resident", "?report=foo", pdf);
            if (last.statusCode() == 429) {
                refused++;
                break;
            }
            assertThat(last.statusCode()).as(last.bodyAsString()).isEqualTo(400);
        }
        assertThat(refused)
                .as("a burst of 5 at 1/s cannot take 8 requests at once")
                .isEqualTo(1);
        DemoServerCalls.assertProblem(last, 429, "rate-limited", dir);
        assertThat(Integer.parseInt(last.getHeader("Retry-After"))).isBetween(1, 2);

        HttpResponse<Buffer> other = verify("branch", "", pdf);
        assertThat(other.statusCode()).as(other.bodyAsString()).isEqualTo(200);
    }

    @Test
    void verify_bodyOverTheThreshold_isSpooledToDiskAndDeletedAfterwards() throws Exception {
        byte[] big = aPdf().filler(3 * THRESHOLD).build();
        String head = "POST /v1/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key("department")
                + "\r\nContent-Type: application/pdf\r\nContent-Length: " + big.length
                + "\r\nConnection: close\r\n\r\n";
        Path uploads = dataDir.resolve("uploads");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            int half = 2 * THRESHOLD;
            out.write(big, 0, half);
            out.flush();
            // while the rest has not been sent, what was sent beyond the threshold is in a file
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long spooled = 0;
            while (spooled < half && System.nanoTime() < deadline) {
                spooled = sizeOf(uploads);
                Thread.sleep(20);
            }
            assertThat(spooled)
                    .as("bytes in %s while the upload is half sent", uploads)
                    .isEqualTo(half);
            out.write(big, half, big.length - half);
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200").contains("\"NO_SIGNATURE\"");
        }
        awaitEmpty(uploads);
    }

    @Test
    void sign_chunkedBodyBeyond100MiB_is413BeforeItIsReadWhole_andNothingStaysOnDisk() throws Exception {
        String head = "POST /v1/sign?profile=branch-copy HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + key("branch") + "\r\nContent-Type: application/pdf\r\nTransfer-Encoding: chunked\r\n\r\n";
        byte[] chunk = new byte[1 << 20];
        byte[] chunkHead = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        long sent = 0;
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(60_000);
            InputStream in = socket.getInputStream();
            CompletableFuture<String> response = CompletableFuture.supplyAsync(() -> readAll(in));
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            try {
                // up to 200 MiB: the service must answer and close long before the end
                for (int i = 0; i < 200 && !response.isDone(); i++) {
                    out.write(chunkHead);
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    sent += chunk.length;
                }
            } catch (IOException closedByTheService) {
                // expected once the service has answered
            }
            String answer = response.get(60, TimeUnit.SECONDS);
            assertThat(answer)
                    .startsWith("HTTP/1.1 413")
                    .contains("application/problem+json")
                    .contains("https://signdesk.vn/problems/payload-too-large");
            assertThat(sent).isLessThan(200L << 20);
        }
        awaitEmpty(dataDir.resolve("uploads"));
        assertThat(send(HttpMethod.GET, "/health/ready", null, null).statusCode())
                .isEqualTo(200);
    }

    @Test
    void sign_pageBomb_is422BeforeSigning() {
        byte[] bomb = aPdf().pages(5_001).build();
        HttpResponse<Buffer> r = send(HttpMethod.POST, "/v1/sign?profile=department-seal&level=B-B", "admin", bomb);
        DemoServerCalls.assertProblem(r, 422, "unsupported-document", dir);
        assertThat(r.bodyAsJsonObject().getString("detail"))
                .contains("5001 pages")
                .contains("5000");
    }

    @Test
    void verify_pageBomb_is422() {
        byte[] bomb = aPdf().pages(5_001).build();
        HttpResponse<Buffer> r = verify("admin", "", bomb);
        DemoServerCalls.assertProblem(r, 422, "unsupported-document", dir);
        assertThat(r.bodyAsJsonObject().getString("detail")).contains("5001 pages");
    }

    @Test
    void verify_atThePageBound_isVerified() {
        HttpResponse<Buffer> r = verify("department", "", aPdf().pages(5_000).build());
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        JsonObject report = r.bodyAsJsonObject();
        assertThat(report.getString("verdict")).isEqualTo("NO_SIGNATURE");
    }

    // --- helpers

    private static HttpResponse<Buffer> verify(String role, String query, byte[] pdf) {
        return send(HttpMethod.POST, "/v1/verify" + query, role, pdf);
    }

    private static HttpResponse<Buffer> send(HttpMethod method, String path, String role, byte[] body) {
        return DemoServerCalls.send(
                client,
                server.port(),
                method,
                path,
                body == null ? null : "application/pdf",
                role == null ? null : "Bearer " + key(role),
                body);
    }

    private static String key(String role) {
        return DemoServerCalls.credentials(dataDir).getString(role);
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path p : files.toList()) {
                try {
                    total += Files.size(p);
                } catch (IOException gone) {
                    // deleted meanwhile
                }
            }
            return total;
        }
    }

    private static void awaitEmpty(Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Path> left;
        do {
            try (Stream<Path> files = Files.list(dir)) {
                left = files.toList();
            }
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        assertThat(left).as("spooled uploads left behind").isEmpty();
    }

    private static String readAll(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (IOException resetAfterTheAnswer) {
            // the service closes the connection after its answer; what was read is the answer
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
