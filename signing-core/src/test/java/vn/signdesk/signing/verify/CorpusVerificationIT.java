package vn.signdesk.signing.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import vn.signdesk.signing.DocumentTooComplexException;
import vn.signdesk.signing.InvalidDocumentException;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.UnsupportedDocumentException;
import vn.signdesk.signing.verify.VerificationReport.Indication;
import vn.signdesk.signing.verify.VerificationReport.SignatureReport;
import vn.signdesk.signing.verify.VerificationReport.Verdict;
import vn.signdesk.signing.verify.report.ReportLanguage;
import vn.signdesk.signing.verify.report.ReportWords;

/**
 * Every signed, attack and malformed PDF of the shared corpus against the verdict its source
 * project's own tests expect ({@code expected.tsv}, read with {@code MANIFEST.md}): offline, no trust
 * anchor except the pyHanko testing root for the positive control. Prints every mismatch, then fails
 * if there is any.
 */
@Tag("conformance")
class CorpusVerificationIT {

    private static final Path CORPUS = Path.of("../../shared/corpus");
    private static final String POSITIVE_CONTROL =
            "B_signed_known_verdict/pyhanko-pades-lta-dss-indirect-arrs-test.pdf";
    private static final Set<ChangeKind> PERMITTED =
            EnumSet.of(ChangeKind.NONE, ChangeKind.LTA_UPDATES, ChangeKind.FORM_FILLING, ChangeKind.ANNOTATIONS);
    private static final long MALFORMED_SECONDS = 10;

    private static ExecutorService worker;

    @BeforeAll
    static void startWorker() {
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "corpus-verification");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stopWorker() {
        worker.shutdownNow();
    }

    record Entry(String file, String expected) {}

    record Outcome(String file, String expected, String got, long millis, boolean ok) {}

    @Test
    void verify_everyCorpusFile_matchesItsSourceVerdict() throws Exception {
        assertThat(CORPUS.resolve("expected.tsv"))
                .as("the shared corpus must be at %s", CORPUS.toAbsolutePath().normalize())
                .exists();
        List<Entry> entries = entries();
        assertThat(entries).hasSizeGreaterThan(80);
        SignatureVerifier plain = PadesSignatureVerifier.builder()
                .certificateChecks(CertificateCheckSources.offline())
                .build();
        SignatureVerifier anchored = PadesSignatureVerifier.builder()
                .certificateChecks(CertificateCheckSources.offline())
                .trustAnchorsFromPem(CORPUS.resolve("E_tsp_revocation/pyhanko-testing-ca-root.cert.pem"))
                .build();

        List<Outcome> outcomes = new ArrayList<>();
        for (Entry e : entries) {
            outcomes.add(check(plain, e));
        }
        outcomes.add(positiveControl(anchored));

        StringBuilder table = new StringBuilder("\nfile | expected | got | ms\n");
        outcomes.stream().filter(o -> !o.ok()).forEach(o -> table.append(o.file())
                .append(" | ")
                .append(o.expected())
                .append(" | ")
                .append(o.got())
                .append(" | ")
                .append(o.millis())
                .append('\n'));
        StringBuilder slowest = new StringBuilder("slowest:\n");
        outcomes.stream()
                .sorted(Comparator.comparingLong(Outcome::millis).reversed())
                .limit(5)
                .forEach(o -> slowest.append(o.millis())
                        .append(" ms  ")
                        .append(o.file())
                        .append('\n'));
        long mismatches = outcomes.stream().filter(o -> !o.ok()).count();
        System.out.println("corpus: " + outcomes.size() + " checks, " + mismatches + " mismatches" + table + slowest);
        assertThat(mismatches).as("corpus mismatches:%s", table).isZero();
    }

    private Outcome check(SignatureVerifier verifier, Entry e) throws Exception {
        byte[] bytes = Files.readAllBytes(CORPUS.resolve(e.file()));
        long start = System.nanoTime();
        Future<VerificationReport> f = worker.submit(() -> verifier.verify(PdfInput.of(bytes)));
        VerificationReport report = null;
        String got;
        boolean ok;
        try {
            report = f.get(e.expected().equals("MALFORMED") ? MALFORMED_SECONDS : 60, TimeUnit.SECONDS);
            got = describe(report);
            ok = switch (e.expected()) {
                case "INVALID" -> report.verdict() == Verdict.TOTAL_FAILED;
                case "VALID" -> valid(report);
                case "INDETERMINATE" -> report.verdict() == Verdict.INDETERMINATE;
                case "MALFORMED" -> true;
                default -> throw new IllegalStateException("unknown label " + e.expected());
            };
        } catch (java.util.concurrent.ExecutionException x) {
            Throwable cause = x.getCause();
            got = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            ok = e.expected().equals("MALFORMED")
                    && (cause instanceof InvalidDocumentException
                            || cause instanceof UnsupportedDocumentException
                            || cause instanceof DocumentTooComplexException);
        } catch (TimeoutException x) {
            f.cancel(true);
            got = "TIMEOUT";
            ok = false;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Outcome(e.file(), e.expected(), got, millis, ok);
    }

    private Outcome positiveControl(SignatureVerifier anchored) throws Exception {
        Outcome o = check(anchored, new Entry(POSITIVE_CONTROL, "VALID"));
        boolean passed = o.got().startsWith(Verdict.TOTAL_PASSED.name());
        return new Outcome(o.file() + " (trusted root)", "TOTAL_PASSED", o.got(), o.millis(), o.ok() && passed);
    }

    private static boolean valid(VerificationReport r) {
        if (r.verdict() == Verdict.TOTAL_FAILED || r.verdict() == Verdict.NO_SIGNATURE) {
            return false;
        }
        for (SignatureReport s : r.signatures()) {
            if (!s.intact()
                    || !PERMITTED.contains(s.changesAfterSigning())
                    || s.indication() == Indication.TOTAL_FAILED) {
                return false;
            }
        }
        return true;
    }

    private static String describe(VerificationReport r) {
        StringBuilder sb = new StringBuilder(r.verdict().name());
        for (SignatureReport s : r.signatures()) {
            sb.append(" [")
                    .append(s.documentTimestamp() ? "ts " : "")
                    .append(s.indication())
                    .append('/')
                    .append(s.subIndicationOrNull())
                    .append(s.intact() ? " intact " : " NOT-intact ")
                    .append(s.changesAfterSigning())
                    .append(s.coversWholeDocument() ? " whole" : "")
                    .append(' ')
                    .append(String.join(" ", ReportWords.sentences(s.findings(), ReportLanguage.EN)))
                    .append(']');
        }
        return sb.toString();
    }

    private static List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS.resolve("expected.tsv"))) {
            String[] cols = line.split("\t");
            if (cols.length >= 3 && cols[1].matches("[ABC]_.*")) {
                out.add(new Entry(cols[0], cols[2]));
            }
        }
        return out;
    }
}
