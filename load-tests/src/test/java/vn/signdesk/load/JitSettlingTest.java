package vn.signdesk.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The warm-up that waits for the compilers, on a simulated clock: 5 s rounds. */
class JitSettlingTest {

    /** Simulated time and compilation: each round lasts 5 s and compiles what the script says. */
    private static final class Simulation {
        private final double[] compilePerRound;
        private long nanos;
        private double compiled;
        private int rounds;

        Simulation(double... compilePerRound) {
            this.compilePerRound = compilePerRound;
        }

        void round() {
            nanos += 5_000_000_000L;
            compiled += compilePerRound[Math.min(rounds, compilePerRound.length - 1)];
            rounds++;
        }

        JitSettling.Outcome run(double maxSeconds) throws Exception {
            return JitSettling.warmUntilQuiet(() -> compiled, this::round, 10, 0.03, maxSeconds, () -> nanos);
        }
    }

    @Test
    void warmUntilQuiet_compilationFadesOut_endsAtTheFirstQuietWindow() throws Exception {
        // windows of two rounds: 8 s, 3 s, then 0.4 s of compilation in 10 s (4% > 3%), then 0.2 s (2%)
        Simulation s = new Simulation(5, 3, 2, 1, 0.2, 0.2, 0.1, 0.1, 0, 0);

        JitSettling.Outcome outcome = s.run(300);

        assertThat(outcome.quiet()).isTrue();
        assertThat(s.rounds).isEqualTo(8);
        assertThat(outcome.seconds()).isEqualTo(40.0);
        assertThat(outcome.compileSeconds()).isEqualTo(11.6, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(outcome.describe())
                .contains("40 s of warm-up, 11.6 s of it compiling")
                .contains("under 3%");
    }

    @Test
    void warmUntilQuiet_compilerNeverQuiet_stopsAtTheLimitAndSaysSo() throws Exception {
        Simulation s = new Simulation(1);

        JitSettling.Outcome outcome = s.run(30);

        assertThat(outcome.quiet()).isFalse();
        assertThat(s.rounds).isEqualTo(6);
        assertThat(outcome.describe()).contains("had not gone quiet");
    }

    @Test
    void warmUntilQuiet_clockWithoutAReadingAtFirst_countsFromItsFirstReading() throws Exception {
        long[] nanos = {0};
        double[] compiled = {Double.NaN};
        int[] rounds = {0};
        JitSettling.Round round = () -> {
            nanos[0] += 5_000_000_000L;
            compiled[0] = rounds[0] == 0 ? 50 : compiled[0] + 0.05;
            rounds[0]++;
        };

        JitSettling.Outcome outcome =
                JitSettling.warmUntilQuiet(() -> compiled[0], round, 10, 0.03, 300, () -> nanos[0]);

        assertThat(outcome.quiet()).isTrue();
        assertThat(rounds[0]).isEqualTo(3);
        assertThat(outcome.compileSeconds()).isEqualTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void warmUntilQuiet_noClock_runsOneRound() throws Exception {
        int[] rounds = {0};

        JitSettling.Outcome outcome = JitSettling.warmUntilQuiet(() -> Double.NaN, () -> rounds[0]++, 300);

        assertThat(rounds[0]).isEqualTo(1);
        assertThat(outcome.quiet()).isFalse();
    }

    @Test
    void thisJvm_afterWork_reportsCompilationTime() {
        assertThat(JitSettling.thisJvm().seconds()).isGreaterThan(0);
    }

    @Test
    void settleOption_amongOtherArguments_isTakenOutAndTheRestKeptInOrder() {
        JitSettling.SettleOption option =
                JitSettling.SettleOption.parse(new String[] {"--warmup", "20", "--settle", "300", "--threads", "2"});

        assertThat(option.maxSeconds()).isEqualTo(300);
        assertThat(option.rest()).containsExactly("--warmup", "20", "--threads", "2");
        assertThat(JitSettling.SettleOption.parse(new String[0]).maxSeconds()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> JitSettling.SettleOption.parse(new String[] {"--settle"}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
