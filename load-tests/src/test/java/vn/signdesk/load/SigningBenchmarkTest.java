package vn.signdesk.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import vn.signdesk.signing.SignatureLevel;

/** The benchmark's set-up and output check, run once without timing. */
class SigningBenchmarkTest {

    private static final BenchmarkEnvironment ENV = new BenchmarkEnvironment();

    @Test
    void verifyOutputs_onePagePdf_bothSidesPassAtEveryBenchmarkedLevel() {
        Map<Integer, byte[]> pdfs = SigningBenchmark.documents(ENV, List.of(1));

        List<SigningBenchmark.Check> checks =
                SigningBenchmark.verifyOutputs(ENV, pdfs, List.of(SignatureLevel.B_B, SignatureLevel.B_LTA));

        assertThat(checks)
                .extracting(SigningBenchmark.Check::side)
                .containsExactly("DSS", "SignDesk", "DSS", "SignDesk");
        assertThat(checks)
                .allSatisfy(c -> assertThat(c.passed()).as(c.toString()).isTrue());
    }

    @Test
    void verifyOutputs_unsignedPdf_isNotPassed() {
        byte[] unsigned = BenchmarkPdfs.document(1, ENV.pki().sealImagePng());

        BenchmarkEnvironment.Validation validation = ENV.validate(unsigned);

        assertThat(validation.signatures()).isZero();
        assertThat(validation.passedAt(SignatureLevel.B_B)).isFalse();
    }

    @Test
    void document_twentyPages_hasTwentyPagesAndGrowsWithPages() throws Exception {
        byte[] one = BenchmarkPdfs.document(1, ENV.pki().sealImagePng());
        byte[] twenty = BenchmarkPdfs.document(20, ENV.pki().sealImagePng());

        try (PDDocument pdf = Loader.loadPDF(twenty)) {
            assertThat(pdf.getNumberOfPages()).isEqualTo(20);
        }
        assertThat(twenty.length).isGreaterThan(one.length + 19 * 400);
    }

    @Test
    void parse_quick_shortensEveryPhase() {
        SigningBenchmark.Settings quick = SigningBenchmark.Settings.parse(new String[] {"--quick"});

        assertThat(quick.iterations() * quick.iterationSeconds() + quick.warmupSeconds())
                .isLessThan(2.5);
        assertThat(quick.pages()).containsExactly(1, 20);
        assertThat(quick.levels()).containsExactly(SignatureLevel.B_B, SignatureLevel.B_LTA);
        assertThat(quick.threads()).containsExactly(1, 2);
    }

    @Test
    void median_evenAndOddCounts_isMiddleValue() {
        assertThat(SigningBenchmark.median(new double[] {5, 1, 3})).isEqualTo(3);
        assertThat(SigningBenchmark.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }
}
