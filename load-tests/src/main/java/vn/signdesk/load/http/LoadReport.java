package vn.signdesk.load.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import vn.signdesk.load.JitSettling;

/**
 * The load run's report: {@code report.md} and a self-contained {@code report.html} (plots as inline
 * SVG drawn here, no script, nothing fetched) with requests per second, p50/p95/p99 latency, errors
 * and the service's peak heap per scenario and concurrency level, the open-loop verification at half
 * peak, EU DSS used directly with its defaults, and each target marked met or not met.
 *
 * <p>Implementation notes. The targets are computed once ({@link #targets}) and rendered by both
 * formats; a target whose input was not measured (no DSS baseline, no heap sampler) is reported as
 * not measured, never as met. Peak throughput of a scenario is its best closed-loop level.
 */
final class LoadReport {

    /** The heap ceiling of the service: 1 GiB, what {@code -Xmx1g} allows. */
    static final long HEAP_LIMIT_BYTES = 1024L * 1024 * 1024;

    static final double SIGN_RATIO_TARGET = 2;
    static final double VERIFY_RATIO_TARGET = 10;
    static final double TSA_TARGET = 2000;
    static final double OPEN_LOOP_P99_TARGET_MS = 50;
    private static final int SLOW_SECONDS_SHOWN = 15;

    private static final String[] COLOURS = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
        "#393b79", "#637939"
    };

    private LoadReport() {}

    /** Whether a target was met; NOT_MEASURED when its input is missing. */
    enum Status {
        MET("met"),
        NOT_MET("NOT met"),
        NOT_MEASURED("not measured");

        final String text;

        Status(String text) {
            this.text = text;
        }
    }

    /** One target: what it asks, what was measured, and the verdict. */
    record Target(String name, String goal, String measured, Status status) {}

    /** Writes report.md and report.html into {@code dir}; returns the Markdown file. */
    static Path write(LoadRunner.Settings settings, LoadRunner.Result result, Path dir) throws IOException {
        Files.createDirectories(dir);
        Optional<DssBaseline> signing = settings.dssSigningOrNull() == null
                ? Optional.empty()
                : DssBaseline.signing(settings.dssSigningOrNull(), LoadRunner.BASELINE_THREADS);
        Optional<DssBaseline> verification = settings.dssVerificationOrNull() == null
                ? Optional.empty()
                : DssBaseline.verification(settings.dssVerificationOrNull(), LoadRunner.BASELINE_THREADS);
        List<Target> targets = targets(result, signing, verification);
        Path md = dir.resolve("report.md");
        Files.writeString(md, markdown(settings, result, signing, verification, targets), StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("report.html"),
                html(settings, result, signing, verification, targets),
                StandardCharsets.UTF_8);
        return md;
    }

    /** One line per measurement while the run goes on. */
    static String progressLine(Measurement m) {
        return String.format(
                Locale.ROOT,
                "%-14s %-9s %9.1f req/s  p50 %8.1f  p95 %8.1f  p99 %8.1f ms  errors %d  heap %s%s",
                m.scenario(),
                m.concurrency() > 0 ? "c=" + m.concurrency() : String.format(Locale.ROOT, "%.0f/s", m.targetRate()),
                m.requestsPerSecond(),
                m.percentileMillis(50),
                m.percentileMillis(95),
                m.percentileMillis(99),
                m.errors(),
                megabytes(m.peakHeapBytes()),
                m.errorSamples().isEmpty() ? "" : "  first errors: " + m.errorSamples());
    }

    /** Every target of the load run, in report order. */
    static List<Target> targets(
            LoadRunner.Result result, Optional<DssBaseline> signing, Optional<DssBaseline> verification) {
        List<Target> targets = new ArrayList<>();
        targets.add(ratioTarget(
                "/v1/sign 1-page B-B vs DSS direct",
                SIGN_RATIO_TARGET,
                result.peakRequestsPerSecond("sign-1p-B-B"),
                signing));
        targets.add(ratioTarget(
                "/v1/verify 1-page vs DSS direct",
                VERIFY_RATIO_TARGET,
                result.peakRequestsPerSecond("verify-1p"),
                verification));
        double tsa = result.peakRequestsPerSecond("tsa");
        targets.add(new Target(
                "/tsa replies per second",
                ">= " + fmt(TSA_TARGET) + " replies/s",
                tsa > 0 ? fmt(tsa) + " replies/s" : "not run",
                tsa <= 0 ? Status.NOT_MEASURED : tsa >= TSA_TARGET ? Status.MET : Status.NOT_MET));
        Measurement open = result.openLoopOrNull();
        targets.add(new Target(
                "/v1/verify 1-page p99 at half peak (open loop)",
                "<= " + fmt(OPEN_LOOP_P99_TARGET_MS) + " ms",
                open == null
                        ? "not run"
                        : String.format(
                                Locale.ROOT,
                                "p99 %.1f ms at %.1f req/s offered, %.1f req/s served",
                                open.percentileMillis(99),
                                open.targetRate(),
                                open.requestsPerSecond()),
                open == null || open.requests() == 0
                        ? Status.NOT_MEASURED
                        : open.errors() == 0 && open.percentileMillis(99) <= OPEN_LOOP_P99_TARGET_MS
                                ? Status.MET
                                : Status.NOT_MET));
        long errors = result.errors();
        long requests =
                result.closed().stream().mapToLong(Measurement::requests).sum() + (open == null ? 0 : open.requests());
        targets.add(new Target(
                "errors",
                "none (non-2xx, wrong body, exception, timeout)",
                errors + " errors in " + requests + " successful requests",
                errors == 0 ? Status.MET : Status.NOT_MET));
        long heap = result.peakHeapBytes();
        targets.add(new Target(
                "service peak used heap",
                "<= 1 GB (1024 MiB)",
                heap < 0 ? "not sampled" : megabytes(heap) + " MiB",
                heap < 0 ? Status.NOT_MEASURED : heap <= HEAP_LIMIT_BYTES ? Status.MET : Status.NOT_MET));
        return targets;
    }

    private static Target ratioTarget(String name, double goal, double served, Optional<DssBaseline> baseline) {
        String goalText = ">= " + fmt(goal) + "x DSS direct (" + LoadRunner.BASELINE_THREADS + " threads)";
        if (served <= 0) {
            return new Target(name, goalText, "not run", Status.NOT_MEASURED);
        }
        OptionalDouble ratio = baseline.map(b -> b.ratio(served)).orElse(OptionalDouble.empty());
        if (ratio.isEmpty()) {
            return new Target(name, goalText, fmt(served) + " req/s; no DSS baseline", Status.NOT_MEASURED);
        }
        return new Target(
                name,
                goalText,
                String.format(
                        Locale.ROOT,
                        "%.1f req/s vs %.1f ops/s = %.2fx",
                        served,
                        baseline.get().dssOpsPerSecond(),
                        ratio.getAsDouble()),
                ratio.getAsDouble() >= goal ? Status.MET : Status.NOT_MET);
    }

    static String markdown(
            LoadRunner.Settings settings,
            LoadRunner.Result result,
            Optional<DssBaseline> signing,
            Optional<DssBaseline> verification,
            List<Target> targets) {
        StringBuilder md = new StringBuilder();
        md.append("# SignDesk HTTP load report\n\n");
        for (String line : setup(settings)) {
            md.append("- ").append(line).append('\n');
        }
        for (String line : result.warmups()) {
            md.append("- warm-up, ").append(line).append('\n');
        }
        md.append("\n## Targets\n\n| target | goal | measured | status |\n|---|---|---|---|\n");
        for (Target t : targets) {
            md.append("| ")
                    .append(t.name())
                    .append(" | ")
                    .append(t.goal())
                    .append(" | ")
                    .append(t.measured())
                    .append(" | ")
                    .append(t.status() == Status.MET ? "met" : "**" + t.status().text + "**")
                    .append(" |\n");
        }
        md.append("\n## Closed loop\n\n")
                .append(
                        "| scenario | concurrency | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | peak heap MiB |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Measurement m : result.closed()) {
            md.append(row(m)).append('\n');
        }
        Measurement open = result.openLoopOrNull();
        if (open != null) {
            md.append("\n## Open loop: /v1/verify 1-page at half its peak\n\n")
                    .append(
                            "| scenario | offered req/s | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | peak heap MiB |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
                    .append(row(open))
                    .append('\n');
            slowSeconds(md, open);
        }
        md.append("\n## EU DSS used directly (in-process, defaults, ")
                .append(LoadRunner.BASELINE_THREADS)
                .append(" threads)\n\n")
                .append("| operation | DSS ops/s | SignDesk core in-process ops/s | SignDesk over HTTP, peak req/s |\n")
                .append("|---|---:|---:|---:|\n");
        baselineRow(md, "sign 1-page B-B", signing, result.peakRequestsPerSecond("sign-1p-B-B"));
        baselineRow(md, "verify 1-page", verification, result.peakRequestsPerSecond("verify-1p"));
        List<String> errors = errorLines(result);
        if (!errors.isEmpty()) {
            md.append("\n## First errors\n\n");
            errors.forEach(e -> md.append("- `").append(e.replace("`", "'")).append("`\n"));
        }
        md.append("\n## Scenarios\n\n");
        for (Scenario s : result.scenarios()) {
            md.append("- `").append(s.id()).append("`: ").append(s.title()).append('\n');
        }
        return md.toString();
    }

    /**
     * The open loop's seconds (by due time) that held a request over 50 ms or an error: they show
     * whether the slow requests are spread out (the service is too slow) or bunched in a few seconds
     * (a stall: of the collector, the disk, or the machine).
     */
    static void slowSeconds(StringBuilder md, Measurement open) {
        if (open.timeline().isEmpty()) {
            return;
        }
        List<Measurement.Second> slow = open.timeline().stream()
                .filter(s -> s.over50ms() > 0 || s.errors() > 0)
                .toList();
        long slowRequests =
                slow.stream().mapToLong(Measurement.Second::over50ms).sum();
        md.append("\nSeconds with a request over 50 ms or an error: ")
                .append(slow.size())
                .append(" of ")
                .append(open.timeline().size())
                .append("; requests over 50 ms: ")
                .append(slowRequests)
                .append(" of ")
                .append(open.requests())
                .append(".\n");
        if (slow.isEmpty()) {
            return;
        }
        md.append("\n| second | requests | over 50 ms | slowest ms | errors |\n|---:|---:|---:|---:|---:|\n");
        slow.stream()
                .sorted(Comparator.comparingLong(Measurement.Second::maxMicros).reversed())
                .limit(SLOW_SECONDS_SHOWN)
                .sorted(Comparator.comparingInt(Measurement.Second::second))
                .forEach(s -> md.append("| ")
                        .append(s.second())
                        .append(" | ")
                        .append(s.requests())
                        .append(" | ")
                        .append(s.over50ms())
                        .append(" | ")
                        .append(fmt(s.maxMicros() / 1000.0))
                        .append(" | ")
                        .append(s.errors())
                        .append(" |\n"));
    }

    private static void baselineRow(StringBuilder md, String name, Optional<DssBaseline> b, double http) {
        md.append("| ")
                .append(name)
                .append(" | ")
                .append(b.map(x -> fmt(x.dssOpsPerSecond())).orElse("not measured"))
                .append(" | ")
                .append(b.map(x -> fmt(x.signDeskInProcessOpsPerSecond())).orElse("not measured"))
                .append(" | ")
                .append(http > 0 ? fmt(http) : "not run")
                .append(" |\n");
    }

    private static List<String> errorLines(LoadRunner.Result result) {
        List<String> lines = new ArrayList<>();
        for (Measurement m : result.warmupPassErrors()) {
            for (String e : m.errorSamples()) {
                lines.add(m.scenario() + " warm-up pass: " + e);
            }
        }
        List<Measurement> all = new ArrayList<>(result.closed());
        if (result.openLoopOrNull() != null) {
            all.add(result.openLoopOrNull());
        }
        for (Measurement m : all) {
            for (String e : m.errorSamples()) {
                lines.add(m.scenario() + " " + level(m) + ": " + e);
            }
        }
        return lines;
    }

    private static List<String> setup(LoadRunner.Settings settings) {
        List<String> lines = new ArrayList<>();
        lines.add("run: "
                + ZonedDateTime.now()
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .substring(0, 19) + (settings.quick() ? ", quick (smoke) run" : ", full run"));
        lines.add("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                + " " + System.getProperty("os.arch") + ", " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.version"));
        lines.add("service JVM: " + settings.serviceJvm());
        lines.add(String.format(
                Locale.ROOT,
                "closed loop: concurrency %s, %.1f s warm-up then %.1f s timed per level; open loop %.1f s",
                settings.concurrency(),
                settings.warmupSeconds(),
                settings.durationSeconds(),
                settings.openLoopSeconds()));
        lines.add("the load generator (one Vert.x event loop) runs on the same cores as the service, and other"
                + " processes on the machine add noise: compare numbers within one report");
        lines.add(String.format(
                Locale.ROOT,
                "before any timing, untimed rounds over every scenario until the service's and the runner's JIT"
                        + " compilers are quiet (under %.0f%% of the time compiling over %.0f s, at most %.0f s; a smoke"
                        + " run does one round), and before the open loop the same at its rate (at most %.0f s)",
                JitSettling.QUIET_SHARE * 100,
                JitSettling.WINDOW_SECONDS,
                LoadRunner.SETTLE_MAX_SECONDS,
                LoadRunner.OPEN_LOOP_SETTLE_MAX_SECONDS));
        lines.add("latency: from send to full response (closed loop); from the time a request was due (open loop)");
        lines.add("peak heap: largest used heap (eden + survivors + old, garbage included) sampled by jstat every"
                + " 250 ms during the level's warm-up and timed phase");
        return lines;
    }

    private static String row(Measurement m) {
        String first = m.concurrency() > 0 ? Integer.toString(m.concurrency()) : fmt(m.targetRate());
        return "| " + m.scenario() + " | " + first + " | " + fmt(m.requestsPerSecond()) + " | "
                + fmt(m.percentileMillis(50)) + " | " + fmt(m.percentileMillis(95)) + " | "
                + fmt(m.percentileMillis(99)) + " | " + fmt(m.percentileMillis(100)) + " | " + m.errors() + " | "
                + megabytes(m.peakHeapBytes()) + " |";
    }

    private static String level(Measurement m) {
        return m.concurrency() > 0 ? "c=" + m.concurrency() : "open " + fmt(m.targetRate()) + "/s";
    }

    static String html(
            LoadRunner.Settings settings,
            LoadRunner.Result result,
            Optional<DssBaseline> signing,
            Optional<DssBaseline> verification,
            List<Target> targets) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>SignDesk HTTP load report</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:72em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em}")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}")
                .append(".met{color:#176317;font-weight:bold}.not{color:#b00020;font-weight:bold}")
                .append(".nm{color:#8a6d00;font-weight:bold}svg{margin:1em 0;background:#fff}")
                .append("</style></head><body>\n<h1>SignDesk HTTP load report</h1>\n<ul>");
        for (String line : setup(settings)) {
            h.append("<li>").append(esc(line)).append("</li>");
        }
        for (String line : result.warmups()) {
            h.append("<li>warm-up, ").append(esc(line)).append("</li>");
        }
        h.append(
                "</ul>\n<h2>Targets</h2>\n<table><tr><th>target</th><th>goal</th><th>measured</th><th>status</th></tr>");
        for (Target t : targets) {
            String cls = t.status() == Status.MET ? "met" : t.status() == Status.NOT_MET ? "not" : "nm";
            h.append("<tr><td>")
                    .append(esc(t.name()))
                    .append("</td><td>")
                    .append(esc(t.goal()))
                    .append("</td><td>")
                    .append(esc(t.measured()))
                    .append("</td><td class=\"")
                    .append(cls)
                    .append("\">")
                    .append(esc(t.status().text))
                    .append("</td></tr>");
        }
        h.append("</table>\n<h2>Closed loop</h2>\n");
        Map<String, List<Measurement>> series = new LinkedHashMap<>();
        for (Measurement m : result.closed()) {
            series.computeIfAbsent(m.scenario(), k -> new ArrayList<>()).add(m);
        }
        h.append(chart("Throughput (requests/s, log scale) by concurrency", series, Measurement::requestsPerSecond));
        h.append(chart("p99 latency (ms, log scale) by concurrency", series, m -> m.percentileMillis(99)));
        h.append("<table><tr><th>scenario</th><th>concurrency</th><th>req/s</th><th>p50 ms</th><th>p95 ms</th>")
                .append("<th>p99 ms</th><th>max ms</th><th>errors</th><th>peak heap MiB</th></tr>");
        for (Measurement m : result.closed()) {
            h.append(htmlRow(m));
        }
        h.append("</table>\n");
        Measurement open = result.openLoopOrNull();
        if (open != null) {
            h.append("<h2>Open loop: /v1/verify 1-page at half its peak</h2>\n<table><tr><th>scenario</th>")
                    .append("<th>offered req/s</th><th>req/s</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th>")
                    .append("<th>max ms</th><th>errors</th><th>peak heap MiB</th></tr>")
                    .append(htmlRow(open))
                    .append("</table>\n");
            StringBuilder slow = new StringBuilder();
            slowSeconds(slow, open);
            if (!slow.isEmpty()) {
                h.append("<pre>").append(esc(slow.toString().strip())).append("</pre>\n");
            }
        }
        h.append("<h2>EU DSS used directly (in-process, defaults, ")
                .append(LoadRunner.BASELINE_THREADS)
                .append(" threads)</h2>\n<table><tr><th>operation</th><th>DSS ops/s</th>")
                .append("<th>SignDesk core in-process ops/s</th><th>SignDesk over HTTP, peak req/s</th></tr>");
        htmlBaseline(h, "sign 1-page B-B", signing, result.peakRequestsPerSecond("sign-1p-B-B"));
        htmlBaseline(h, "verify 1-page", verification, result.peakRequestsPerSecond("verify-1p"));
        h.append("</table>\n");
        List<String> errors = errorLines(result);
        if (!errors.isEmpty()) {
            h.append("<h2>First errors</h2>\n<ul>");
            errors.forEach(e -> h.append("<li><code>").append(esc(e)).append("</code></li>"));
            h.append("</ul>\n");
        }
        h.append("<h2>Scenarios</h2>\n<ul>");
        for (Scenario s : result.scenarios()) {
            h.append("<li><code>")
                    .append(esc(s.id()))
                    .append("</code>: ")
                    .append(esc(s.title()))
                    .append("</li>");
        }
        h.append("</ul>\n</body></html>\n");
        return h.toString();
    }

    private static void htmlBaseline(StringBuilder h, String name, Optional<DssBaseline> b, double http) {
        h.append("<tr><td>")
                .append(esc(name))
                .append("</td><td class=\"n\">")
                .append(b.map(x -> fmt(x.dssOpsPerSecond())).orElse("not measured"))
                .append("</td><td class=\"n\">")
                .append(b.map(x -> fmt(x.signDeskInProcessOpsPerSecond())).orElse("not measured"))
                .append("</td><td class=\"n\">")
                .append(http > 0 ? fmt(http) : "not run")
                .append("</td></tr>");
    }

    private static String htmlRow(Measurement m) {
        String first = m.concurrency() > 0 ? Integer.toString(m.concurrency()) : fmt(m.targetRate());
        return "<tr><td>" + esc(m.scenario()) + "</td><td class=\"n\">" + first + "</td><td class=\"n\">"
                + fmt(m.requestsPerSecond()) + "</td><td class=\"n\">" + fmt(m.percentileMillis(50))
                + "</td><td class=\"n\">" + fmt(m.percentileMillis(95)) + "</td><td class=\"n\">"
                + fmt(m.percentileMillis(99)) + "</td><td class=\"n\">" + fmt(m.percentileMillis(100))
                + "</td><td class=\"n" + (m.errors() > 0 ? " not" : "") + "\">" + m.errors()
                + "</td><td class=\"n\">" + megabytes(m.peakHeapBytes()) + "</td></tr>";
    }

    /** A line chart, x = concurrency on a log2 axis, y on a log10 axis, one line per scenario. */
    static String chart(
            String title, Map<String, List<Measurement>> series, java.util.function.ToDoubleFunction<Measurement> y) {
        int width = 860;
        int height = 420;
        int left = 70;
        int right = 190;
        int top = 40;
        int bottom = 50;
        int plotW = width - left - right;
        int plotH = height - top - bottom;
        double minX = Double.MAX_VALUE;
        double maxX = 0;
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        for (List<Measurement> ms : series.values()) {
            for (Measurement m : ms) {
                double v = y.applyAsDouble(m);
                minX = Math.min(minX, m.concurrency());
                maxX = Math.max(maxX, m.concurrency());
                if (v > 0) {
                    minY = Math.min(minY, v);
                    maxY = Math.max(maxY, v);
                }
            }
        }
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" role=\"img\" aria-label=\"")
                .append(esc(title))
                .append("\" font-family=\"sans-serif\" font-size=\"12\">");
        s.append("<text x=\"")
                .append(left)
                .append("\" y=\"22\" font-size=\"15\">")
                .append(esc(title))
                .append("</text>");
        if (maxY <= 0 || maxX <= 0) {
            return s.append("<text x=\"")
                    .append(left)
                    .append("\" y=\"80\">no data</text></svg>\n")
                    .toString();
        }
        double lx0 = log2(minX);
        double lx1 = Math.max(lx0 + 1, log2(maxX));
        double ly0 = Math.floor(Math.log10(minY));
        double ly1 = Math.max(ly0 + 1, Math.ceil(Math.log10(maxY)));
        s.append("<rect x=\"")
                .append(left)
                .append("\" y=\"")
                .append(top)
                .append("\" width=\"")
                .append(plotW)
                .append("\" height=\"")
                .append(plotH)
                .append("\" fill=\"none\" stroke=\"#999\"/>");
        for (double d = ly0; d <= ly1 + 1e-9; d++) {
            double py = top + plotH - (d - ly0) / (ly1 - ly0) * plotH;
            s.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e3e3e3\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    left,
                    py,
                    left + plotW,
                    py,
                    left - 6,
                    py + 4,
                    fmt(Math.pow(10, d))));
        }
        for (double c = minX; c <= maxX; c *= 2) {
            double px = left + (log2(c) - lx0) / (lx1 - lx0) * plotW;
            s.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e3e3e3\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>",
                    px,
                    top,
                    px,
                    top + plotH,
                    px,
                    top + plotH + 16,
                    (long) c));
        }
        s.append("<text x=\"")
                .append(left + plotW / 2)
                .append("\" y=\"")
                .append(height - 12)
                .append("\" text-anchor=\"middle\">concurrency (requests in flight)</text>");
        int i = 0;
        for (Map.Entry<String, List<Measurement>> e : series.entrySet()) {
            String colour = COLOURS[i % COLOURS.length];
            StringBuilder points = new StringBuilder();
            for (Measurement m : e.getValue()) {
                double v = y.applyAsDouble(m);
                if (v <= 0) {
                    continue;
                }
                double px = left + (log2(m.concurrency()) - lx0) / (lx1 - lx0) * plotW;
                double py = top + plotH - (Math.log10(v) - ly0) / (ly1 - ly0) * plotH;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px, py));
                s.append(String.format(
                        Locale.ROOT,
                        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s c=%d: %s</title></circle>",
                        px,
                        py,
                        colour,
                        esc(e.getKey()),
                        m.concurrency(),
                        fmt(v)));
            }
            s.append("<polyline fill=\"none\" stroke=\"")
                    .append(colour)
                    .append("\" stroke-width=\"2\" points=\"")
                    .append(points.toString().trim())
                    .append("\"/>");
            int ly = top + 10 + i * 18;
            s.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>"
                            + "<text x=\"%d\" y=\"%d\">%s</text>",
                    left + plotW + 12,
                    ly,
                    left + plotW + 32,
                    ly,
                    colour,
                    left + plotW + 38,
                    ly + 4,
                    esc(e.getKey())));
            i++;
        }
        return s.append("</svg>\n").toString();
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    static String fmt(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, v >= 1 ? "%.2f" : "%.3g", v);
    }

    private static String megabytes(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", bytes / (1024.0 * 1024));
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
