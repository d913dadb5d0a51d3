package vn.signdesk.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import vn.signdesk.fixtures.VietnameseScans;
import vn.signdesk.ocr.internal.ScanFormat;

class ScanFormatTest {

    @Test
    void detect_generatedScans_byTheirBytesNotTheirNames() {
        VietnameseScans scan = VietnameseScans.aScan().dpi(50);

        assertThat(ScanFormat.detectOrNull(scan.tiff())).isEqualTo(ScanFormat.TIFF);
        assertThat(ScanFormat.detectOrNull(scan.png())).isEqualTo(ScanFormat.PNG);
        assertThat(ScanFormat.detectOrNull(scan.jpeg())).isEqualTo(ScanFormat.JPEG);
        assertThat(ScanFormat.detectOrNull(scan.pdf())).isEqualTo(ScanFormat.PDF);
    }

    @Tag("conformance")
    @Test
    void detect_corpusFiles_byTheirBytesNotTheirNames() throws Exception {
        assertThat(detect("tess-phototest.tif")).isEqualTo(ScanFormat.TIFF);
        assertThat(detect("tess-8087_054.3B.tif")).isEqualTo(ScanFormat.TIFF);
        assertThat(detect("tess4j-eurotext90.png")).isEqualTo(ScanFormat.PNG);
        assertThat(detect("tess4j-eurotext.pdf")).isEqualTo(ScanFormat.PDF);
    }

    @Test
    void detect_jpegMagic_isJpeg() {
        assertThat(ScanFormat.detectOrNull(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0, 0}))
                .isEqualTo(ScanFormat.JPEG);
    }

    @Test
    void detect_pdfHeaderAfterJunk_isPdf() {
        assertThat(ScanFormat.detectOrNull("junk\n%PDF-1.7\n".getBytes())).isEqualTo(ScanFormat.PDF);
    }

    @Test
    void detect_textOrTooShort_isNull() {
        assertThat(ScanFormat.detectOrNull("hello.png".getBytes())).isNull();
        assertThat(ScanFormat.detectOrNull(new byte[] {'I', 'I'})).isNull();
        assertThat(ScanFormat.detectOrNull(new byte[0])).isNull();
    }

    private static ScanFormat detect(String name) throws Exception {
        return ScanFormat.detectOrNull(Files.readAllBytes(Path.of("../../shared/corpus/D_ocr", name)));
    }
}
