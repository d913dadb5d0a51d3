package vn.signdesk.load;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import vn.signdesk.fixtures.VietnameseScans;
import vn.signdesk.ocr.OcrConfig;
import vn.signdesk.ocr.OcrInput;
import vn.signdesk.ocr.OcrOptions;
import vn.signdesk.ocr.ProgressListener;
import vn.signdesk.ocr.TesseractOcr;

/**
 * OCR throughput in pages per minute of SignDesk's {@link TesseractOcr} pool with 1 and 2 workers,
 * beside the {@code tesseract} command line run as 1 and 2 parallel processes, on the same 300-dpi A4
 * pages, with the same language data and {@code OMP_THREAD_LIMIT=1} on both sides.
 *
 * <p>Implementation notes. The pages are made once from the corpus's D_ocr scans (multi-page TIFFs,
 * PNG, and the born-digital PDF rendered by PDFBox; generated Vietnamese scans when the corpus is
 * absent, and the run says so), each scaled to fit a white A4 page at 300 dpi
 * (2480 x 3508, grey) and written as PNG with its resolution, so both sides read identical files. With
 * N workers SignDesk gets N caller threads, each taking the next page and OCRing it as a one-page
 * document (text and hOCR, no PDF: the command line writes text only); the command line gets N
 * processes at a time, each a fresh {@code tesseract PAGE stdout -l LANG}, so its model loading is
 * part of its cost as it is in real use. SignDesk's engines are warmed once before timing (a
 * long-running service creates them once). Each round times every page on one side, then the other,
 * alternating which side goes first; the median of the rounds is reported. Before timing, the two
 * sides' texts of each page are compared (character error rate of one against the other) and the run
 * stops if they disagree: a fast wrong answer is worth nothing.
 *
 * <p>Usage: {@code OcrBenchmark [--quick] [--rounds N] [--pages N] [--threads 1,2] [--lang vie+eng]}.
 */
public final class OcrBenchmark {

    /** A4 at 300 dpi. */
    static final int A4_WIDTH = 2480;

    static final int A4_HEIGHT = 3508;
    /** The corpus's OCR scans: beside the repository (run.sh runs from its root) or beside a module (tests). */
    static final Path D_OCR = Files.isDirectory(Path.of("../shared/corpus/D_ocr"))
            ? Path.of("../shared/corpus/D_ocr")
            : Path.of("../../shared/corpus/D_ocr");

    /** The run's settings; {@link #quick()} is the smoke run. */
    record Settings(int rounds, int pages, List<Integer> threads, String languages) {

        Settings quick() {
            return new Settings(1, Math.min(pages, 2), threads, languages);
        }

        static Settings parse(String[] args) {
            int rounds = 3;
            int pages = 6;
            List<Integer> threads = List.of(1, 2);
            String languages = "vie+eng";
            boolean quick = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--quick" -> quick = true;
                    case "--rounds" -> rounds = Integer.parseInt(value(args, ++i, a));
                    case "--pages" -> pages = Integer.parseInt(value(args, ++i, a));
                    case "--threads" ->
                        threads = Arrays.stream(value(args, ++i, a).split(","))
                                .map(String::trim)
                                .map(Integer::parseInt)
                                .toList();
                    case "--lang" -> languages = value(args, ++i, a);
                    default ->
                        throw new IllegalArgumentException("unknown option " + a
                                + "; use --quick, --rounds N, --pages N, --threads 1,2, --lang vie+eng");
                }
            }
            if (rounds < 1 || pages < 1 || threads.isEmpty() || threads.stream().anyMatch(t -> t < 1)) {
                throw new IllegalArgumentException("rounds, pages and threads must be positive");
            }
            Settings s = new Settings(rounds, pages, threads, languages);
            return quick ? s.quick() : s;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }

    /** One measured case: pages per minute of both sides at a parallelism. */
    record Row(int parallel, double signDeskPagesPerMinute, double cliPagesPerMinute) {
        double ratio() {
            return signDeskPagesPerMinute / cliPagesPerMinute;
        }
    }

    private OcrBenchmark() {}

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("OcrBenchmark: " + e.getMessage());
            System.exit(1);
            return;
        }
        Path dir = Files.createTempDirectory("signdesk-ocr-bench");
        try {
            run(settings, dir, System.out);
        } finally {
            try (var s = Files.list(dir)) {
                s.forEach(p -> p.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }

    /** Makes the pages in {@code dir}, checks both sides agree, times them and prints the table. */
    static List<Row> run(Settings settings, Path dir, PrintStream out) throws Exception {
        if (!"1".equals(System.getenv("OMP_THREAD_LIMIT"))) {
            throw new IllegalStateException("export OMP_THREAD_LIMIT=1 first (load-tests/run.sh does)");
        }
        List<Path> pages = pages(settings.pages(), dir);
        out.printf(
                Locale.ROOT,
                "SignDesk OCR benchmark: %d cores, %s %s, %d A4 pages at 300 dpi, languages %s, %d round(s)%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                pages.size(),
                settings.languages(),
                settings.rounds());
        if (!Files.isDirectory(D_OCR)) {
            out.println("  the corpus is not at " + D_OCR.toAbsolutePath().normalize()
                    + ": generated Vietnamese scans instead of its real documents");
        }
        List<Row> rows = new ArrayList<>();
        for (int parallel : settings.threads()) {
            try (TesseractOcr ocr = TesseractOcr.start(OcrConfig.defaults().withWorkers(parallel))) {
                if (rows.isEmpty()) {
                    checkAgreement(ocr, pages, settings.languages(), out);
                } else {
                    warm(ocr, pages, parallel, settings.languages());
                }
                double[] ours = new double[settings.rounds()];
                double[] cli = new double[settings.rounds()];
                for (int r = 0; r < settings.rounds(); r++) {
                    if (r % 2 == 0) {
                        ours[r] = signDesk(ocr, pages, parallel, settings.languages());
                        cli[r] = cli(pages, parallel, settings.languages());
                    } else {
                        cli[r] = cli(pages, parallel, settings.languages());
                        ours[r] = signDesk(ocr, pages, parallel, settings.languages());
                    }
                }
                rows.add(new Row(parallel, Throughput.median(ours), Throughput.median(cli)));
                out.printf(
                        Locale.ROOT,
                        "  %d worker(s)/process(es): rounds SignDesk %s, CLI %s pages/min%n",
                        parallel,
                        Arrays.toString(Throughput.round(ours)),
                        Arrays.toString(Throughput.round(cli)));
            }
        }
        out.println();
        out.println("parallel  SignDesk pages/min  tesseract CLI pages/min  SignDesk/CLI");
        for (Row row : rows) {
            out.printf(
                    Locale.ROOT,
                    "%8d  %18.1f  %23.1f  %11.0f%%%n",
                    row.parallel(),
                    row.signDeskPagesPerMinute(),
                    row.cliPagesPerMinute(),
                    row.ratio() * 100);
        }
        return rows;
    }

    /** SignDesk: {@code parallel} caller threads over a pool of as many workers; pages per minute. */
    static double signDesk(TesseractOcr ocr, List<Path> pages, int parallel, String languages) throws Exception {
        List<byte[]> bytes = new ArrayList<>();
        for (Path p : pages) {
            bytes.add(Files.readAllBytes(p));
        }
        OcrOptions options = OcrOptions.textOnly().withLanguages(languages);
        return perMinute(pages.size(), parallel, i -> {
            String text = ocr.ocr(OcrInput.of(bytes.get(i)), options, ProgressListener.NONE)
                    .text();
            if (text.isBlank()) {
                throw new IllegalStateException("no text on page " + (i + 1));
            }
        });
    }

    /** The command line: {@code parallel} processes at a time; pages per minute. */
    static double cli(List<Path> pages, int parallel, String languages) throws Exception {
        return perMinute(pages.size(), parallel, i -> {
            if (tesseract(pages.get(i), languages).isBlank()) {
                throw new IllegalStateException("no text from tesseract on page " + (i + 1));
            }
        });
    }

    @FunctionalInterface
    interface PageTask {
        void run(int page) throws Exception;
    }

    private static double perMinute(int pages, int parallel, PageTask task) throws Exception {
        ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < pages; i++) {
            queue.add(i);
        }
        ExecutorService pool = Throughput.pool(parallel);
        try {
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < parallel; t++) {
                futures.add(pool.submit(() -> {
                    Integer i;
                    while ((i = queue.poll()) != null) {
                        task.run(i);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double minutes = (System.nanoTime() - start) / 60e9;
            return pages / minutes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Warms the engines of every worker (engine creation is a start-up cost of the service). */
    private static void warm(TesseractOcr ocr, List<Path> pages, int parallel, String languages) throws Exception {
        signDesk(ocr, pages.subList(0, Math.min(parallel, pages.size())), parallel, languages);
    }

    /**
     * OCRs every page once on both sides (this also warms SignDesk's engine) and stops when their texts
     * differ by more than 3% of characters.
     */
    static void checkAgreement(TesseractOcr ocr, List<Path> pages, String languages, PrintStream out) throws Exception {
        OcrOptions options = OcrOptions.textOnly().withLanguages(languages);
        List<String> cers = new ArrayList<>();
        for (Path page : pages) {
            String ours =
                    ocr.ocr(OcrInput.of(page), options, ProgressListener.NONE).text();
            String theirs = tesseract(page, languages);
            double cer = cer(theirs, ours);
            cers.add(String.format(Locale.ROOT, "%.3f", cer));
            if (cer > 0.03) {
                throw new IllegalStateException(
                        "SignDesk and the tesseract CLI disagree on " + page.getFileName() + " (CER " + cer + ")");
            }
        }
        out.println("  agreement check, CER of SignDesk's text against the CLI's per page: " + cers);
    }

    /** Runs the command line on one page; its text. */
    static String tesseract(Path page, String languages) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("tesseract", page.toString(), "stdout", "-l", languages);
        pb.environment().put("OMP_THREAD_LIMIT", "1");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        byte[] text = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("tesseract failed on " + page.getFileName());
        }
        return new String(text, StandardCharsets.UTF_8);
    }

    /** The first {@code count} benchmark pages, written to {@code dir} as 300-dpi A4 PNGs. */
    static List<Path> pages(int count, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        Iterator<BufferedImage> scans = scans().iterator();
        int i = 0;
        while (out.size() < count) {
            if (!scans.hasNext()) {
                scans = scans().iterator(); // more pages than scans: repeat them
            }
            Path file = dir.resolve(String.format(Locale.ROOT, "page-%02d.png", ++i));
            writePng(toA4(scans.next()), file);
            out.add(file);
        }
        return out;
    }

    /**
     * The corpus scans of real documents, full pages first; where the corpus is not beside the
     * repository (a clone alone), generated scans of a Vietnamese form instead, so the benchmark and its
     * smoke test still run.
     */
    private static List<BufferedImage> scans() throws IOException {
        if (!Files.isDirectory(D_OCR)) {
            return List.of(
                    VietnameseScans.aScan().bilevel().noise(0.003).image(),
                    VietnameseScans.aScan().skewed(1.5).image(),
                    VietnameseScans.aScan().colour().image());
        }
        List<BufferedImage> scans = new ArrayList<>();
        scans.addAll(images("vietocr-vietsample.tif"));
        scans.addAll(images("tess-8087_054.3B.tif"));
        scans.addAll(images("vietocr-vietsample2.png"));
        scans.addAll(images("tess-8071_093.3B.tif"));
        try (PDDocument pdf =
                Loader.loadPDF(D_OCR.resolve("vietocr-vietsample1.pdf").toFile())) {
            PDFRenderer renderer = new PDFRenderer(pdf);
            for (int p = 0; p < pdf.getNumberOfPages(); p++) {
                scans.add(renderer.renderImageWithDPI(p, 300, ImageType.GRAY));
            }
        }
        scans.addAll(images("vietocr-vietsample1.tif"));
        return scans;
    }

    private static List<BufferedImage> images(String name) throws IOException {
        Path file = D_OCR.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IOException("corpus scan missing: " + file.toAbsolutePath());
        }
        List<BufferedImage> images = new ArrayList<>();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            try {
                reader.setInput(in);
                for (int i = 0; i < reader.getNumImages(true); i++) {
                    images.add(reader.read(i));
                }
            } finally {
                reader.dispose();
            }
        }
        return images;
    }

    /** The scan scaled to fit a white A4 page at 300 dpi, centred, in grey. */
    static BufferedImage toA4(BufferedImage scan) {
        BufferedImage page = new BufferedImage(A4_WIDTH, A4_HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = page.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, A4_WIDTH, A4_HEIGHT);
            double scale = Math.min((double) A4_WIDTH / scan.getWidth(), (double) A4_HEIGHT / scan.getHeight());
            int w = (int) Math.round(scan.getWidth() * scale);
            int h = (int) Math.round(scan.getHeight() * scale);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(scan, (A4_WIDTH - w) / 2, (A4_HEIGHT - h) / 2, w, h, null);
        } finally {
            g.dispose();
        }
        return page;
    }

    /**
     * PNG with a pHYs chunk saying 300 dpi, so that neither side has to guess the resolution. Written
     * through the PNG-native metadata: the JDK's writer turns the standard tree's HorizontalPixelSize
     * into pixels per metre wrongly (a factor of a million off).
     */
    private static void writePng(BufferedImage img, Path file) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), null);
            String format = "javax_imageio_png_1.0";
            IIOMetadataNode phys = new IIOMetadataNode("pHYs");
            String perMetre = Long.toString(Math.round(300 / 0.0254));
            phys.setAttribute("pixelsPerUnitXAxis", perMetre);
            phys.setAttribute("pixelsPerUnitYAxis", perMetre);
            phys.setAttribute("unitSpecifier", "meter");
            IIOMetadataNode root = new IIOMetadataNode(format);
            root.appendChild(phys);
            meta.mergeTree(format, root);
            writer.setOutput(out);
            writer.write(new IIOImage(img, null, meta));
        } finally {
            writer.dispose();
        }
    }

    /** Character error rate of {@code hypothesis} against {@code reference}, NFC, whitespace collapsed. */
    static double cer(String reference, String hypothesis) {
        int[] a = norm(reference).codePoints().toArray();
        int[] b = norm(hypothesis).codePoints().toArray();
        if (a.length == 0) {
            return b.length == 0 ? 0 : 1;
        }
        int[] prev = new int[b.length + 1];
        int[] cur = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length; j++) {
                cur[j] = Math.min(prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return (double) prev[b.length] / a.length;
    }

    private static String norm(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFC)
                .replaceAll("\\s+", " ")
                .strip();
    }
}
