package vn.signdesk.ocr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;

/** The OCR part of the shared corpus, and the character error rate the quality tests use. */
final class Corpus {

    static final Path D_OCR = Path.of("../../shared/corpus/D_ocr");

    private Corpus() {}

    static Path file(String name) {
        Path p = D_OCR.resolve(name);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("corpus file missing: " + p.toAbsolutePath());
        }
        return p;
    }

    static OcrInput input(String name) {
        return OcrInput.of(file(name));
    }

    static String text(String name) {
        try {
            return Files.readString(file(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** NFC, whitespace runs collapsed to one space, trimmed. */
    static String normalize(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFC)
                .replaceAll("[\\s\\u00a0]+", " ")
                .strip();
    }

    /** Levenshtein distance of the normalised texts over the reference's length. */
    static double cer(String reference, String hypothesis) {
        int[] a = normalize(reference).codePoints().toArray();
        int[] b = normalize(hypothesis).codePoints().toArray();
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
                int sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return (double) prev[b.length] / a.length;
    }
}
