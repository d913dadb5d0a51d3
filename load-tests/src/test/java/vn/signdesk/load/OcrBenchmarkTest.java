package vn.signdesk.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OCR benchmark in its smallest run: one page, one worker, one round, so that it cannot rot. */
class OcrBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void run_onePageOneWorker_printsPagesPerMinuteForBothSides() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        OcrBenchmark.Settings smoke = OcrBenchmark.Settings.parse(
                new String[] {"--quick", "--pages", "1", "--threads", "1", "--lang", "vie"});

        List<OcrBenchmark.Row> rows = OcrBenchmark.run(smoke, dir, new PrintStream(buf, true, StandardCharsets.UTF_8));

        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.parallel()).isEqualTo(1);
            assertThat(r.signDeskPagesPerMinute()).isPositive();
            assertThat(r.cliPagesPerMinute()).isPositive();
        });
        assertThat(buf.toString(StandardCharsets.UTF_8))
                .contains("agreement check")
                .contains("SignDesk pages/min");
    }

    @Test
    void pages_areA4At300DpiPngs() throws Exception {
        List<Path> pages = OcrBenchmark.pages(2, dir);

        assertThat(pages).hasSize(2);
        BufferedImage first = ImageIO.read(pages.get(0).toFile());
        assertThat(first.getWidth()).isEqualTo(2480);
        assertThat(first.getHeight()).isEqualTo(3508);
        try (var in = ImageIO.createImageInputStream(pages.get(0).toFile())) {
            var reader = ImageIO.getImageReadersByFormatName("png").next();
            reader.setInput(in);
            var size = (javax.imageio.metadata.IIOMetadataNode) ((javax.imageio.metadata.IIOMetadataNode)
                            reader.getImageMetadata(0).getAsTree("javax_imageio_1.0"))
                    .getElementsByTagName("HorizontalPixelSize")
                    .item(0);
            assertThat(25.4 / Double.parseDouble(size.getAttribute("value"))).isCloseTo(300, within(0.5));
            reader.dispose();
        }
    }

    @Test
    void parse_quick_isOneRoundOfAtMostTwoPages() {
        OcrBenchmark.Settings quick = OcrBenchmark.Settings.parse(new String[] {"--quick"});

        assertThat(quick.rounds()).isEqualTo(1);
        assertThat(quick.pages()).isEqualTo(2);
        assertThat(quick.threads()).containsExactly(1, 2);
        assertThat(quick.languages()).isEqualTo("vie+eng");
    }

    @Test
    void cer_identicalAfterNormalisation_isZero() {
        assertThat(OcrBenchmark.cer("Đôi  mắt\nngười", "Đôi mắt người")).isZero();
        assertThat(OcrBenchmark.cer("abcd", "abxd")).isEqualTo(0.25);
    }
}
