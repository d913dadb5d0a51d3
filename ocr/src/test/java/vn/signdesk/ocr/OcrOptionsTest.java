package vn.signdesk.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OcrOptionsTest {

    @Test
    void withLanguages_tesseractCodes_areAccepted() {
        assertThat(OcrOptions.defaults().withLanguages("vie+eng").languagesOrNull())
                .isEqualTo("vie+eng");
        assertThat(OcrOptions.defaults().withLanguages("chi_sim").languagesOrNull())
                .isEqualTo("chi_sim");
    }

    @Test
    void withLanguages_pathOrInjection_isRefused() {
        assertThatThrownBy(() -> OcrOptions.defaults().withLanguages("../../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OcrOptions.defaults().withLanguages("vie eng"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void embeddingOriginal_turnsTheSearchablePdfOn() {
        OcrOptions o = OcrOptions.textOnly().embeddingOriginal();

        assertThat(o.searchablePdf()).isTrue();
        assertThat(o.embedOriginal()).isTrue();
    }

    @Test
    void searchablePdfA_whenNotAskedFor_says() {
        OcrResult r = new OcrResult(java.util.List.of(), null, 0, "00", false);

        assertThatThrownBy(r::searchablePdfA).isInstanceOf(IllegalStateException.class);
        assertThat(r.text()).isEmpty();
    }
}
