package vn.signdesk.signing.verify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.signdesk.signing.InvalidDocumentException;
import vn.signdesk.signing.UnsupportedDocumentException;
import vn.signdesk.signing.verify.ChangeKind;
import vn.signdesk.signing.verify.SignatureCoverage;

/**
 * {@link RevisionAnalyzer} over the labelled corpus in {@code ../shared/corpus} (see its MANIFEST.md
 * and expected.tsv).
 *
 * <p>Rules asserted: every VALID file has at least one signature, each with a standard byte range and
 * changes in NONE, LTA_UPDATES, FORM_FILLING or ANNOTATIONS. Every INVALID file that the revision
 * analysis decides has at least one signature with a non-standard byte range or changes OTHER. The
 * INVALID files in {@link #LEFT_TO_CRYPTO} are broken cryptographically while their revisions are in
 * order (digest or signature value mismatch, undecodable or unsupported CMS, signed attributes not
 * DER-sorted, a copied document timestamp, encapsulated content in a detached signature): the
 * verifier's signature check decides them, so here they only have to be analysed without error.
 * INDETERMINATE files are a matter of trust and certificates; they too only have to be analysed.
 * Every MALFORMED file finishes within 10 seconds with a result or a documented exception.
 */
@Tag("conformance")
class RevisionAnalyzerCorpusIT {

    private static final Path CORPUS = Path.of("../../shared/corpus");

    /** INVALID for a cryptographic reason the revision analysis does not (and need not) see. */
    static final Set<String> LEFT_TO_CRYPTO = Set.of(
            "A_attacks/pyhanko-pdf-sig-with-econtent.pdf",
            "B_signed_known_verdict/dss-BadEncodedCMS.pdf",
            "B_signed_known_verdict/dss-PAdES-BpB-att-SHA256-SHA3_256withRSA.pdf",
            "B_signed_known_verdict/dss-Signature-P-DE_CRY-2_HASH_FAILURE.pdf",
            "B_signed_known_verdict/dss-Signature-P-HU_NET-2.pdf",
            "B_signed_known_verdict/dss-Signature-P-IT_ADO-1_HASH_FAILURE_ECDSA.pdf",
            "B_signed_known_verdict/dss-pades-5-signatures-and-1-document-timestamp.pdf",
            "B_signed_known_verdict/dss-pades-lta-copied-doctst.pdf",
            "B_signed_known_verdict/dss-pades-unsupported-signature-algorithm.pdf");

    private static final Set<ChangeKind> ALLOWED =
            Set.of(ChangeKind.NONE, ChangeKind.LTA_UPDATES, ChangeKind.FORM_FILLING, ChangeKind.ANNOTATIONS);

    record Row(String file, String expected) {
        @Override
        public String toString() {
            return file + " (" + expected + ")";
        }
    }

    static List<Row> rows() throws IOException {
        Path tsv = CORPUS.resolve("expected.tsv");
        if (!Files.isRegularFile(tsv)) {
            throw new IllegalStateException(
                    "the corpus is missing: expected " + tsv.toAbsolutePath().normalize());
        }
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(tsv)) {
            String[] f = line.split("\t");
            if (f.length >= 3 && (f[0].startsWith("A_") || f[0].startsWith("B_") || f[0].startsWith("C_"))) {
                rows.add(new Row(f[0], f[2]));
            }
        }
        return rows;
    }

    static Stream<Row> signedRows() throws IOException {
        return rows().stream().filter(r -> !r.file().startsWith("C_"));
    }

    static Stream<Row> malformedRows() throws IOException {
        return rows().stream().filter(r -> r.file().startsWith("C_"));
    }

    @Test
    void corpus_isThere_withEveryLabelledSignedFile() throws IOException {
        assertThat(signedRows().count()).isEqualTo(61);
        assertThat(malformedRows().count()).isEqualTo(30);
        List<Row> signed = signedRows().toList();
        assertThat(LEFT_TO_CRYPTO)
                .allMatch(
                        f -> signed.contains(new Row(f, "INVALID")), "every file left to the crypto check is INVALID");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signedRows")
    void analyze_signedCorpusFile_meetsItsLabel(Row row) throws IOException {
        byte[] pdf = Files.readAllBytes(CORPUS.resolve(row.file()));

        List<SignatureCoverage> result = RevisionAnalyzer.analyze(pdf, null);

        System.out.println(table(row, result));
        assertThat(result).as("signatures found").isNotEmpty();
        switch (row.expected()) {
            case "VALID" ->
                assertThat(result).allSatisfy(s -> {
                    assertThat(s.standardByteRange())
                            .as(s.fieldName() + ": " + s.anomalyOrNull())
                            .isTrue();
                    assertThat(s.changesAfterSigning())
                            .as(s.fieldName() + ": " + s.changeDetails())
                            .isIn(ALLOWED);
                });
            case "INVALID" -> {
                if (!LEFT_TO_CRYPTO.contains(row.file())) {
                    assertThat(result)
                            .as("a signature with an anomalous byte range or changes OTHER")
                            .anyMatch(s -> !s.standardByteRange() || s.changesAfterSigning() == ChangeKind.OTHER);
                }
            }
            case "INDETERMINATE" ->
                assertThat(result).allSatisfy(s -> assertThat(s.byteRange()).isNotEmpty());
            default -> throw new AssertionError("unexpected label " + row.expected());
        }
    }

    @Test
    void analyze_signatureWithOneByteRange_isReportedNotDropped() throws IOException {
        byte[] pdf = Files.readAllBytes(CORPUS.resolve("A_attacks/pyhanko-coverage-one-byterange.pdf"));

        List<SignatureCoverage> result = RevisionAnalyzer.analyze(pdf, null);

        assertThat(result).hasSize(1);
        assertThat(result.get(0).standardByteRange()).isFalse();
        assertThat(result.get(0).anomalyOrNull()).isEqualTo("the byte range has 1 range instead of 2");
    }

    @Test
    void analyze_tailOutsideByteRange_doesNotCoverTheDocument() throws IOException {
        byte[] pdf = Files.readAllBytes(CORPUS.resolve("A_attacks/pyhanko-coverage-tail-uncovered.pdf"));

        SignatureCoverage sig = RevisionAnalyzer.analyze(pdf, null).get(0);

        assertThat(sig.coversWholeDocument()).isFalse();
        assertThat(sig.standardByteRange()).isFalse();
    }

    @Test
    void analyze_sneakyFormUpdateBesideItsBenignTwin_onlyTheSneakyOneIsOther() throws IOException {
        byte[] benign =
                Files.readAllBytes(CORPUS.resolve("A_attacks/pyhanko-form-update-override-appearance-stream.pdf"));
        byte[] sneaky = Files.readAllBytes(
                CORPUS.resolve("A_attacks/pyhanko-form-update-override-appearance-stream-sneaky.pdf"));

        assertThat(RevisionAnalyzer.analyze(benign, null).get(0).changesAfterSigning())
                .isEqualTo(ChangeKind.FORM_FILLING);
        assertThat(RevisionAnalyzer.analyze(sneaky, null).get(0).changesAfterSigning())
                .isEqualTo(ChangeKind.OTHER);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRows")
    void analyze_malformedCorpusFile_endsWithinTenSecondsWithResultOrDocumentedError(Row row) throws IOException {
        byte[] pdf = Files.readAllBytes(CORPUS.resolve(row.file()));

        String outcome = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                return RevisionAnalyzer.analyze(pdf, null).size() + " signature(s)";
            } catch (InvalidDocumentException
                    | UnsupportedDocumentException
                    | vn.signdesk.signing.DocumentTooComplexException e) {
                return e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        });

        System.out.println(row.file() + " -> " + outcome);
        assertThat(outcome).isNotBlank();
    }

    private static String table(Row row, List<SignatureCoverage> result) {
        StringBuilder sb = new StringBuilder(row.file()).append('\t').append(row.expected());
        for (SignatureCoverage s : result) {
            sb.append("\n\t")
                    .append(s.fieldName())
                    .append(s.documentTimestamp() ? " [timestamp]" : "")
                    .append(" standard=")
                    .append(s.standardByteRange())
                    .append(" covers=")
                    .append(s.coversWholeDocument())
                    .append(' ')
                    .append(s.changesAfterSigning())
                    .append(s.anomalyOrNull() == null ? "" : " (" + s.anomalyOrNull() + ")");
        }
        return sb.toString();
    }
}
