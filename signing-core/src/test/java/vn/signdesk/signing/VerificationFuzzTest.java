package vn.signdesk.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.signdesk.fixtures.TimeBound;
import vn.signdesk.signing.verify.CertificateCheckSources;
import vn.signdesk.signing.verify.PadesSignatureVerifier;
import vn.signdesk.signing.verify.VerificationReport;
import vn.signdesk.signing.verify.VerifyOptions;

/**
 * Verification over arbitrary bytes: a report or one of the documented errors ({@link
 * SignDeskException}), never another exception, a hang (over 60 seconds) or an exhausted heap (see
 * the fuzz execution in the parent pom). Certificate checks are offline, so no input reaches the network.
 */
class VerificationFuzzTest {

    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final PadesSignatureVerifier VERIFIER = PadesSignatureVerifier.builder()
            .trustAnchors(List.of(GeneratedPdfs.fixture().pki.rootCa()))
            .certificateChecks(CertificateCheckSources.offline())
            .build();

    /** The report, or null for a documented error. */
    private static VerificationReport verify(byte[] bytes) {
        try {
            return VERIFIER.verify(PdfInput.of(bytes), VerifyOptions.DEFAULT);
        } catch (SignDeskException documented) {
            return null;
        }
    }

    static Stream<Arguments> seeds() {
        return GeneratedPdfs.arguments();
    }

    /**
     * The first verifications load PDFBox's, DSS's and Bouncy Castle's classes (instrumented when
     * fuzzing), which on a busy machine takes longer than the time bound; that is start-up, not what
     * the bound is for.
     */
    @BeforeAll
    static void warmUp() {
        GeneratedPdfs.all().stream().limit(8).forEach(n -> verify(n.getPayload()));
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "60s")
    void verify_anyBytes_isAReportOrADocumentedError(byte[] bytes) {
        VerificationReport reportOrNull = TimeBound.call(BOUND, () -> verify(bytes));
        if (reportOrNull != null) {
            assertThat(reportOrNull.verdict()).isNotNull();
            assertThat(reportOrNull.documentSha256()).hasSize(64);
        }
    }
}
