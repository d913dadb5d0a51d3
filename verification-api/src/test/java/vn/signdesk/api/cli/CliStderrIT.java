package vn.signdesk.api.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.signing.PdfBombs;

/**
 * The command line's stderr: one line for an error, and nothing from the libraries (PDFBox's ERROR
 * lines with their stack traces) unless {@code --verbose}. The command runs in-process with the
 * JVM's stderr captured, so what Logback writes there is seen as a user would see it.
 */
class CliStderrIT {

    private static final Path C_MALFORMED = Path.of("../../shared/corpus/C_malformed");

    @TempDir
    static Path dir;

    record Run(int code, String err) {
        List<String> lines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** Runs the command line with the JVM's stderr and the command's own stderr going to one capture. */
    private static synchronized Run cli(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream jvmErr = System.err;
        System.setErr(capture);
        try {
            int code = new Cli(
                            Map.of("SIGNDESK_DATA_DIR", dir.resolve("data").toString()),
                            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                            capture,
                            Clock.systemUTC())
                    .run(List.of(args));
            return new Run(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(jvmErr);
        }
    }

    private static Path write(String name, byte[] pdf) throws IOException {
        return Files.write(dir.resolve(name), pdf);
    }

    /** A page whose content stream gives as its /Length the stream itself: PDFBox logs an ERROR with a stack trace. */
    private static byte[] lengthIsTheStreamItself() {
        String body = "%PDF-1.7\n"
                + "1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n"
                + "2 0 obj\n<</Type/Pages/Kids[3 0 R]/Count 1>>\nendobj\n"
                + "3 0 obj\n<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>\nendobj\n"
                + "4 0 obj\n<</Length 4 0 R>>\nstream\nBT /F1 12 Tf (x) Tj ET\nendstream\nendobj\n";
        // no cross-reference table: PDFBox repairs the file and logs what it found broken
        return (body + "trailer\n<</Size 5/Root 1 0 R>>\nstartxref\n0\n%%EOF\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The same document cut off in the middle of its last object. */
    private static byte[] truncated() {
        byte[] whole = lengthIsTheStreamItself();
        return Arrays.copyOf(whole, whole.length * 3 / 4);
    }

    @Test
    void verify_malformedPdfsThatMakePdfBoxLog_printAtMostOneLine() throws IOException {
        for (Path pdf : List.of(
                write("length-is-itself.pdf", lengthIsTheStreamItself()),
                write("truncated.pdf", truncated()),
                write("page-tree-loop.pdf", PdfBombs.pageTreeLoop()))) {
            Run run = cli("verify", pdf.toString());
            assertThat(run.lines()).as(pdf.getFileName() + ": " + run.err()).hasSizeLessThanOrEqualTo(1);
            assertThat(run.code()).as(run.err()).isIn(0, 1);
        }
    }

    @Test
    void verify_withVerbose_showsWhatTheLibrariesLog() throws IOException {
        // the capture sees Logback's output: without the silencing, the test above would fail
        Run run = cli(
                "--verbose",
                "verify",
                write("verbose.pdf", lengthIsTheStreamItself()).toString());
        assertThat(run.err()).contains("ERROR").contains("\tat org.apache.pdfbox");
        Run quiet = cli("verify", write("quiet.pdf", lengthIsTheStreamItself()).toString());
        assertThat(quiet.err()).doesNotContain("ERROR");
    }

    @Test
    void verify_tenMegabyteDecompressionBomb_exitsOneWithOneLineQuickly() throws IOException {
        Path bomb = write("bomb.pdf", PdfBombs.crossReferenceStreamBomb(10 << 20));
        cli("verify", write("warm-up.pdf", PdfBombs.pageTreeLoop()).toString());
        Run run = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> cli("verify", bomb.toString()));
        assertThat(run.code()).as(run.err()).isEqualTo(1);
        assertThat(run.lines())
                .singleElement()
                .asString()
                .startsWith("signdesk: the PDF is too complex to read safely: ")
                .contains("cross-reference stream");
    }

    @Test
    void usageError_isOneLine() {
        Run run = cli("verify", "--format", "docx");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.lines()).singleElement().asString().startsWith("signdesk: ");
    }

    /** The shared corpus's malformed files, as the issue found them: PDFBox's stack traces on stderr. */
    @Test
    void verify_everyMalformedFileOfTheSharedCorpus_printsAtMostOneLine() throws IOException {
        assertThat(C_MALFORMED)
                .as("the shared corpus (../shared/corpus beside the repository) is needed by this test")
                .isDirectory();
        List<String> noisy = new ArrayList<>();
        try (Stream<Path> files = Files.list(C_MALFORMED)) {
            for (Path pdf : files.sorted().toList()) {
                Run run = cli("verify", pdf.toString());
                if (run.lines().size() > 1 || run.code() == 2) {
                    noisy.add(pdf.getFileName() + " (exit " + run.code() + "):\n" + run.err());
                }
            }
        }
        assertThat(noisy).isEmpty();
    }
}
