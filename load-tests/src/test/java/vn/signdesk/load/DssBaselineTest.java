package vn.signdesk.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.load.http.DssBaseline;
import vn.signdesk.signing.SignatureLevel;

/** The load report reads the benchmarks' own tables: printed here by the benchmarks, read back. */
class DssBaselineTest {

    @Test
    void signing_benchmarkTable_givesTheOnePageBbRowAtTwoThreads(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SigningBenchmark.printTable(
                List.of(
                        new SigningBenchmark.Row(1, SignatureLevel.B_B, 1, 15.25, 60.5),
                        new SigningBenchmark.Row(1, SignatureLevel.B_B, 2, 27.5, 129.25),
                        new SigningBenchmark.Row(1, SignatureLevel.B_LTA, 2, 3.5, 20)),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        Path file = dir.resolve("dss-signing.txt");
        Files.writeString(file, "progress line\n" + out.toString(StandardCharsets.UTF_8));

        DssBaseline baseline = DssBaseline.signing(file, 2).orElseThrow();

        assertThat(baseline.dssOpsPerSecond()).isEqualTo(27.5);
        assertThat(baseline.signDeskInProcessOpsPerSecond()).isEqualTo(129.3);
        assertThat(baseline.ratio(55).getAsDouble()).isEqualTo(2.0);
    }

    @Test
    void verification_benchmarkTable_givesTheOnePageRowAtTwoThreads(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        VerificationBenchmark.printTable(
                List.of(
                        new VerificationBenchmark.Row(
                                VerificationBenchmark.Case.ONE_PAGE,
                                2,
                                2.9,
                                10.4,
                                37_000_000,
                                4_000_000,
                                98_000_000,
                                21_000_000),
                        new VerificationBenchmark.Row(
                                VerificationBenchmark.Case.TWENTY_PAGES,
                                2,
                                1.5,
                                8,
                                90_000_000,
                                9_000_000,
                                52_000_000,
                                24_000_000)),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        Path file = dir.resolve("dss-verification.txt");
        Files.writeString(file, out.toString(StandardCharsets.UTF_8));

        DssBaseline baseline = DssBaseline.verification(file, 2).orElseThrow();

        assertThat(baseline.dssOpsPerSecond()).isEqualTo(2.9);
        assertThat(baseline.signDeskInProcessOpsPerSecond()).isEqualTo(10.4);
    }

    @Test
    void signing_missingFileOrRow_isEmpty(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("dss-signing.txt");
        Files.writeString(file, "no table here\n");

        assertThat(DssBaseline.signing(file, 2)).isEmpty();
        assertThat(DssBaseline.signing(dir.resolve("absent.txt"), 2)).isEmpty();
    }
}
