package vn.signdesk.load.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import vn.signdesk.load.JitSettling;

/**
 * The HTTP load run against a running SignDesk service: every scenario closed-loop at fixed
 * concurrency levels, then {@code /v1/verify} 1-page open-loop at half its measured peak, and a
 * report in Markdown and HTML (see {@link LoadReport}).
 *
 * <p>Implementation notes. The runner first has the service sign the documents to verify (so they
 * chain to the service's own demo PKI), then for each scenario and concurrency level runs a warm-up
 * and a timed phase with {@link LoadGenerator}; when given the service's process id it samples the
 * service's heap with {@link HeapSampler} and charges each level the peak seen during its warm-up and
 * timed phase. It never retries: every failed request is an error in the report. {@code load-tests/run.sh
 * http} starts the service, runs the DSS baselines and then this class.
 *
 * <p>Usage: {@code LoadRunner --url http://127.0.0.1:PORT --credentials DATA_DIR/demo-credentials.json
 * [--service-pid PID] [--report DIR] [--quick] [--concurrency 1,2,4,8,16,32] [--warmup S] [--duration S]
 * [--open-loop S] [--scenarios sign-1p-B-B,verify-1p,...] [--dss-signing FILE] [--dss-verification FILE]
 * [--service-jvm TEXT]}. Exit code 0 when every request succeeded, 3 when some failed (the report is
 * written either way), 1 for a usage error.
 */
public final class LoadRunner {

    /**
     * The open-loop phase of a full run: a p99 over 60 s rests on about 90 requests at 150 requests/s,
     * so one pause of the machine no longer decides it alone, as it could over 20 s.
     */
    private static final String OPEN_LOOP_SECONDS = "60";

    /**
     * The longest warm-up before the closed loop. Measured on 2 cores, the service's compilers went
     * quiet after about 150 s of verification load; a full run's warm-up covers every scenario.
     */
    static final double SETTLE_MAX_SECONDS = 300;

    /** The longest warm-up of the open loop's path, after the closed loop ran other scenarios. */
    static final double OPEN_LOOP_SETTLE_MAX_SECONDS = 60;

    /** The closed-loop concurrency levels of a full run. */
    static final List<Integer> FULL_CONCURRENCY = List.of(1, 2, 4, 8, 16, 32);

    /** The DSS baselines are measured at two threads: the machine's two cores. */
    static final int BASELINE_THREADS = 2;

    private LoadRunner() {}

    /**
     * The run's settings.
     *
     * @param url the service
     * @param credentials the service's {@code demo-credentials.json}
     * @param servicePid the service's process id for heap sampling, or -1
     * @param reportDirOrNull where the report goes, or null for none
     * @param concurrency closed-loop levels
     * @param warmupSeconds warm-up before each timed phase
     * @param durationSeconds length of each timed phase
     * @param openLoopSeconds length of the open-loop phase (0: none)
     * @param scenarios scenario identifiers, empty for all
     * @param dssSigningOrNull output of the signing benchmark at two threads, or null
     * @param dssVerificationOrNull output of the verification benchmark at two threads, or null
     * @param serviceJvm how the service's JVM was started, for the report
     * @param quick whether this is the short smoke run
     */
    record Settings(
            URI url,
            Path credentials,
            long servicePid,
            Path reportDirOrNull,
            List<Integer> concurrency,
            double warmupSeconds,
            double durationSeconds,
            double openLoopSeconds,
            List<String> scenarios,
            Path dssSigningOrNull,
            Path dssVerificationOrNull,
            String serviceJvm,
            boolean quick) {

        static Settings parse(String[] args) {
            Map<String, String> values = new HashMap<>();
            boolean quick = false;
            List<String> known = List.of(
                    "--url",
                    "--credentials",
                    "--service-pid",
                    "--report",
                    "--concurrency",
                    "--warmup",
                    "--duration",
                    "--open-loop",
                    "--scenarios",
                    "--dss-signing",
                    "--dss-verification",
                    "--service-jvm");
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--quick")) {
                    quick = true;
                } else if (known.contains(a)) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    values.put(a, args[++i]);
                } else {
                    throw new IllegalArgumentException("unknown option " + a + "; use --quick or one of " + known);
                }
            }
            if (!values.containsKey("--url") || !values.containsKey("--credentials")) {
                throw new IllegalArgumentException("--url and --credentials are required");
            }
            URI url = URI.create(values.get("--url"));
            if (url.getHost() == null || url.getPort() <= 0) {
                throw new IllegalArgumentException("--url needs a host and a port, e.g. http://127.0.0.1:8080");
            }
            List<Integer> concurrency = values.containsKey("--concurrency")
                    ? Arrays.stream(values.get("--concurrency").split(","))
                            .map(String::trim)
                            .map(Integer::parseInt)
                            .toList()
                    : quick ? List.of(1, 4, 16) : FULL_CONCURRENCY;
            if (concurrency.isEmpty() || concurrency.stream().anyMatch(c -> c < 1)) {
                throw new IllegalArgumentException("--concurrency needs positive levels");
            }
            Settings s = new Settings(
                    url,
                    Path.of(values.get("--credentials")),
                    Long.parseLong(values.getOrDefault("--service-pid", "-1")),
                    values.containsKey("--report") ? Path.of(values.get("--report")) : null,
                    concurrency,
                    Double.parseDouble(values.getOrDefault("--warmup", quick ? "1" : "3")),
                    Double.parseDouble(values.getOrDefault("--duration", quick ? "2" : "8")),
                    Double.parseDouble(values.getOrDefault("--open-loop", quick ? "5" : OPEN_LOOP_SECONDS)),
                    values.containsKey("--scenarios")
                            ? List.of(values.get("--scenarios").split(","))
                            : List.of(),
                    values.containsKey("--dss-signing") ? Path.of(values.get("--dss-signing")) : null,
                    values.containsKey("--dss-verification") ? Path.of(values.get("--dss-verification")) : null,
                    values.getOrDefault("--service-jvm", "unknown"),
                    quick);
            if (s.durationSeconds <= 0 || s.warmupSeconds < 0 || s.openLoopSeconds < 0) {
                throw new IllegalArgumentException(
                        "--duration must be positive, --warmup and --open-loop not negative");
            }
            return s;
        }
    }

    /**
     * What a run measured.
     *
     * @param closed the closed-loop measurements, by scenario then concurrency
     * @param warmupPassErrors the untimed warm-up pass of scenarios that had errors (they count too)
     * @param openLoopOrNull the open-loop verification at half peak, or null when not run
     * @param scenarios the scenarios run
     * @param peakHeapBytes the service's largest sampled used heap over the whole run, or -1
     * @param warmups how each warm-up until the compilers went quiet went, one line each
     */
    record Result(
            List<Measurement> closed,
            List<Measurement> warmupPassErrors,
            Measurement openLoopOrNull,
            List<Scenario> scenarios,
            long peakHeapBytes,
            List<String> warmups) {

        /** Failed requests over the whole run, the warm-up pass included. */
        long errors() {
            return closed.stream().mapToLong(Measurement::errors).sum()
                    + warmupPassErrors.stream().mapToLong(Measurement::errors).sum()
                    + (openLoopOrNull == null ? 0 : openLoopOrNull.errors());
        }

        /** The best closed-loop throughput of a scenario, 0 when it was not run. */
        double peakRequestsPerSecond(String scenario) {
            return closed.stream()
                    .filter(m -> m.scenario().equals(scenario))
                    .mapToDouble(Measurement::requestsPerSecond)
                    .max()
                    .orElse(0);
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load runner: " + e.getMessage());
            System.exit(1);
            return;
        }
        Result result = run(settings, System.out);
        if (settings.reportDirOrNull() != null) {
            Path md = LoadReport.write(settings, result, settings.reportDirOrNull());
            System.out.println();
            System.out.println(Files.readString(md, StandardCharsets.UTF_8));
            System.out.println("report: " + md.toAbsolutePath() + " and report.html beside it");
        }
        System.exit(result.errors() == 0 ? 0 : 3);
    }

    /** Runs every selected scenario at every level, then the open-loop phase; prints progress lines. */
    static Result run(Settings settings, PrintStream out) throws Exception {
        Map<String, String> keys = credentials(settings.credentials());
        int maxConnections = Math.max(
                64,
                settings.concurrency().stream()
                        .mapToInt(Integer::intValue)
                        .max()
                        .orElse(1));
        List<Measurement> closed = new ArrayList<>();
        List<Measurement> warmupErrors = new ArrayList<>();
        Measurement open = null;
        HeapSampler heap = settings.servicePid() > 0 ? HeapSampler.start(settings.servicePid()) : null;
        CompileTimeSampler compiling =
                settings.servicePid() > 0 && !settings.quick() ? CompileTimeSampler.start(settings.servicePid()) : null;
        // the service's compilers and the runner's own: both take the cores the requests need
        JitSettling.CompileClock jit =
                compiling == null ? () -> Double.NaN : JitSettling.sum(compiling, JitSettling.thisJvm());
        List<String> warmups = new ArrayList<>();
        try (LoadGenerator generator = new LoadGenerator(settings.url(), maxConnections, Duration.ofMinutes(2))) {
            out.println("preparing documents: the service signs the ones to verify");
            Scenarios.Documents docs = Scenarios.Documents.prepare(
                    (pdf, profile, level) -> setupSign(generator, keys.get("admin"), pdf, profile, level));
            List<Scenario> all = Scenarios.all(docs, keys);
            List<Scenario> scenarios =
                    settings.scenarios().isEmpty() ? all : Scenarios.select(all, settings.scenarios());
            // one untimed pass over every scenario first, so that the first one measured does not pay
            // for the service's JIT compilation alone
            int passConcurrency = Math.min(
                    4,
                    settings.concurrency().stream()
                            .mapToInt(Integer::intValue)
                            .max()
                            .orElse(1));
            out.printf(
                    Locale.ROOT,
                    "warm-up: every scenario %.1f s at concurrency %d, %s%n",
                    settings.warmupSeconds(),
                    passConcurrency,
                    compiling == null
                            ? "one round (compilation time not read: smoke run or no service process id)"
                            : String.format(
                                    Locale.ROOT,
                                    "in rounds until the compilers are quiet (at most %.0f s)",
                                    SETTLE_MAX_SECONDS));
            JitSettling.Outcome settled = JitSettling.warmUntilQuiet(
                    jit,
                    () -> {
                        for (Scenario scenario : scenarios) {
                            keepErrors(
                                    generator.closedLoop(scenario, passConcurrency, 0, settings.warmupSeconds()),
                                    "warm-up pass",
                                    warmupErrors,
                                    out);
                        }
                    },
                    SETTLE_MAX_SECONDS);
            if (compiling != null) {
                note("every scenario", settled, warmups, out);
            }
            out.printf(
                    Locale.ROOT,
                    "closed loop: concurrency %s, warm-up %.1f s, %.1f s per level%n",
                    settings.concurrency(),
                    settings.warmupSeconds(),
                    settings.durationSeconds());
            for (Scenario scenario : scenarios) {
                for (int c : settings.concurrency()) {
                    if (heap != null) {
                        heap.resetPeak();
                    }
                    Measurement m =
                            generator.closedLoop(scenario, c, settings.warmupSeconds(), settings.durationSeconds());
                    if (heap != null) {
                        m = m.withPeakHeap(heap.phasePeakBytes());
                    }
                    closed.add(m);
                    out.println(LoadReport.progressLine(m));
                }
            }
            Optional<Scenario> verifyOne =
                    scenarios.stream().filter(s -> s.id().equals("verify-1p")).findFirst();
            if (verifyOne.isPresent() && settings.openLoopSeconds() > 0) {
                double peak = closed.stream()
                        .filter(m -> m.scenario().equals("verify-1p"))
                        .mapToDouble(Measurement::requestsPerSecond)
                        .max()
                        .orElse(0);
                if (peak > 0) {
                    double rate = peak / 2;
                    out.printf(Locale.ROOT, "open loop: verify-1p at %.1f requests/s (half of %.1f)%n", rate, peak);
                    if (heap != null) {
                        heap.resetPeak();
                    }
                    // the levels before ran other paths: warm this one at this rate until the compilers are quiet
                    JitSettling.Outcome openSettled = JitSettling.warmUntilQuiet(
                            jit,
                            () -> {
                                keepErrors(
                                        generator.openLoop(
                                                verifyOne.get(), rate, Math.min(3, settings.warmupSeconds()), 0),
                                        "open-loop warm-up",
                                        warmupErrors,
                                        out);
                            },
                            OPEN_LOOP_SETTLE_MAX_SECONDS);
                    if (compiling != null) {
                        note("open loop", openSettled, warmups, out);
                    }
                    open = generator.openLoop(verifyOne.get(), rate, 0, settings.openLoopSeconds());
                    if (heap != null) {
                        open = open.withPeakHeap(heap.phasePeakBytes());
                    }
                    out.println(LoadReport.progressLine(open));
                    StringBuilder slow = new StringBuilder();
                    LoadReport.slowSeconds(slow, open);
                    out.println(slow.toString().strip());
                }
            }
            return new Result(
                    closed, warmupErrors, open, scenarios, heap == null ? -1 : heap.overallPeakBytes(), warmups);
        } finally {
            if (heap != null) {
                heap.close();
            }
            if (compiling != null) {
                compiling.close();
            }
        }
    }

    /** Keeps a warm-up's errors, which count against the run like any other, and prints them. */
    private static void keepErrors(Measurement pass, String what, List<Measurement> errors, PrintStream out) {
        if (pass.errors() > 0) {
            errors.add(pass);
            out.println(what + " " + LoadReport.progressLine(pass));
        }
    }

    /** Prints how a warm-up until the compilers were quiet went and keeps it for the report. */
    private static void note(String what, JitSettling.Outcome outcome, List<String> warmups, PrintStream out) {
        warmups.add(what + ": " + outcome.describe());
        out.println("warm-up, " + what + ": " + outcome.describe());
    }

    private static byte[] setupSign(LoadGenerator generator, String key, byte[] pdf, String profile, String level) {
        Call call = new Call(
                "setup",
                "/v1/sign?profile=" + profile + "&level=" + level,
                "application/pdf",
                Buffer.buffer(pdf),
                key,
                Call.signedPdf(pdf.length));
        HttpResponse<Buffer> response;
        try {
            response = generator.sendAndWait(call);
        } catch (Exception e) {
            throw new IllegalStateException("set-up signing (" + profile + ", " + level + ") failed: " + e, e);
        }
        String problem = call.check().problemOrNull(response);
        if (problem != null) {
            throw new IllegalStateException("set-up signing (" + profile + ", " + level + ") failed: " + problem + " "
                    + response.bodyAsString());
        }
        return response.body().getBytes();
    }

    /** The demo credentials by role; the keys are never printed. */
    static Map<String, String> credentials(Path file) throws IOException {
        JsonObject json = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
        Map<String, String> keys = new HashMap<>();
        for (String role : List.of("resident", "branch", "department", "admin")) {
            String key = json.getString(role);
            if (key == null || key.isBlank()) {
                throw new IllegalArgumentException(file + ": no key for role '" + role + "'");
            }
            keys.put(role, key);
        }
        return keys;
    }
}
