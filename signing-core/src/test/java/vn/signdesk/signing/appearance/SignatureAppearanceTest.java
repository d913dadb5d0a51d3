package vn.signdesk.signing.appearance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.text.Normalizer;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vn.signdesk.pki.DemoPki;

class SignatureAppearanceTest {

    @Test
    void withImages_pngClaimingHugeSize_isRefusedBeforeDecoding() throws Exception {
        byte[] png = pngClaiming(100_000, 100_000);
        assertThatThrownBy(() -> SignatureAppearance.withImages(
                        Placement.onPageMm(1, 10, 10, 100, 60), "Nguyễn Thị Lấp Lánh Ánh", null, png, png, 40))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("100000 x 100000 pixels");
    }

    /** A 1x1 PNG whose IHDR is rewritten (with a valid CRC) to claim {@code width x height}. */
    private static byte[] pngClaiming(int width, int height) throws java.io.IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(
                new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_INT_ARGB), "png", out);
        byte[] png = out.toByteArray();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(png);
        b.putInt(16, width).putInt(20, height); // IHDR data starts at 16: signature 8, length 4, type 4
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 17); // chunk type + 13 data bytes
        b.putInt(29, (int) crc.getValue());
        return png;
    }

    private static final Placement BOX = Placement.onPageMm(1, 105, 150, 95, 62);

    @Test
    void constructor_decomposedName_keptAsNfc() {
        String decomposed = Normalizer.normalize(DemoPki.RESIDENT_NAME, Normalizer.Form.NFD);

        SignatureAppearance appearance = SignatureAppearance.textOnly(BOX, "  " + decomposed + " ", null);

        assertThat(decomposed).isNotEqualTo(DemoPki.RESIDENT_NAME);
        assertThat(appearance.signerName()).isEqualTo(DemoPki.RESIDENT_NAME);
    }

    @Test
    void constructor_everyVietnamesePrecomposedLetter_accepted() {
        StringBuilder letters = new StringBuilder("ĂăÂâĐđÊêÔôƠơƯư");
        for (char c = '\u1EA0'; c <= '\u1EF9'; c++) {
            letters.append(c);
        }

        SignatureAppearance appearance = SignatureAppearance.textOnly(BOX, letters.toString(), null);

        assertThat(appearance.signerName()).hasSize(letters.length());
    }

    @Test
    void constructor_characterOutsideTheFont_rejectedNamingIt() {
        assertThatThrownBy(() -> SignatureAppearance.textOnly(BOX, "Nguyễn 中", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The signer name contains a character the signature font cannot show: U+4E2D.");
    }

    @Test
    void constructor_blankOrganisation_none() {
        assertThat(SignatureAppearance.textOnly(BOX, "A", "  ").organisationOrNull())
                .isNull();
    }

    @Test
    void constructor_notAPng_rejected() {
        assertThatThrownBy(() ->
                        new SignatureAppearance(BOX, "A", null, Optional.of(new byte[] {1, 2, 3}), Optional.empty(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The signer image is not a PNG file.");
    }

    @Test
    void constructor_sealWithoutDiameter_rejected() {
        byte[] seal = AppearanceFixtures.PKI.sealImagePng();

        assertThatThrownBy(() -> new SignatureAppearance(BOX, "A", null, Optional.empty(), Optional.of(seal), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("The seal diameter must be between 0 and 100");
    }

    @Test
    void equals_sameImageBytes_equalAndCopiedOut() {
        byte[] png = AppearanceFixtures.PKI.signatureImagePng();
        SignatureAppearance a = new SignatureAppearance(BOX, "A", null, Optional.of(png), Optional.empty(), 0);
        SignatureAppearance b = new SignatureAppearance(BOX, "A", null, Optional.of(png.clone()), Optional.empty(), 0);

        a.signerImagePng().orElseThrow()[0] = 0;

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void placement_invalidValues_rejected() {
        assertThatThrownBy(() -> Placement.onPage(0, 10, 10, 100, 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Page numbers start at 1, got 0.");
        assertThatThrownBy(() -> Placement.onPage(1, 10, 10, -100, 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The signature box needs a positive width and height, got -100.0 x 50.0.");
        assertThatThrownBy(() -> Placement.onPage(1, -1, 10, 100, 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start inside the page");
        assertThatThrownBy(() -> Placement.inField(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The signature field name is empty.");
    }

    @Test
    void onPageMm_millimetres_convertedToPoints() {
        Placement.OnPage box = Placement.onPageMm(2, 25.4, 50.8, 254, 12.7);

        assertThat(box.page()).isEqualTo(2);
        assertThat(box.x()).isCloseTo(72f, within(0.001f));
        assertThat(box.y()).isCloseTo(144f, within(0.001f));
        assertThat(box.width()).isCloseTo(720f, within(0.001f));
        assertThat(box.height()).isCloseTo(36f, within(0.001f));
    }

    @Test
    void formatSigningTime_utcInstant_isoWithVietnamOffsetInWholeSeconds() {
        assertThat(Decree30Appearance.formatSigningTime(Instant.parse("2026-11-22T03:15:30.789Z")))
                .isEqualTo("2026-11-22T10:15:30+07:00");
        assertThat(Decree30Appearance.formatSigningTime(Instant.parse("2026-06-30T17:00:00Z")))
                .isEqualTo("2026-07-01T00:00:00+07:00");
    }

    @Test
    void pngSize_demoSignatureAt300Dpi_naturalWidthFromPhys() {
        StampLayout.ImageSize size = Decree30Appearance.pngSizeOrNull(AppearanceFixtures.PKI.signatureImagePng());

        assertThat(size.pixelWidth()).isEqualTo(600);
        assertThat(size.pixelHeight()).isEqualTo(240);
        assertThat(size.naturalWidthOrZero() / Placement.POINTS_PER_MM).isCloseTo(50.8, within(0.05));
    }
}
