package vn.signdesk.load.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EU DSS used directly in-process with its defaults, as measured by the signing and verification
 * benchmarks ({@code SigningBenchmark}, {@code VerificationBenchmark}) run as their own JVMs before
 * the service starts: the report compares the service against these numbers.
 *
 * <p>Implementation notes. The benchmarks print a table whose rows start with the case and the
 * thread count, then DSS's and SignDesk's operations per second; this class reads the last such row
 * of the case it needs (the final table repeats the progress lines). A test prints rows with the
 * benchmarks' own formatting and reads them back, so the two cannot drift apart.
 *
 * @param dssOpsPerSecond DSS defaults, operations per second
 * @param signDeskInProcessOpsPerSecond SignDesk's core library in the same benchmark run
 * @param threads threads of the benchmark row
 * @param source the file the row came from
 */
public record DssBaseline(double dssOpsPerSecond, double signDeskInProcessOpsPerSecond, int threads, String source) {

    private static final String NUMBER = "([0-9]+(?:\\.[0-9]+)?)";

    /** The row for 1-page B-B signing at {@code threads} threads of a signing benchmark output. */
    public static Optional<DssBaseline> signing(Path output, int threads) throws IOException {
        return lastRow(
                output,
                Pattern.compile("^1-page B-B\\s+" + threads + "\\s+" + NUMBER + "\\s+" + NUMBER + "\\s"),
                threads);
    }

    /** The row for the 1-page, one-signature document at {@code threads} threads of a verification benchmark output. */
    public static Optional<DssBaseline> verification(Path output, int threads) throws IOException {
        return lastRow(
                output,
                Pattern.compile("^1-page, 1 sig\\s+" + threads + "\\s+" + NUMBER + "\\s+" + NUMBER + "\\s"),
                threads);
    }

    private static Optional<DssBaseline> lastRow(Path output, Pattern row, int threads) throws IOException {
        if (!Files.isRegularFile(output)) {
            return Optional.empty();
        }
        DssBaseline found = null;
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                found = new DssBaseline(
                        Double.parseDouble(m.group(1)),
                        Double.parseDouble(m.group(2)),
                        threads,
                        output.getFileName().toString());
            }
        }
        return Optional.ofNullable(found);
    }

    /** {@code value / dssOpsPerSecond}, empty when DSS measured nothing. */
    public OptionalDouble ratio(double value) {
        return dssOpsPerSecond > 0 ? OptionalDouble.of(value / dssOpsPerSecond) : OptionalDouble.empty();
    }
}
