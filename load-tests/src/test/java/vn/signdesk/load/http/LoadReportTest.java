package vn.signdesk.load.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The report's targets, its plots, and the small parsers the runner relies on. */
class LoadReportTest {

    @Test
    void targets_measuredValues_markEachMetOrNotMetAndMissingOnesNotMeasured() {
        LoadRunner.Result result = new LoadRunner.Result(
                List.of(
                        measurement("sign-1p-B-B", 1, 40, 0, 20_000),
                        measurement("sign-1p-B-B", 2, 70, 0, 25_000),
                        measurement("verify-1p", 2, 200, 0, 9_000),
                        measurement("tsa", 8, 1500, 0, 4_000)),
                List.of(),
                measurement("verify-1p", 0, 100, 0, 60_000),
                List.of(),
                700L * 1024 * 1024,
                List.of());
        DssBaseline signing = new DssBaseline(30, 120, 2, "dss-signing.txt");

        List<LoadReport.Target> targets = LoadReport.targets(result, Optional.of(signing), Optional.empty());

        assertThat(targets)
                .extracting(LoadReport.Target::status)
                .containsExactly(
                        LoadReport.Status.MET, // 70 / 30 = 2.33x
                        LoadReport.Status.NOT_MEASURED, // no verification baseline
                        LoadReport.Status.NOT_MET, // 1500 < 2000
                        LoadReport.Status.NOT_MET, // p99 60 ms > 50 ms
                        LoadReport.Status.MET, // no errors
                        LoadReport.Status.MET); // 700 MiB
        assertThat(targets.get(0).measured()).contains("2.33x");
    }

    @Test
    void targets_anyError_isNotMet() {
        LoadRunner.Result result = new LoadRunner.Result(
                List.of(measurement("tsa", 1, 2500, 3, 1_000)), List.of(), null, List.of(), -1, List.of());

        List<LoadReport.Target> targets = LoadReport.targets(result, Optional.empty(), Optional.empty());

        assertThat(targets.get(2).status()).isEqualTo(LoadReport.Status.MET);
        assertThat(targets.get(4).status()).isEqualTo(LoadReport.Status.NOT_MET);
        assertThat(targets.get(5).status()).isEqualTo(LoadReport.Status.NOT_MEASURED);
    }

    @Test
    void chart_twoLevels_drawsOnePolylinePerScenarioWithoutScript() {
        String svg = LoadReport.chart(
                "throughput",
                java.util.Map.of(
                        "tsa", List.of(measurement("tsa", 1, 500, 0, 1_000), measurement("tsa", 4, 1500, 0, 2_000))),
                Measurement::requestsPerSecond);

        assertThat(svg)
                .startsWith("<svg")
                .contains("<polyline")
                .contains(">tsa<")
                .doesNotContain("script");
    }

    @Test
    void slowSeconds_openLoopTimeline_listsOnlySecondsWithASlowRequestOrAnError() {
        Measurement open = new Measurement(
                "verify-1p",
                0,
                100,
                297,
                3,
                3.0,
                new Histogram(3),
                List.of(),
                -1,
                List.of(
                        new Measurement.Second(0, 100, 0, 12_000, 0),
                        new Measurement.Second(1, 97, 3, 212_500, 40),
                        new Measurement.Second(2, 100, 0, 51_000, 1)));
        StringBuilder md = new StringBuilder();

        LoadReport.slowSeconds(md, open);

        assertThat(md.toString())
                .contains("Seconds with a request over 50 ms or an error: 2 of 3; requests over 50 ms: 41 of 297.")
                .contains("| 1 | 97 | 40 | 213 | 3 |")
                .contains("| 2 | 100 | 1 | 51.0 | 0 |")
                .doesNotContain("| 0 | 100 |");
    }

    @Test
    void compileTimeSampler_jstatCompilerLines_keepsTheLatestTimeColumn() {
        CompileTimeSampler sampler = CompileTimeSampler.unstarted();

        assertThat(sampler.seconds()).isNaN();
        sampler.accept("Compiled Failed Invalid Time FailedType FailedMethod".split(" "));
        sampler.accept("20404 0 0 96.50 0".split(" "));
        sampler.accept("20430 1 0 96.57 1 java/lang/String indexOf".split(" "));
        sampler.accept("Terminated".split(" "));

        assertThat(sampler.seconds()).isEqualTo(96.57);
    }

    @Test
    void heapSampler_jstatHeaderAndLine_sumsSurvivorEdenAndOld() {
        String[] header = "S0C S1C S0U S1U EC EU OC OU MC MU CCSC CCSU YGC YGCT FGC FGCT CGC CGCT GCT".split(" ");
        String[] line = "0.0 2048.0 0.0 1024.0 30720.0 10240.0 65536.0 20480.0 1.0 1.0 1.0 1.0 3 0.1 0 0.0 2 0.0 0.1"
                .split(" ");

        int[] columns = HeapSampler.columns(header);

        assertThat(HeapSampler.usedBytes(line, columns)).isEqualTo((1024 + 10240 + 20480) * 1024L);
        assertThat(HeapSampler.columns(new String[] {"Timestamp", "S0C"})).isNull();
    }

    @Test
    void pkiStatus_grantedRejectedAndGarbage() {
        byte[] granted = {0x30, 0x05, 0x30, 0x03, 0x02, 0x01, 0x00};
        byte[] rejected = {0x30, (byte) 0x81, 0x05, 0x30, 0x03, 0x02, 0x01, 0x02};

        assertThat(TimestampQueries.pkiStatus(granted)).isZero();
        assertThat(TimestampQueries.pkiStatus(rejected)).isEqualTo(2);
        assertThat(TimestampQueries.pkiStatus(new byte[] {0x04, 0x00})).isEqualTo(-1);
        assertThat(TimestampQueries.pkiStatus(new byte[0])).isEqualTo(-1);
    }

    /** A measurement of one second with {@code requests} requests, all at {@code micros}. */
    private static Measurement measurement(String scenario, int concurrency, long requests, long errors, long micros) {
        Histogram h = new Histogram(3);
        h.recordValueWithCount(micros, Math.max(1, requests));
        return new Measurement(
                scenario,
                concurrency,
                concurrency == 0 ? requests : 0,
                requests,
                errors,
                1.0,
                h,
                List.of(),
                -1,
                List.of());
    }
}
