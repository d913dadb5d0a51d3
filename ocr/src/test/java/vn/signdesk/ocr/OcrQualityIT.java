package vn.signdesk.ocr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.fixtures.VietnameseScans;

/**
 * Character error rates of SignDesk and of the plain {@code tesseract} command line (same language
 * data, {@code OMP_THREAD_LIMIT=1}): on every scan of the corpus's D_ocr set that has ground truth (the
 * conformance suite), and on generated scans of a Vietnamese form whose text is known (every run).
 * SignDesk must never be worse than the command line by more than 0.01, and must read the turned and
 * skewed scans that the command line cannot (CER at most 0.05); it must read the generated form's
 * diacritics (CER at most 0.05 on every generated scan).
 *
 * <p>CER: Levenshtein distance over the reference length, both texts NFC with whitespace runs collapsed.
 * PDFs go to the command line as their pages rendered at 300 dpi by poppler's {@code pdftoppm}.
 */
class OcrQualityIT {

    /**
     * One scan: a file name (its extension tells the command line's input), language, the scan's
     * bytes and its truth; {@code pageOrAll} 0 for the whole text, else that page only.
     */
    record Case(
            String file,
            String language,
            Callable<byte[]> scan,
            Callable<String> truth,
            int pageOrAll,
            boolean turnedOrSkewed) {}

    static Case corpus(String file, String language, String truth, int pageOrAll, boolean turnedOrSkewed) {
        return new Case(
                file,
                language,
                () -> Files.readAllBytes(Corpus.file(file)),
                () -> Corpus.text(truth),
                pageOrAll,
                turnedOrSkewed);
    }

    static Case generated(String file, Callable<byte[]> scan, boolean turnedOrSkewed) {
        return new Case(file, "vie", scan, VietnameseScans::text, 0, turnedOrSkewed);
    }

    static final List<Case> CORPUS_CASES = List.of(
            corpus("tess-phototest.tif", "eng", "tess-phototest.gold.txt", 0, false),
            corpus("tess-phototest-rotated-180.png", "eng", "tess-phototest.gold.txt", 0, true),
            corpus("tess-eurotext.tif", "eng", "tess-eurotext.txt", 0, false),
            corpus("tess4j-eurotext.pdf", "eng", "tess-eurotext.txt", 0, false),
            corpus("tess4j-eurotext90.png", "eng", "tess-eurotext.txt", 0, true),
            corpus("tess4j-eurotext_deskew.png", "eng", "tess-eurotext.txt", 0, true),
            corpus("tess-8071_093.3B.tif", "eng", "tess-8071_093.3B.txt", 0, false),
            corpus("tess-8087_054.3B.tif", "eng", "tess-8087_054.3B.txt", 0, false),
            corpus("vietocr-vietsample.tif", "vie", "vietocr-vietsample.tif.p1.gt.txt", 1, false),
            corpus("vietocr-vietsample1.tif", "vie", "vietocr-vietsample1.tif.gt.txt", 0, false),
            corpus("vietocr-vietsample1.pdf", "vie", "vietocr-vietsample1.pdf.textlayer.txt", 0, false));

    static final List<Case> GENERATED_CASES = List.of(
            generated("vie-grey.tif", () -> VietnameseScans.aScan().tiff(), false),
            generated(
                    "vie-bilevel-noisy.tif",
                    () -> VietnameseScans.aScan()
                            .bilevel()
                            .noise(0.004)
                            .skewed(0.7)
                            .tiff(),
                    false),
            generated("vie-skewed.png", () -> VietnameseScans.aScan().skewed(3).png(), true),
            generated(
                    "vie-upside-down.png",
                    () -> VietnameseScans.aScan().upsideDown().noise(0.002).png(),
                    true),
            generated("vie-colour.jpg", () -> VietnameseScans.aScan().colour().jpeg(), false),
            generated("vie-scan.pdf", () -> VietnameseScans.aScan().bilevel().pdf(), false),
            generated("vie-text-layer.pdf", VietnameseScans::textPdf, false));

    @TempDir
    Path tmp;

    @Tag("conformance")
    @Test
    void cer_everyGroundTruthScan_notWorseThanTesseractCliAndReadsTurnedScans() throws Exception {
        assertNotWorseThanTheCommandLine(CORPUS_CASES, 1.0);
    }

    @Test
    void cer_generatedVietnameseScans_readTheDiacriticsNotWorseThanTesseractCli() throws Exception {
        assertNotWorseThanTheCommandLine(GENERATED_CASES, 0.05);
    }

    private void assertNotWorseThanTheCommandLine(List<Case> cases, double maxCer) throws Exception {
        List<Path> files = new ArrayList<>();
        for (Case c : cases) {
            Path file = tmp.resolve(c.file());
            Files.write(file, c.scan().call());
            files.add(file);
        }
        ExecutorService cli = Executors.newSingleThreadExecutor();
        List<Future<String>> cliTexts = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Path file = files.get(i);
            cliTexts.add(cli.submit(() -> cliText(c, file)));
        }
        List<String> rows = new ArrayList<>();
        SoftAssertions soft = new SoftAssertions();
        try (TesseractOcr ocr = TesseractOcr.start(OcrConfig.defaults().withWorkers(1))) {
            for (int i = 0; i < cases.size(); i++) {
                Case c = cases.get(i);
                OcrResult r = ocr.ocr(
                        OcrInput.of(files.get(i)),
                        OcrOptions.textOnly().withLanguages(c.language()),
                        ProgressListener.NONE);
                String ours = c.pageOrAll() == 0
                        ? r.text()
                        : r.pages().get(c.pageOrAll() - 1).text();
                String truth = c.truth().call();
                double cerOurs = Corpus.cer(truth, ours);
                double cerCli = Corpus.cer(truth, cliTexts.get(i).get(5, TimeUnit.MINUTES));
                rows.add(String.format(
                        Locale.ROOT,
                        "%-34s %-4s %8.3f %8.3f %8.3f  %s",
                        c.file(),
                        c.language(),
                        cerOurs,
                        cerCli,
                        cerOurs - cerCli,
                        r.pages().stream()
                                .map(p -> p.source() == OcrPage.Source.TEXT_LAYER
                                        ? "text layer"
                                        : "rot " + p.rotationDegrees() + " skew " + p.deskewDegrees())
                                .distinct()
                                .toList()));
                soft.assertThat(cerOurs)
                        .as("%s: SignDesk %.3f vs CLI %.3f", c.file(), cerOurs, cerCli)
                        .isLessThanOrEqualTo(cerCli + 0.01);
                if (c.turnedOrSkewed()) {
                    soft.assertThat(cerOurs)
                            .as("%s (turned or skewed)", c.file())
                            .isLessThanOrEqualTo(0.05);
                }
                soft.assertThat(cerOurs).as("%s: SignDesk", c.file()).isLessThanOrEqualTo(maxCer);
            }
        } finally {
            cli.shutdownNow();
        }
        System.out.println("file                               lang  SignDesk   CLI     diff   pages");
        rows.forEach(System.out::println);
        soft.assertAll();
    }

    /** The text the command line gets from the scan (pages rendered by pdftoppm for PDFs). */
    private String cliText(Case c, Path in) throws IOException, InterruptedException {
        List<Path> images = new ArrayList<>();
        if (c.file().endsWith(".pdf")) {
            Path prefix = tmp.resolve("cli-" + c.file());
            run(List.of("pdftoppm", "-r", "300", "-gray", "-png", in.toString(), prefix.toString()));
            try (var s = Files.list(tmp)) {
                s.filter(p -> p.getFileName().toString().startsWith("cli-" + c.file() + "-"))
                        .sorted()
                        .forEach(images::add);
            }
        } else {
            images.add(in);
        }
        List<String> pages = new ArrayList<>();
        for (Path image : images) {
            String out = run(List.of("tesseract", image.toString(), "stdout", "-l", c.language()));
            pages.addAll(List.of(out.split("\f", -1)));
        }
        if (c.pageOrAll() > 0) {
            return pages.get(c.pageOrAll() - 1);
        }
        return String.join("\f", pages);
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("OMP_THREAD_LIMIT", "1");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " failed on " + command.get(1));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
