package vn.signdesk.load.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Sends a scenario's requests to the service with the Vert.x web client, closed-loop (a fixed number
 * of requests in flight, each answered request replaced at once by the next) or open-loop (requests
 * due at a fixed rate whatever the service does), and measures every latency.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>Why not Gatling: the generator runs on the same 2-core machine as the service, so it must
 *       cost little. One Vert.x event-loop thread drives every connection (the same Netty stack as
 *       the service, no Scala runtime, no build plugin), and the runner controls both loop kinds
 *       directly; Gatling's closed-model injection works on virtual users, not on a fixed number
 *       of requests in flight over kept-alive connections.
 *   <li>Latencies go to an HdrHistogram in microseconds (3 significant digits, up to 10 minutes).
 *       Closed loop: from send to the complete response. Open loop: from the moment the request was
 *       due, not the moment it left, so a service that stalls is charged for the requests that
 *       waited behind it (no coordinated omission).
 *   <li>A phase ends at its deadline; requests already sent still complete and count, and the
 *       phase's time runs until the last of them answered.
 *   <li>A response that is not what the scenario's {@link Call.Check} expects, an exception or a
 *       timeout is an error; errors are counted, their first descriptions kept, and never retried.
 * </ul>
 */
final class LoadGenerator implements AutoCloseable {

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final int ERROR_SAMPLES = 5;
    /** A request slower than the open loop's p99 target counts as slow in the timeline. */
    private static final long SLOW_MICROS = (long) (LoadReport.OPEN_LOOP_P99_TARGET_MS * 1000);

    private final Vertx vertx;
    private final WebClient client;
    private final Duration timeout;

    /**
     * A generator on one event loop.
     *
     * @param base the service, e.g. {@code http://127.0.0.1:8080}
     * @param maxConnections the connection pool size: at least the largest concurrency
     * @param timeout how long one request may take before it counts as an error
     */
    LoadGenerator(URI base, int maxConnections, Duration timeout) {
        this.vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setInternalBlockingPoolSize(1)
                // a 20-page B-LTA signature at high concurrency takes seconds; that is not a blocked loop
                .setBlockedThreadCheckInterval(1_000_000));
        this.client = WebClient.create(
                vertx,
                new WebClientOptions()
                        .setDefaultHost(base.getHost())
                        .setDefaultPort(base.getPort())
                        .setKeepAlive(true)
                        .setTcpNoDelay(true)
                        .setUserAgent("SignDesk load runner"),
                new PoolOptions().setHttp1MaxSize(maxConnections));
        this.timeout = timeout;
    }

    /** Sends one request and waits for its response; for set-up, not for timing. */
    HttpResponse<Buffer> sendAndWait(Call call) throws Exception {
        return send(call).await(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    }

    /** A closed-loop warm-up, then a closed-loop phase of {@code seconds} at {@code concurrency}. */
    Measurement closedLoop(Scenario scenario, int concurrency, double warmupSeconds, double seconds)
            throws InterruptedException {
        Phase warmup = new Phase(scenario, false);
        warmup.runClosed(concurrency, warmupSeconds);
        Phase timed = new Phase(scenario, true);
        timed.runClosed(concurrency, seconds);
        return timed.result(concurrency, 0, warmup);
    }

    /** An open-loop phase: requests due every 1/rate seconds for {@code seconds}, after a warm-up at the same rate. */
    Measurement openLoop(Scenario scenario, double rate, double warmupSeconds, double seconds)
            throws InterruptedException {
        Phase warmup = new Phase(scenario, false);
        warmup.runOpen(rate, warmupSeconds);
        Phase timed = new Phase(scenario, true);
        timed.runOpen(rate, seconds);
        return timed.result(0, rate, warmup);
    }

    private static Histogram newHistogram() {
        return new ConcurrentHistogram(HIGHEST_MICROS, 3);
    }

    private Future<HttpResponse<Buffer>> send(Call call) {
        HttpRequest<Buffer> request = client.request(HttpMethod.POST, call.path())
                .timeout(timeout.toMillis())
                .putHeader("Content-Type", call.contentType());
        if (call.bearerOrNull() != null) {
            request.putHeader("Authorization", "Bearer " + call.bearerOrNull());
        }
        return request.sendBuffer(call.body());
    }

    /**
     * One run of a scenario: counters, the histogram, the open loop's timeline and the end signal. A
     * warm-up records exactly as a timed phase does and is then thrown away, so that the runner's
     * own recording code is compiled during the warm-up, not in the middle of a timed phase.
     */
    private final class Phase {
        private final Scenario scenario;
        private final boolean timed;
        private final Histogram histogram = newHistogram();
        private final AtomicLong sequence = new AtomicLong();
        private final LongAdder ok = new LongAdder();
        private final LongAdder errors = new LongAdder();
        private final List<String> errorSamples = new ArrayList<>();
        private final AtomicLong lastAnswer = new AtomicLong();
        private volatile long started;
        // the open loop's timeline, by second of due time (null for a closed loop)
        private long[][] slotsOrNull;

        Phase(Scenario scenario, boolean timed) {
            this.scenario = scenario;
            this.timed = timed;
        }

        void runClosed(int concurrency, double seconds) throws InterruptedException {
            if (seconds <= 0) {
                return;
            }
            CountDownLatch done = new CountDownLatch(concurrency);
            started = System.nanoTime();
            long deadline = started + (long) (seconds * 1e9);
            lastAnswer.set(started);
            for (int i = 0; i < concurrency; i++) {
                vertx.runOnContext(v -> next(deadline, done));
            }
            await(done, seconds);
        }

        private void next(long deadline, CountDownLatch done) {
            Call call = scenario.calls().apply(sequence.getAndIncrement());
            long sent = System.nanoTime();
            send(call).onComplete(answer -> {
                long now = System.nanoTime();
                record(call, answer.succeeded() ? answer.result() : null, answer.cause(), now - sent, now, -1);
                if (now < deadline) {
                    next(deadline, done);
                } else {
                    done.countDown();
                }
            });
        }

        void runOpen(double rate, double seconds) throws InterruptedException {
            if (seconds <= 0) {
                return;
            }
            long total = Math.max(1, Math.round(rate * seconds));
            double intervalNanos = 1e9 / rate;
            CountDownLatch done = new CountDownLatch((int) Math.min(Integer.MAX_VALUE, total));
            // requests, errors, slowest microseconds, over 50 ms: written on the one event loop only
            slotsOrNull = new long[(int) Math.ceil(seconds) + 1][4];
            started = System.nanoTime();
            lastAnswer.set(started);
            AtomicLong due = new AtomicLong();
            // a 1 ms tick sends every request whose time has come; latency counts from that time
            vertx.setPeriodic(1, timer -> {
                long now = System.nanoTime();
                long n;
                while ((n = due.get()) < total && started + (long) (n * intervalNanos) <= now) {
                    due.incrementAndGet();
                    long dueAt = started + (long) (n * intervalNanos);
                    Call call = scenario.calls().apply(sequence.getAndIncrement());
                    send(call).onComplete(answer -> {
                        long t = System.nanoTime();
                        record(
                                call,
                                answer.succeeded() ? answer.result() : null,
                                answer.cause(),
                                t - dueAt,
                                t,
                                dueAt - started);
                        done.countDown();
                    });
                }
                if (due.get() >= total) {
                    vertx.cancelTimer(timer);
                }
            });
            await(done, seconds);
        }

        private void await(CountDownLatch done, double seconds) throws InterruptedException {
            long limit = (long) (seconds * 1000) + timeout.toMillis() + 5_000;
            if (!done.await(limit, TimeUnit.MILLISECONDS)) {
                synchronized (errorSamples) {
                    errorSamples.add("phase did not finish within " + limit + " ms");
                }
                errors.increment();
            }
        }

        private void record(
                Call call,
                HttpResponse<Buffer> responseOrNull,
                Throwable failureOrNull,
                long nanos,
                long now,
                long dueOffsetNanos) {
            lastAnswer.accumulateAndGet(now, Math::max);
            String problem = responseOrNull == null
                    ? String.valueOf(failureOrNull)
                    : call.check().problemOrNull(responseOrNull);
            long micros = Math.min(HIGHEST_MICROS, Math.max(1, nanos / 1000));
            long[] slotOrNull = slotsOrNull == null || dueOffsetNanos < 0
                    ? null
                    : slotsOrNull[(int) Math.min(slotsOrNull.length - 1, dueOffsetNanos / 1_000_000_000L)];
            if (problem == null) {
                ok.increment();
                histogram.recordValue(micros);
                if (slotOrNull != null) {
                    slotOrNull[0]++;
                    slotOrNull[2] = Math.max(slotOrNull[2], micros);
                    slotOrNull[3] += micros > SLOW_MICROS ? 1 : 0;
                }
            } else {
                errors.increment();
                if (slotOrNull != null) {
                    slotOrNull[1]++;
                }
                synchronized (errorSamples) {
                    if (errorSamples.size() < ERROR_SAMPLES) {
                        String body = responseOrNull == null || responseOrNull.body() == null
                                ? ""
                                : " " + abbreviate(responseOrNull.bodyAsString());
                        errorSamples.add(call.kind() + ": " + problem + body);
                    }
                }
            }
        }

        /** The timed phase's measurement; errors of the warm-up count too, a run must have none. */
        Measurement result(int concurrency, double rate, Phase warmup) {
            List<String> samples = new ArrayList<>();
            synchronized (warmup.errorSamples) {
                warmup.errorSamples.forEach(s -> samples.add("warm-up " + s));
            }
            synchronized (errorSamples) {
                samples.addAll(errorSamples);
            }
            double seconds = (lastAnswer.get() - started) / 1e9;
            Histogram copy = timed ? histogram.copy() : newHistogram();
            return new Measurement(
                    scenario.id(),
                    concurrency,
                    rate,
                    ok.sum(),
                    errors.sum() + warmup.errors.sum(),
                    seconds,
                    copy,
                    List.copyOf(samples.subList(0, Math.min(ERROR_SAMPLES, samples.size()))),
                    -1,
                    timeline());
        }

        private List<Measurement.Second> timeline() {
            List<Measurement.Second> seconds = new ArrayList<>();
            if (slotsOrNull != null) {
                for (int i = 0; i < slotsOrNull.length; i++) {
                    long[] s = slotsOrNull[i];
                    if (s[0] + s[1] > 0) {
                        seconds.add(new Measurement.Second(i, s[0], s[1], s[2], s[3]));
                    }
                }
            }
            return List.copyOf(seconds);
        }
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }

    @Override
    public void close() {
        client.close();
        try {
            vertx.close().await(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // the event loop thread is a daemon: a slow close does not keep the JVM up
        }
    }
}
