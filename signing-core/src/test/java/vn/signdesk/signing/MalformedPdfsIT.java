package vn.signdesk.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.signdesk.fixtures.MalformedPdfs;
import vn.signdesk.fixtures.MalformedPdfs.MalformedPdf;
import vn.signdesk.fixtures.TimeBound;
import vn.signdesk.signing.internal.PdfPreflight;
import vn.signdesk.signing.verify.CertificateCheckSources;
import vn.signdesk.signing.verify.PadesSignatureVerifier;
import vn.signdesk.signing.verify.SignatureVerifier;
import vn.signdesk.signing.verify.internal.RevisionAnalyzer;

/**
 * Every generated malformed PDF ({@link MalformedPdfs}) through every reader of the signing core:
 * verification, the signing preflight and the revision analysis each end within ten seconds in a
 * result or a documented error ({@link InvalidDocumentException}, {@link
 * UnsupportedDocumentException}, or {@link DocumentTooComplexException} when reading it would exceed
 * the read budget). The same rule the conformance suite applies to the corpus's
 * {@code C_malformed} set, on files any clone can make.
 */
class MalformedPdfsIT {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final SignatureVerifier VERIFIER = PadesSignatureVerifier.builder()
            .certificateChecks(CertificateCheckSources.offline())
            .build();
    private static final Map<String, String> OUTCOMES = new ConcurrentHashMap<>();

    static Stream<MalformedPdf> files() {
        return MalformedPdfs.all().stream();
    }

    @AfterAll
    static void printOutcomes() {
        OUTCOMES.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> System.out.println(e.getKey() + " -> " + e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void verify_malformedPdf_endsWithinTenSecondsInAReportOrADocumentedError(MalformedPdf m) {
        String outcome = TimeBound.call(BOUND, () -> {
            try {
                return VERIFIER.verify(PdfInput.of(m.bytes())).verdict().name();
            } catch (InvalidDocumentException | UnsupportedDocumentException | DocumentTooComplexException e) {
                return e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        });

        OUTCOMES.put("verify " + m.name(), outcome);
        assertThat(outcome).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void preflight_malformedPdf_endsWithinTenSecondsInFactsOrADocumentedError(MalformedPdf m) {
        String outcome = TimeBound.call(BOUND, () -> {
            try {
                return PdfPreflight.check(PdfInput.of(m.bytes()), DocumentLimits.DEFAULT, true)
                        .toString();
            } catch (InvalidDocumentException | UnsupportedDocumentException | DocumentTooComplexException e) {
                return e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        });

        OUTCOMES.put("preflight " + m.name(), outcome);
        assertThat(outcome).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void analyze_malformedPdf_endsWithinTenSecondsInARevisionListOrADocumentedError(MalformedPdf m) {
        String outcome = TimeBound.call(BOUND, () -> {
            try {
                return RevisionAnalyzer.analyze(m.bytes(), null).size() + " signature(s)";
            } catch (InvalidDocumentException | UnsupportedDocumentException | DocumentTooComplexException e) {
                return e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        });

        OUTCOMES.put("analyze " + m.name(), outcome);
        assertThat(outcome).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("truncated")
    void sign_truncatedPdf_isRefusedAsTruncated(MalformedPdf m) {
        assertThatThrownBy(() -> PdfPreflight.check(PdfInput.of(m.bytes()), DocumentLimits.DEFAULT, true))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessage("the PDF is truncated: its end-of-file marker is missing");
    }

    static Stream<MalformedPdf> truncated() {
        List<String> names = List.of("truncated", "no-eof");
        return files().filter(m -> names.contains(m.name()));
    }
}
