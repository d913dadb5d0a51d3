package vn.signdesk.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import vn.signdesk.signing.SignatureLevel;

/**
 * In-process PAdES signing throughput of SignDesk beside plain DSS {@code PAdESService} defaults: the
 * same key, PDFs, timestamp authority and revocation sources, measured in the same run.
 *
 * <p>Implementation notes. Every path is run once before any case (JIT compilation), then for every
 * document, level and thread count both sides are warmed up again and
 * timed in alternating iterations (DSS first on even iterations, SignDesk first on odd ones) so that
 * load from other processes on the machine hits both alike; the table reports each side's median
 * operations per second and SignDesk's ratio to DSS. Each thread signs in a loop until the iteration's
 * deadline; throughput is the number of finished signatures over the time until the last thread
 * stopped. Before any timing, one output of each side and case is validated with DSS and must be
 * TOTAL_PASSED at the requested level, otherwise the run stops: a fast wrong signature is worth
 * nothing. This is a plain runner, not JMH: the work per operation is milliseconds, far above the
 * timer and dead-code concerns JMH exists for.
 *
 * <p>Usage: {@code SigningBenchmark [--quick] [--warmup S] [--iterations N] [--time S] [--threads 1,2]
 * [--pages 1,20] [--levels B-B,B-LTA] [--settle S]}; {@code --settle S} repeats the first warm-up pass
 * until the JIT compilers are quiet, for at most S seconds (see {@link JitSettling}).
 */
public final class SigningBenchmark {

    /** The run's settings; {@link #quick()} is the smoke run. */
    record Settings(
            double warmupSeconds,
            int iterations,
            double iterationSeconds,
            List<Integer> threads,
            List<Integer> pages,
            List<SignatureLevel> levels) {

        static Settings defaults() {
            return new Settings(
                    3, 5, 2, List.of(1, 2), List.of(1, 20), List.of(SignatureLevel.B_B, SignatureLevel.B_LTA));
        }

        Settings quick() {
            return new Settings(0.6, 2, 0.5, threads, pages, levels);
        }

        static Settings parse(String[] args) {
            Settings s = defaults();
            boolean quick = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--quick" -> quick = true;
                    case "--warmup" ->
                        s = new Settings(
                                Double.parseDouble(value(args, ++i, a)),
                                s.iterations,
                                s.iterationSeconds,
                                s.threads,
                                s.pages,
                                s.levels);
                    case "--iterations" ->
                        s = new Settings(
                                s.warmupSeconds,
                                Integer.parseInt(value(args, ++i, a)),
                                s.iterationSeconds,
                                s.threads,
                                s.pages,
                                s.levels);
                    case "--time" ->
                        s = new Settings(
                                s.warmupSeconds,
                                s.iterations,
                                Double.parseDouble(value(args, ++i, a)),
                                s.threads,
                                s.pages,
                                s.levels);
                    case "--threads" ->
                        s = new Settings(
                                s.warmupSeconds,
                                s.iterations,
                                s.iterationSeconds,
                                ints(value(args, ++i, a)),
                                s.pages,
                                s.levels);
                    case "--pages" ->
                        s = new Settings(
                                s.warmupSeconds,
                                s.iterations,
                                s.iterationSeconds,
                                s.threads,
                                ints(value(args, ++i, a)),
                                s.levels);
                    case "--levels" ->
                        s = new Settings(
                                s.warmupSeconds,
                                s.iterations,
                                s.iterationSeconds,
                                s.threads,
                                s.pages,
                                Arrays.stream(value(args, ++i, a).split(","))
                                        .map(SignatureLevel::parse)
                                        .toList());
                    default ->
                        throw new IllegalArgumentException(
                                "unknown option " + a
                                        + "; use --quick, --warmup S, --iterations N, --time S, --threads 1,2, --pages 1,20, --levels B-B,B-LTA");
                }
            }
            if (s.iterations < 1 || s.iterationSeconds <= 0 || s.warmupSeconds < 0) {
                throw new IllegalArgumentException("iterations must be at least 1 and times positive");
            }
            return quick ? s.quick() : s;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static List<Integer> ints(String csv) {
            return Arrays.stream(csv.split(","))
                    .map(String::trim)
                    .map(Integer::parseInt)
                    .toList();
        }
    }

    /** One validated output: which side, which document and level, and what DSS said. */
    record Check(String side, int pages, SignatureLevel level, BenchmarkEnvironment.Validation validation) {
        boolean passed() {
            return validation.passedAt(level);
        }
    }

    /** One row of the result table. */
    record Row(int pages, SignatureLevel level, int threads, double dssOpsPerSecond, double signDeskOpsPerSecond) {
        double ratio() {
            return signDeskOpsPerSecond / dssOpsPerSecond;
        }
    }

    private SigningBenchmark() {}

    public static void main(String[] args) throws Exception {
        Settings settings;
        JitSettling.SettleOption settle;
        try {
            settle = JitSettling.SettleOption.parse(args);
            settings = Settings.parse(settle.rest());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        PrintStream out = System.out;
        Throughput.printHeader(out, "signing", settings.warmupSeconds, settings.iterations, settings.iterationSeconds);
        BenchmarkEnvironment env = new BenchmarkEnvironment();
        Map<Integer, byte[]> pdfs = documents(env, settings.pages);
        pdfs.forEach((pages, pdf) -> out.printf(Locale.ROOT, "document: %d page(s), %d bytes%n", pages, pdf.length));

        List<Check> checks = verifyOutputs(env, pdfs, settings.levels);
        for (Check c : checks) {
            out.printf(
                    Locale.ROOT,
                    "verified %-8s %2d page(s) %-5s: %s%n",
                    c.side,
                    c.pages,
                    c.level.label(),
                    c.validation.details());
        }
        if (!checks.stream().allMatch(Check::passed)) {
            System.err.println("an output did not validate at its level: no timing");
            System.exit(2);
        }

        List<Row> rows = run(env, pdfs, settings, settle.maxSeconds(), out);
        out.println();
        printTable(rows, out);
        System.exit(0);
    }

    /** The benchmark's PDFs by page count. */
    static Map<Integer, byte[]> documents(BenchmarkEnvironment env, List<Integer> pageCounts) {
        Map<Integer, byte[]> pdfs = new LinkedHashMap<>();
        byte[] letterhead = env.pki().sealImagePng();
        for (int pages : pageCounts) {
            pdfs.put(pages, BenchmarkPdfs.document(pages, letterhead));
        }
        return pdfs;
    }

    /** Signs each document at each level once with each side and validates every output with DSS. */
    static List<Check> verifyOutputs(BenchmarkEnvironment env, Map<Integer, byte[]> pdfs, List<SignatureLevel> levels) {
        List<Check> checks = new ArrayList<>();
        Map<String, BenchmarkEnvironment.PdfSigner> sides = sides(env);
        for (Map.Entry<Integer, byte[]> doc : pdfs.entrySet()) {
            for (SignatureLevel level : levels) {
                sides.forEach((name, signer) -> checks.add(
                        new Check(name, doc.getKey(), level, env.validate(signer.sign(doc.getValue(), level)))));
            }
        }
        return checks;
    }

    private static Map<String, BenchmarkEnvironment.PdfSigner> sides(BenchmarkEnvironment env) {
        Map<String, BenchmarkEnvironment.PdfSigner> sides = new LinkedHashMap<>();
        sides.put("DSS", env.dssDefaults());
        sides.put("SignDesk", env.signDesk());
        return sides;
    }

    static List<Row> run(
            BenchmarkEnvironment env,
            Map<Integer, byte[]> pdfs,
            Settings settings,
            double settleSeconds,
            PrintStream out)
            throws Exception {
        BenchmarkEnvironment.PdfSigner dss = env.dssDefaults();
        BenchmarkEnvironment.PdfSigner signDesk = env.signDesk();
        int maxThreads =
                settings.threads.stream().mapToInt(Integer::intValue).max().orElse(1);
        ExecutorService pool = Throughput.pool(maxThreads);
        List<Row> rows = new ArrayList<>();
        try {
            // one pass over every path first, so the first case is not the one that pays for JIT
            // compilation; with --settle, passes until the compilers are quiet
            JitSettling.warmUp(
                    () -> {
                        for (byte[] pdf : pdfs.values()) {
                            for (SignatureLevel level : settings.levels) {
                                measure(pool, dss, pdf, level, maxThreads, settings.warmupSeconds);
                                measure(pool, signDesk, pdf, level, maxThreads, settings.warmupSeconds);
                            }
                        }
                    },
                    settleSeconds,
                    out);
            for (Map.Entry<Integer, byte[]> doc : pdfs.entrySet()) {
                for (SignatureLevel level : settings.levels) {
                    for (int threads : settings.threads) {
                        measure(pool, dss, doc.getValue(), level, threads, settings.warmupSeconds);
                        measure(pool, signDesk, doc.getValue(), level, threads, settings.warmupSeconds);
                        double[] dssRuns = new double[settings.iterations];
                        double[] signDeskRuns = new double[settings.iterations];
                        for (int i = 0; i < settings.iterations; i++) {
                            if (i % 2 == 0) {
                                dssRuns[i] =
                                        measure(pool, dss, doc.getValue(), level, threads, settings.iterationSeconds);
                                signDeskRuns[i] = measure(
                                        pool, signDesk, doc.getValue(), level, threads, settings.iterationSeconds);
                            } else {
                                signDeskRuns[i] = measure(
                                        pool, signDesk, doc.getValue(), level, threads, settings.iterationSeconds);
                                dssRuns[i] =
                                        measure(pool, dss, doc.getValue(), level, threads, settings.iterationSeconds);
                            }
                        }
                        Row row = new Row(doc.getKey(), level, threads, median(dssRuns), median(signDeskRuns));
                        rows.add(row);
                        out.printf(
                                Locale.ROOT,
                                "%s   DSS runs %s   SignDesk runs %s%n",
                                format(row),
                                Arrays.toString(Throughput.round(dssRuns)),
                                Arrays.toString(Throughput.round(signDeskRuns)));
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return rows;
    }

    /** Operations per second of {@code threads} threads signing {@code pdf} in a loop for {@code seconds}. */
    static double measure(
            ExecutorService pool,
            BenchmarkEnvironment.PdfSigner signer,
            byte[] pdf,
            SignatureLevel level,
            int threads,
            double seconds)
            throws Exception {
        return Throughput.measure(pool, () -> signer.sign(pdf, level), threads, seconds)
                .opsPerSecond();
    }

    static double median(double[] values) {
        return Throughput.median(values);
    }

    static void printTable(List<Row> rows, PrintStream out) {
        out.println("case                threads   DSS ops/s   SignDesk ops/s   ratio");
        for (Row r : rows) {
            out.println(format(r));
        }
    }

    private static String format(Row r) {
        return String.format(
                Locale.ROOT,
                "%-19s %7d %11.1f %16.1f %7.2fx",
                r.pages + "-page " + r.level.label(),
                r.threads,
                r.dssOpsPerSecond,
                r.signDeskOpsPerSecond,
                r.ratio());
    }
}
