package vn.signdesk.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real tesseract command line with the Vietnamese model; fails loudly when it is missing. */
final class Tesseract {

    static final Path BINARY = Path.of("/usr/bin/tesseract");
    private static final String INSTALL = "apt-get install -y tesseract-ocr tesseract-ocr-vie";

    private Tesseract() {}

    /** The text Tesseract reads in an image holding one line of Vietnamese ({@code --psm 7}). */
    static String readLine(Path image) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("tesseract is required by this test: " + INSTALL);
        }
        List<String> command = List.of(BINARY.toString(), image.toString(), "stdout", "-l", "vie", "--psm", "7");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        // one thread per run: the cores are shared, and OpenMP threads only slow a one-line image
        builder.environment().put("OMP_THREAD_LIMIT", "1");
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("tesseract did not finish: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("tesseract failed (exit " + process.exitValue() + ", is the Vietnamese"
                    + " model installed? " + INSTALL + "): " + command);
        }
        return new String(output, StandardCharsets.UTF_8);
    }
}
