package vn.signdesk.load.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster comparison of {@code load-tests/run.sh cluster}: the verify and sign scenarios of
 * {@link LoadRunner} against one set-up after the other (one node alone on SQLite, one node and N
 * nodes on PostgreSQL behind nginx), then {@code cluster.md} comparing their throughput and p99.
 *
 * <p>Usage: {@code ClusterComparison measure LABEL RESULTS_FILE LOAD_RUNNER_OPTIONS...} appends
 * one line per scenario and concurrency level to the results file (tab-separated: label,
 * scenario, concurrency, requests/s, p99 ms, errors); {@code ClusterComparison report
 * RESULTS_FILE CLUSTER_MD DESCRIPTION} writes the comparison, each set-up against the first one
 * measured (the single node on SQLite). Exit code of {@code measure}: 0, or 3 when requests failed.
 */
public final class ClusterComparison {

    /** How far below the single node on SQLite a set-up may stay: the target of the cluster mode. */
    static final double TOLERANCE = 0.10;

    private ClusterComparison() {}

    /** One line of the results file. */
    record Row(
            String label, String scenario, int concurrency, double requestsPerSecond, double p99Millis, long errors) {

        String line() {
            return String.format(
                    Locale.ROOT,
                    "%s\t%s\t%d\t%.2f\t%.2f\t%d%n",
                    label,
                    scenario,
                    concurrency,
                    requestsPerSecond,
                    p99Millis,
                    errors);
        }

        static Row parse(String line) {
            String[] f = line.split("\t");
            return new Row(
                    f[0],
                    f[1],
                    Integer.parseInt(f[2]),
                    Double.parseDouble(f[3]),
                    Double.parseDouble(f[4]),
                    Long.parseLong(f[5]));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("measure")) {
            System.exit(measure(args[1], Path.of(args[2]), Arrays.copyOfRange(args, 3, args.length)));
        } else if (args.length == 4 && args[0].equals("report")) {
            Files.writeString(Path.of(args[2]), markdown(read(Path.of(args[1])), args[3]), StandardCharsets.UTF_8);
            System.out.println(Files.readString(Path.of(args[2]), StandardCharsets.UTF_8));
        } else {
            System.err.println("usage: ClusterComparison measure LABEL RESULTS LOAD_RUNNER_OPTIONS... "
                    + "| report RESULTS CLUSTER_MD DESCRIPTION");
            System.exit(1);
        }
    }

    private static int measure(String label, Path results, String[] runnerOptions) throws Exception {
        LoadRunner.Settings settings = LoadRunner.Settings.parse(runnerOptions);
        LoadRunner.Result result = LoadRunner.run(settings, System.out);
        StringBuilder lines = new StringBuilder();
        for (Measurement m : result.closed()) {
            lines.append(new Row(
                            label,
                            m.scenario(),
                            m.concurrency(),
                            m.requestsPerSecond(),
                            m.percentileMillis(99),
                            m.errors())
                    .line());
        }
        Files.writeString(results, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return result.errors() == 0 ? 0 : 3;
    }

    private static List<Row> read(Path results) throws IOException {
        return Files.readAllLines(results, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank())
                .map(Row::parse)
                .toList();
    }

    /** The comparison table: one row per scenario, level and set-up, against the first set-up's. */
    static String markdown(List<Row> rows, String description) {
        List<String> labels = rows.stream().map(Row::label).distinct().toList();
        Map<String, Row> baseline = new LinkedHashMap<>();
        for (Row r : rows) {
            if (r.label().equals(labels.get(0))) {
                baseline.put(r.scenario() + "@" + r.concurrency(), r);
            }
        }
        StringBuilder md = new StringBuilder();
        md.append("# SignDesk as a cluster: nodes behind nginx on PostgreSQL\n\n")
                .append(description)
                .append("\n\nEach set-up against the first, ")
                .append(labels.get(0))
                .append(String.format(
                        Locale.ROOT,
                        " (target: throughput within %.0f%% of it). p99 in milliseconds.\n\n",
                        TOLERANCE * 100))
                .append("| scenario | concurrency | set-up | requests/s | vs first | p99 ms | errors |\n")
                .append("|---|---:|---|---:|---:|---:|---:|\n");
        List<String> misses = new ArrayList<>();
        for (Row base : baseline.values()) {
            for (String label : labels) {
                Optional<Row> row = rows.stream()
                        .filter(r -> r.label().equals(label)
                                && r.scenario().equals(base.scenario())
                                && r.concurrency() == base.concurrency())
                        .findFirst();
                if (row.isEmpty()) {
                    continue;
                }
                Row r = row.get();
                double ratio = base.requestsPerSecond() > 0 ? r.requestsPerSecond() / base.requestsPerSecond() : 0;
                if (ratio < 1 - TOLERANCE) {
                    misses.add(String.format(
                            Locale.ROOT, "%s at c=%d, %s (%.0f%%)", r.scenario(), r.concurrency(), label, ratio * 100));
                }
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %s | %.1f | %.0f%% | %.1f | %d |%n",
                        r.scenario(),
                        r.concurrency(),
                        label,
                        r.requestsPerSecond(),
                        ratio * 100,
                        r.p99Millis(),
                        r.errors()));
            }
        }
        md.append('\n')
                .append(
                        misses.isEmpty()
                                ? "Every set-up within the target.\n"
                                : "Below the target: " + String.join("; ", misses) + ".\n");
        return md.toString();
    }
}
