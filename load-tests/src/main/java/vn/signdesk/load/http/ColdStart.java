package vn.signdesk.load.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import vn.signdesk.load.BenchmarkPdfs;

/**
 * The cold-start measurement of {@code load-tests/run.sh coldstart}: how long a node that has just
 * been started takes to serve {@code /v1/verify} at 80% of its settled rate, counted from the start
 * of its process.
 *
 * <p>It waits until {@code /health/ready} answers 200 (what a load balancer waits for), has the
 * service sign the one-page document of the {@code verify-1p} scenario (B-T, {@code department-seal}),
 * then keeps {@code --concurrency} verifications in flight (a closed loop) for {@code --seconds},
 * counting the successful ones per second of the process's life. The settled rate is the median of
 * the last 60 seconds. Two times are reported: the first 5-second window whose mean reaches 80% of
 * it, and the start of the first such window after which every 5-second window stays at 80% or more
 * ("sustained"). Seconds before readiness count as zero: a load balancer sends nothing then.
 *
 * <p>Usage: {@code ColdStart --url URL --credentials FILE --started-ms EPOCH_MS --label TEXT
 * --report FILE.md [--seconds 240] [--concurrency 4]}; it appends one section to the report.
 */
public final class ColdStart {

    private static final int WINDOW = 5;
    private static final int SETTLED_SECONDS = 60;
    private static final double SHARE = 0.8;

    private ColdStart() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        URI url = URI.create(a.get("url"));
        long started = Long.parseLong(a.get("started-ms"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "240"));
        int concurrency = Integer.parseInt(a.getOrDefault("concurrency", "4"));
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        double ready = awaitReady(http, url, started);
        System.out.printf(Locale.ROOT, "coldstart %s: ready %.1f s after the process started%n", a.get("label"), ready);
        // the demo credentials exist once the node has started
        Map<String, String> keys = LoadRunner.credentials(Path.of(a.get("credentials")));
        byte[] signed = post(
                http,
                url.resolve("/v1/sign?profile=department-seal&level=B-T"),
                keys.get("admin"),
                BenchmarkPdfs.document(1, Scenarios.letterheadPng()));
        long end = System.currentTimeMillis() + seconds * 1000L;
        int total = (int) ((end - started) / 1000) + 2;
        AtomicLongArray perSecond = new AtomicLongArray(total);
        AtomicLong errors = new AtomicLong();
        List<Thread> loops = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(() -> {
                while (System.currentTimeMillis() < end) {
                    try {
                        post(http, url.resolve("/v1/verify"), keys.get("branch"), signed);
                        int second = (int) ((System.currentTimeMillis() - started) / 1000);
                        if (second < total) {
                            perSecond.incrementAndGet(second);
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            });
            t.start();
            loops.add(t);
        }
        for (Thread t : loops) {
            t.join();
        }
        long[] counts = new long[(int) ((end - started) / 1000)];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = perSecond.get(i);
        }
        String section = section(a.get("label"), ready, counts, errors.get(), concurrency);
        System.out.print(section);
        Files.writeString(
                Path.of(a.get("report")),
                section,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** Seconds from the process's start until {@code /health/ready} answers 200. */
    private static double awaitReady(HttpClient http, URI url, long started) throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(url.resolve("/health/ready"))
                .timeout(Duration.ofSeconds(10))
                .build();
        while (System.currentTimeMillis() - started < 600_000) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return (System.currentTimeMillis() - started) / 1000.0;
                }
            } catch (IOException notListeningYet) {
                // the port opens a moment after the JVM starts
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the service was not ready 600 s after it started");
    }

    private static byte[] post(HttpClient http, URI uri, String key, byte[] pdf)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofMinutes(1))
                        .header("Authorization", "Bearer " + key)
                        .header("Content-Type", "application/pdf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(pdf))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(uri.getPath() + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** The report's section for one run: the times, the settled rate, and the rate per 10 s. */
    static String section(String label, double ready, long[] counts, long errors, int concurrency) {
        double settled =
                median(Arrays.copyOfRange(counts, Math.max(0, counts.length - SETTLED_SECONDS), counts.length));
        int first = -1;
        int sustained = -1;
        for (int t = 0; t + WINDOW <= counts.length; t++) {
            boolean reached = mean(counts, t, t + WINDOW) >= SHARE * settled;
            if (reached && first < 0) {
                first = t;
            }
            if (reached && sustained < 0) {
                sustained = t;
            } else if (!reached) {
                sustained = -1;
            }
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "%n## %s%n%n- ready (/health/ready 200): %.1f s after the process started%n"
                        + "- settled rate (median of the last %d s): %.0f verifications/s at %d in flight; %d errors%n"
                        + "- 80%% of it first reached (5 s window): %s%n"
                        + "- 80%% of it sustained from then on (every later 5 s window): %s%n%n"
                        + "| seconds since process start | verifications/s (mean) |%n|---|---|%n",
                label,
                ready,
                SETTLED_SECONDS,
                settled,
                concurrency,
                errors,
                first < 0 ? "never" : first + " s",
                sustained < 0 ? "never" : sustained + " s"));
        for (int t = 0; t < counts.length; t += 10) {
            s.append(String.format(
                    Locale.ROOT,
                    "| %d-%d | %.0f |%n",
                    t,
                    Math.min(t + 10, counts.length),
                    mean(counts, t, Math.min(t + 10, counts.length))));
        }
        return s.toString();
    }

    private static double mean(long[] counts, int from, int to) {
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += counts[i];
        }
        return sum / (double) Math.max(1, to - from);
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return 0;
        }
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2.0;
    }
}
