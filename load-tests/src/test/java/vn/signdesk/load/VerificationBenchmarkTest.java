package vn.signdesk.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.signdesk.load.VerificationBenchmark.Agreement;
import vn.signdesk.load.VerificationBenchmark.Case;

/** The verification benchmark's documents and verdict check, run once without timing. */
class VerificationBenchmarkTest {

    @Test
    void precheck_onePageDocument_bothSidesSayTotalPassed() {
        BenchmarkEnvironment env = new BenchmarkEnvironment();
        Map<Case, byte[]> pdfs = VerificationBenchmark.documents(env, List.of(Case.ONE_PAGE));

        List<Agreement> agreements;
        try (VerificationBenchmark.Sides sides = new VerificationBenchmark.Sides(env)) {
            agreements = VerificationBenchmark.precheck(sides, pdfs);
        }

        assertThat(agreements).singleElement().satisfies(a -> {
            assertThat(a.dss().verdict()).as(a.toString()).isEqualTo("TOTAL_PASSED");
            assertThat(a.signDesk().verdict()).as(a.toString()).isEqualTo("TOTAL_PASSED");
            assertThat(a.dss().signatures()).isEqualTo(1);
            assertThat(a.signDesk().signatures()).isEqualTo(1);
            assertThat(a.agreed()).isTrue();
        });
    }

    @Test
    void parse_quick_shortensEveryPhaseAndKeepsEveryCase() {
        VerificationBenchmark.Settings quick = VerificationBenchmark.Settings.parse(new String[] {"--quick"});

        assertThat(quick.iterations() * quick.iterationSeconds() + quick.warmupSeconds())
                .isLessThan(2);
        assertThat(quick.cases()).containsExactly(Case.ONE_PAGE, Case.TWENTY_PAGES, Case.FIVE_SIGNATURES);
        assertThat(quick.threads()).containsExactly(1, 2);
    }

    @Test
    void parse_unknownCase_isRejectedWithTheChoices() {
        assertThatThrownBy(() -> VerificationBenchmark.Settings.parse(new String[] {"--cases", "ten-pages"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("five-signatures");
    }
}
