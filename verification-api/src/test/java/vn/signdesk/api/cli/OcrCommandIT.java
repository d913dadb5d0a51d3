package vn.signdesk.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.fixtures.VietnameseScans;

/** {@code signdesk ocr} with the real Tesseract, its outputs read back with poppler's pdftotext. */
class OcrCommandIT {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    private Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(
                        Map.of("SIGNDESK_DATA_DIR", dir.resolve("data").toString()),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Clock.systemUTC())
                .run(List.of(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void ocr_vietnameseTiff_writesPdfAndTextWithProgressOnStderr() throws Exception {
        Path pdf = dir.resolve("out.pdf");
        Path txt = dir.resolve("out.txt");
        Path scan = dir.resolve("don-de-nghi.tif");
        Files.write(
                scan,
                VietnameseScans.tiff(List.of(
                        VietnameseScans.aScan().bilevel().noise(0.003).image(),
                        VietnameseScans.aScan().skewed(1).seed(2).image())));

        Run run = cli("ocr", "--lang", "vie", scan.toString(), pdf.toString(), "--text", txt.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("OCR [").contains("] 2/2 pages").contains("PDF/A-2b");
        assertThat(Files.readString(txt))
                .contains("Độc lập - Tự do - Hạnh phúc")
                .contains("\f");
        Process p = new ProcessBuilder("pdftotext", "-enc", "UTF-8", pdf.toString(), "-")
                .redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(text).contains("Hạnh").contains("Nguyễn");
    }

    @Test
    void ocr_notAScanOrMissingFile_exitsOneWithPlainMessage() throws Exception {
        Path notes = dir.resolve("notes.png");
        Files.writeString(notes, "just text");

        Run bad = cli("ocr", notes.toString(), dir.resolve("x.pdf").toString());
        Run missing = cli(
                "ocr", dir.resolve("nope.tif").toString(), dir.resolve("y.pdf").toString());
        Run usage = cli("ocr", "--lang", "vie");

        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err())
                .startsWith("signdesk: ")
                .contains("not a PDF, TIFF, PNG or JPEG")
                .doesNotContain("Exception");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no such file");
        assertThat(usage.code()).isEqualTo(1);
        assertThat(Files.exists(dir.resolve("x.pdf"))).isFalse();
    }
}
