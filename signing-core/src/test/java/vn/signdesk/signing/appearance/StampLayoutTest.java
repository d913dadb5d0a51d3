package vn.signdesk.signing.appearance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StampLayoutTest {

    private static final float MM = (float) Placement.POINTS_PER_MM;
    private static final float SEAL = 40 * MM;
    /** The demo signature: 600 x 240 px at 300 dpi, 50.8 mm wide. */
    private static final StampLayout.ImageSize SIGNATURE = new StampLayout.ImageSize(600, 240, 50.8f * MM);

    private static final List<StampLayout.Paragraph> TEXT = List.of(
            new StampLayout.Paragraph("Ký bởi: Nguyễn Thị Lấp Lánh Ánh", true),
            new StampLayout.Paragraph("Sở Tư pháp Thành phố Hà Nội", true),
            new StampLayout.Paragraph("Thời gian ký: 2026-11-22T10:15:30+07:00", false));

    @Test
    void signature_sealAndSigner_sealAtRealSizeOverLeftThirdOfSigner() {
        StampLayout layout = StampLayout.signature(95 * MM, 62 * MM, TEXT, SIGNATURE, SEAL);

        StampLayout.Box seal = layout.sealOrNull();
        StampLayout.Box signer = layout.signerOrNull();
        assertThat(seal.width()).isEqualTo(SEAL);
        assertThat(seal.height()).isEqualTo(SEAL);
        assertThat(seal.x() + seal.width()).isCloseTo(signer.x() + signer.width() / 3, within(0.01f));
        assertThat(seal.x()).isLessThan(signer.x());
        assertThat(seal.y() + seal.height() / 2).isCloseTo(signer.y() + signer.height() / 2, within(0.01f));
        assertThat(signer.width() / signer.height()).isCloseTo(2.5f, within(0.01f));
        assertInsideBox(layout);
    }

    @Test
    void signature_roomyBox_signerAtItsNaturalSizeAndUnwrappedLines() {
        StampLayout layout = StampLayout.signature(95 * MM, 62 * MM, TEXT, SIGNATURE, SEAL);

        assertThat(layout.signerOrNull().width()).isCloseTo(50.8f * MM, within(0.01f));
        assertThat(layout.lines())
                .extracting(StampLayout.Line::text)
                .containsExactly(
                        TEXT.get(0).text(), TEXT.get(1).text(), TEXT.get(2).text());
        assertThat(layout.fontSize()).isGreaterThanOrEqualTo(StampLayout.PREFERRED_FONT_SIZE);
    }

    @Test
    void signature_wideBox_textBesideTheImages() {
        StampLayout layout = StampLayout.signature(160 * MM, 46 * MM, TEXT, SIGNATURE, SEAL);

        float imagesRight = layout.signerOrNull().x() + layout.signerOrNull().width();
        assertThat(layout.lines()).allSatisfy(line -> assertThat(line.x()).isGreaterThan(imagesRight));
        assertInsideBox(layout);
    }

    @Test
    void signature_textOnly_largestSizeInOrder() {
        StampLayout layout = StampLayout.signature(90 * MM, 25 * MM, TEXT, null, 0);

        assertThat(layout.signerOrNull()).isNull();
        assertThat(layout.sealOrNull()).isNull();
        assertThat(layout.fontSize()).isEqualTo(StampLayout.MAX_FONT_SIZE);
        assertThat(layout.lines())
                .extracting(StampLayout.Line::text)
                .containsExactly(
                        TEXT.get(0).text(), TEXT.get(1).text(), TEXT.get(2).text());
        assertInsideBox(layout);
    }

    @Test
    void signature_narrowBox_wrapsAtSpacesButNeverInsideTheTime() {
        StampLayout layout = StampLayout.signature(45 * MM, 30 * MM, TEXT, null, 0);

        assertThat(layout.lines())
                .extracting(StampLayout.Line::text)
                .contains("2026-11-22T10:15:30+07:00")
                .allSatisfy(line -> assertThat(line).doesNotStartWith(" ").doesNotEndWith(" "));
        assertInsideBox(layout);
    }

    @Test
    void signature_boxSmallerThanSeal_rejectedWithSizes() {
        assertThatThrownBy(() -> StampLayout.signature(120 * MM, 30 * MM, TEXT, SIGNATURE, SEAL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The seal is 40.0 mm across at its real size, but the signature box is only 120.0 x 30.0"
                        + " mm; make the box at least 42.1 mm in both directions.");
    }

    @Test
    void signature_boxTooSmallForText_rejected() {
        assertThatThrownBy(() -> StampLayout.signature(20 * MM, 5 * MM, TEXT, null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is too small for its text");
    }

    @Test
    void copyStamp_shortLines_tenPointAsWideAsLongestLine() {
        List<StampLayout.Paragraph> lines = List.of(
                new StampLayout.Paragraph("BẢN SAO ĐIỆN TỬ", true),
                new StampLayout.Paragraph("Sở Tư pháp Thành phố Hà Nội", true),
                new StampLayout.Paragraph("Thời gian ký: 2026-11-22T10:15:30+07:00", false));

        StampLayout layout = StampLayout.copyStamp(lines, 280);

        assertThat(layout.fontSize()).isEqualTo(10f);
        assertThat(layout.lines()).hasSize(3);
        float widest = AppearanceFont.width(lines.get(2).text(), 10);
        assertThat(layout.width()).isCloseTo(widest + 2 * StampLayout.PADDING, within(1f));
        assertThat(layout.signerOrNull()).isNull();
        assertThat(layout.sealOrNull()).isNull();
        assertInsideBox(layout);
    }

    @Test
    void copyStamp_longOrganisation_wrapsWithinMaximumWidth() {
        List<StampLayout.Paragraph> lines = List.of(
                new StampLayout.Paragraph("BẢN SAO ĐIỆN TỬ", true),
                new StampLayout.Paragraph("Chi nhánh số 1 - Trung tâm Phục vụ hành chính công Hà Nội", true),
                new StampLayout.Paragraph("Thời gian ký: 2026-11-22T10:15:30+07:00", false));

        StampLayout layout = StampLayout.copyStamp(lines, 200);

        assertThat(layout.width()).isLessThanOrEqualTo(200);
        assertThat(layout.lines().size()).isGreaterThan(3);
        assertInsideBox(layout);
    }

    @Test
    void copyStamp_pageOfASmallScan_shrinksTheTextToFit() {
        List<StampLayout.Paragraph> lines = List.of(
                new StampLayout.Paragraph("BẢN SAO ĐIỆN TỬ", true),
                new StampLayout.Paragraph("Chi nhánh số 1 - Trung tâm Phục vụ hành chính công Hà Nội", true),
                new StampLayout.Paragraph("Thời gian ký: 2026-11-22T10:15:30+07:00", false));

        // half the width of a 76.7 mm scan (the page is the size of its image)
        StampLayout layout = StampLayout.copyStamp(lines, 108);

        assertThat(layout.fontSize()).isLessThan(10f).isGreaterThanOrEqualTo(StampLayout.MIN_COPY_STAMP_FONT_SIZE);
        assertThat(layout.width()).isLessThanOrEqualTo(108);
        assertInsideBox(layout);
        assertThatThrownBy(() -> StampLayout.copyStamp(lines, 20)).hasMessageContaining("too narrow");
    }

    private static void assertInsideBox(StampLayout layout) {
        float size = layout.fontSize();
        for (StampLayout.Line line : layout.lines()) {
            assertThat(line.x()).isGreaterThanOrEqualTo(StampLayout.PADDING - 0.01f);
            assertThat(line.x() + AppearanceFont.width(line.text(), size))
                    .isLessThanOrEqualTo(layout.width() - StampLayout.PADDING + 0.01f);
            assertThat(line.baseline() - AppearanceFont.DESCENT * size).isGreaterThanOrEqualTo(-0.01f);
            assertThat(line.baseline() + AppearanceFont.ASCENT * size).isLessThanOrEqualTo(layout.height() + 0.01f);
        }
        for (StampLayout.Box box : new StampLayout.Box[] {layout.signerOrNull(), layout.sealOrNull()}) {
            if (box != null) {
                assertThat(box.x()).isGreaterThanOrEqualTo(-0.01f);
                assertThat(box.y()).isGreaterThanOrEqualTo(-0.01f);
                assertThat(box.x() + box.width()).isLessThanOrEqualTo(layout.width() + 0.01f);
                assertThat(box.y() + box.height()).isLessThanOrEqualTo(layout.height() + 0.01f);
            }
        }
    }
}
