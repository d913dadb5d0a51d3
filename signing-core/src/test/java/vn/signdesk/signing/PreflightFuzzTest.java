package vn.signdesk.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.signdesk.fixtures.TimeBound;
import vn.signdesk.signing.internal.PdfPreflight;

/**
 * The checks every PDF passes before signing, timestamping or extension, over arbitrary bytes: the
 * facts of a readable document or one of the documented errors, never another exception, a hang or
 * an exhausted heap (a call that takes over 60 seconds counts as a hang).
 */
class PreflightFuzzTest {

    private static final Duration BOUND = Duration.ofSeconds(60);

    /** The facts, or null for a documented error. */
    private static PdfPreflight.Facts check(byte[] bytes) {
        try {
            return PdfPreflight.check(PdfInput.of(bytes), DocumentLimits.DEFAULT, true);
        } catch (SignDeskException documented) {
            return null;
        }
    }

    static Stream<Arguments> seeds() {
        return GeneratedPdfs.arguments();
    }

    /** The first checks load PDFBox's classes (instrumented when fuzzing): start-up, outside the bound. */
    @BeforeAll
    static void warmUp() {
        GeneratedPdfs.all().forEach(n -> check(n.getPayload()));
    }

    @MethodSource("seeds")
    @FuzzTest(maxDuration = "60s")
    void check_anyBytes_isFactsOrADocumentedError(byte[] bytes) {
        PdfPreflight.Facts factsOrNull = TimeBound.call(BOUND, () -> check(bytes));
        if (factsOrNull != null) {
            assertThat(factsOrNull.pages()).isBetween(1, DocumentLimits.DEFAULT.maxPages());
        }
    }
}
