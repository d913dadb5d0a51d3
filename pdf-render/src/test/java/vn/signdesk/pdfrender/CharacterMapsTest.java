package vn.signdesk.pdfrender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.ImageType;
import org.junit.jupiter.api.Test;
import vn.signdesk.fixtures.MalformedPdfs;

/**
 * CMaps are weighed by the codes their ranges span, before PDFBox expands them: an ordinary font
 * passes and is drawn, one whose map repeats the full two-byte range is refused at once.
 */
class CharacterMapsTest {

    @Test
    void span_sumsBfrangesAndCidrangesWhateverTheirDestinations() {
        String cmap = "begincmap\n2 beginbfrange\n<0000> <00FF> <0000>\n<0100> <0101> [<0041> <0042>]\nendbfrange\n"
                + "1 begincidrange\n<1000> <1FFF> 5\nendcidrange\n1 beginbfchar\n<2000> <0043>\nendbfchar\nendcmap";
        assertThat(CharacterMaps.span(cmap.getBytes(StandardCharsets.US_ASCII))).isEqualTo(256 + 2 + 4096);
        // a stray '>' before a range does not make the reader lose its place and undercount
        String strayBracket = "begincmap\n1 beginbfrange\n% > \n<0000> <FFFF> <0000>\nendbfrange\nendcmap";
        assertThat(CharacterMaps.span(strayBracket.getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(65536);
        assertThat(CharacterMaps.span("no map here: beginbfrange <0000> <FFFF>".getBytes(StandardCharsets.US_ASCII)))
                .isZero();
    }

    @Test
    void check_anOrdinaryFont_passesAndThePageIsDrawn() throws IOException {
        try (PDDocument doc = Loader.loadPDF(MalformedPdfs.fontWithToUnicode(1))) {
            CharacterMaps.check(doc);
            assertThat(new BoundedPdfRenderer(doc, 4_000_000, 4_000_000)
                            .renderImage(0, 1f, ImageType.RGB)
                            .getWidth())
                    .isEqualTo(595);
        }
    }

    @Test
    void check_aMapRepeatingTheWholeRange_isRefusedBeforeAnyFontIsBuilt() throws IOException {
        try (PDDocument doc = Loader.loadPDF(MalformedPdfs.fontWithToUnicode(2_000))) {
            assertThatThrownBy(() -> CharacterMaps.check(doc))
                    .isInstanceOf(CharacterMapTooLargeException.class)
                    .hasMessageContaining("object 7");
        }
    }
}
