package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.signing.PdfBombs;

/**
 * Decompression bombs against the built service, in a process of its own with the heap {@code
 * ./signdesk} gives it: twenty concurrent uploads of a 10 MB PDF whose cross-reference stream
 * inflates to about 10 GB, with an ordinary verification in the middle of them; then six concurrent
 * uploads of one whose page content does (inflated up to the whole decoded-bytes cap before it is
 * refused; six, so that their bytes fit the crypto pool's budget and none is shed with a 503). Every
 * bomb gets a {@code 422 document-too-complex} within the time allowed (10 s for the first kind),
 * the ordinary verification its report, the log no {@code OutOfMemoryError}, and the process's
 * resident memory at its peak ({@code VmHWM}) stays under the heap plus a quarter.
 */
class DecompressionBombIT {

    private static final int CROSS_REFERENCE_BOMBS = 20;
    private static final int CONTENT_BOMBS = 6;
    private static final int BOMB_BYTES = 10 << 20;

    @TempDir
    Path work;

    private final HttpClient http = ServiceJar.httpClient();

    private record Answer(String what, int status, String body, long millis) {}

    @Test
    void verify_concurrentBombsAndAnOrdinaryDocument_bombsRefusedFastTheDocumentVerifiedMemoryBounded()
            throws Exception {
        // the heap ./signdesk gives the service on this machine (see the launcher and SignDeskServer)
        int workers = Math.max(2, Runtime.getRuntime().availableProcessors());
        long heapMiB = (256 + 320L * workers + 256) * 9 / 8;
        Path dataDir = work.resolve("data");
        int port = ServiceJar.freePort();
        Process server = serve(
                work,
                "serve.log",
                List.of("-Xmx" + heapMiB + "m", "-XX:+UseParallelGC", "-XX:MetaspaceSize=128m"),
                Map.of(
                        "SIGNDESK_HTTP_PORT", Integer.toString(port),
                        "SIGNDESK_DATA_DIR", dataDir.toString(),
                        "OMP_THREAD_LIMIT", "1"));
        try {
            ServiceJar.awaitReady(http, port, server, work.resolve("serve.log"));
            JsonObject keys = new JsonObject(Files.readString(dataDir.resolve(ApiKeys.DEMO_FILE)));
            byte[] signed = sign(port, keys.getString("department"));
            String key = keys.getString("branch");
            List<Answer> answers = new ArrayList<>(burst(
                    port,
                    key,
                    signed,
                    "cross-reference bomb",
                    PdfBombs.crossReferenceStreamBomb(BOMB_BYTES),
                    CROSS_REFERENCE_BOMBS));
            answers.addAll(
                    burst(port, key, null, "content bomb", PdfBombs.contentStreamBomb(BOMB_BYTES), CONTENT_BOMBS));

            for (Answer a : answers) {
                if (a.what().equals("ordinary")) {
                    assertThat(a.status()).as(a.body()).isEqualTo(200);
                    assertThat(new JsonObject(a.body()).getString("verdict")).isEqualTo("TOTAL_PASSED");
                } else {
                    assertThat(a.status()).as(a.what() + ": " + a.body()).isEqualTo(422);
                    assertThat(new JsonObject(a.body()).getString("type"))
                            .isEqualTo("https://signdesk.vn/problems/document-too-complex");
                    long allowed = a.what().equals("cross-reference bomb") ? 10_000 : 30_000;
                    assertThat(a.millis()).as(a.what() + " answered in ms").isLessThan(allowed);
                }
            }
            long peakKiB = statusKiB(server.pid(), "VmHWM");
            String log = Files.readString(work.resolve("serve.log"));
            assertThat(log).doesNotContain("OutOfMemoryError");
            assertThat(peakKiB)
                    .as("peak resident memory (KiB) under the heap of %d MiB plus a quarter", heapMiB)
                    .isLessThan(heapMiB * 1024 * 5 / 4);
            System.out.printf(
                    "decompression bombs: %d + %d refused, slowest %d ms; ordinary verification %d ms;"
                            + " peak RSS %d MiB with -Xmx%dm%n",
                    CROSS_REFERENCE_BOMBS,
                    CONTENT_BOMBS,
                    answers.stream()
                            .filter(a -> !a.what().equals("ordinary"))
                            .mapToLong(Answer::millis)
                            .max()
                            .orElse(0),
                    answers.stream()
                            .filter(a -> a.what().equals("ordinary"))
                            .mapToLong(Answer::millis)
                            .sum(),
                    peakKiB / 1024,
                    heapMiB);
        } finally {
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** {@code count} bombs at once, and the ordinary document, if any, sent when half of them are on their way. */
    private List<Answer> burst(int port, String key, byte[] ordinaryOrNull, String what, byte[] bomb, int count)
            throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(count + 1);
        try {
            List<Future<Answer>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                if (i == count / 2 && ordinaryOrNull != null) {
                    sent.add(clients.submit(() -> verify(port, key, "ordinary", ordinaryOrNull)));
                }
                sent.add(clients.submit(() -> verify(port, key, what, bomb)));
            }
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : sent) {
                answers.add(f.get(2, TimeUnit.MINUTES));
            }
            return answers;
        } finally {
            clients.shutdownNow();
        }
    }

    private Answer verify(int port, String key, String what, byte[] pdf) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/verify"))
                        .header("Content-Type", "application/pdf")
                        .header("Authorization", "Bearer " + key)
                        .timeout(Duration.ofSeconds(90))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(pdf))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(what, r.statusCode(), r.body(), (System.nanoTime() - start) / 1_000_000);
    }

    private byte[] sign(int port, String departmentKey) throws Exception {
        HttpResponse<byte[]> r = http.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/v1/sign?profile=department-seal&level=B-B"))
                        .header("Content-Type", "application/pdf")
                        .header("Authorization", "Bearer " + departmentKey)
                        .timeout(Duration.ofSeconds(90))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(
                                TestPdfs.aPdf().build()))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        return r.body();
    }

    /** A memory figure of {@code /proc/PID/status}, in KiB. */
    private static long statusKiB(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError(field + " is missing from /proc/" + pid + "/status");
    }

    /** The built jar's {@code serve} in {@code work}, with its output in {@code work/log}. */
    private static Process serve(Path work, String log, List<String> jvmOptions, Map<String, String> env)
            throws java.io.IOException {
        ProcessBuilder serve = ServiceJar.command(jvmOptions, "serve")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(log).toFile());
        serve.environment().putAll(env);
        return serve.start();
    }
}
