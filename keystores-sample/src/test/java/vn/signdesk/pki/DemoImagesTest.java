package vn.signdesk.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.text.Normalizer;
import java.time.Instant;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Node;

class DemoImagesTest {

    @Test
    void signature_isA600x240BlueStrokeOnTransparency() throws Exception {
        BufferedImage image = read(DemoImages.signaturePng());
        assertThat(image.getWidth()).isEqualTo(600);
        assertThat(image.getHeight()).isEqualTo(240);
        assertThat(image.getColorModel().hasAlpha()).isTrue();
        Census census = census(image);
        assertThat(census.transparent).as("mostly background").isGreaterThan(census.total * 3 / 4);
        assertThat(census.blue).as("a visible stroke").isGreaterThan(census.total / 50);
        assertThat(census.red).isZero();
        assertCornersTransparent(image);
    }

    @Test
    void seal_isA40MillimetreRedDiscOnTransparency() throws Exception {
        BufferedImage image = read(DemoImages.sealPng());
        assertThat(image.getWidth()).isEqualTo(472).isEqualTo(image.getHeight());
        Census census = census(image);
        assertThat(census.red).as("rings, star and marks").isGreaterThan(census.total / 10);
        assertThat(census.blue).isZero();
        assertCornersTransparent(image);
        // the star is filled at its centre; between the inner ring and the centre's words there is paper
        assertThat(isRed(image.getRGB(236, (int) DemoImages.STAR_CENTRE_Y))).isTrue();
        assertThat(image.getRGB(236 + 120, 236) >>> 24).isZero();
        // the outer ring is closed: every direction crosses it
        for (int degrees = 0; degrees < 360; degrees += 15) {
            double angle = Math.toRadians(degrees);
            int x = (int) Math.round(236 + 228 * Math.cos(angle));
            int y = (int) Math.round(236 + 228 * Math.sin(angle));
            assertThat(isRed(image.getRGB(x, y)))
                    .as("ring at %d degrees", degrees)
                    .isTrue();
        }
    }

    @Test
    void images_areDeterministicAndMarkedAt300Dpi() throws Exception {
        assertThat(DemoImages.png(DemoImages.drawSeal(DemoImages.DEPARTMENT_SEAL_TEXT)))
                .isEqualTo(DemoImages.sealPng());
        assertThat(DemoImages.png(DemoImages.drawSignature())).isEqualTo(DemoImages.signaturePng());
        assertThat(pixelsPerMetre(DemoImages.sealPng())).isEqualTo(11811);
        assertThat(pixelsPerMetre(DemoImages.signaturePng())).isEqualTo(11811);
        assertThat(472 / (pixelsPerMetre(DemoImages.sealPng()) / 1000.0))
                .isCloseTo(DemoPki.SEAL_DIAMETER_MM, org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void departmentSealText_demoDepartment_capitalsWithVietnameseDiacritics() {
        SealText text = DemoImages.DEPARTMENT_SEAL_TEXT;
        // code points spelled out, so that only the precomposed (NFC) letters compare equal
        assertThat(text.upperArc()).isEqualTo("UBND TH\u00c0NH PH\u1ed0 H\u00c0 N\u1ed8I");
        assertThat(text.centre()).isEqualTo("S\u1ede T\u01af PH\u00c1P");
        assertThat(text.lowerArc()).isEqualTo("TP. H\u00c0 N\u1ed8I");
        assertThat(DemoPki.DEPARTMENT_SEAL_NAME).isEqualTo(DemoPki.DEPARTMENT + " " + DemoPki.DEPARTMENT_LOCALITY);
    }

    @Test
    void sealText_decomposedAndLowerCase_capitalsInNfc() {
        SealText text = SealText.ofDepartment(
                Normalizer.normalize("Sở Y tế", Normalizer.Form.NFD),
                Normalizer.normalize("Tỉnh Bắc Ninh", Normalizer.Form.NFD));
        assertThat(text.upperArc()).isEqualTo("UBND T\u1ec8NH B\u1eaeC NINH");
        assertThat(text.centre()).isEqualTo("S\u1ede Y T\u1ebe");
        assertThat(text.lowerArc()).isEqualTo("T\u1ec8NH B\u1eaeC NINH");
    }

    @Test
    void drawSeal_wordsOutsideTheFont_illegalArgument() {
        SealText chinese = new SealText("\u6cb3\u5185\u5e02", "\u53f8\u6cd5\u5385", "\u6cb3\u5185");
        assertThatThrownBy(() -> DemoImages.drawSeal(chinese))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the seal font has no glyph for '\u6cb3'");
    }

    @Test
    void demoPki_inMemory_servesTheSameImages() {
        DemoPki pki = DemoPki.createInMemory(URI.create("http://127.0.0.1:9"), new MutableClock(Instant.now()));
        assertThat(pki.sealImagePng()).isEqualTo(DemoImages.sealPng());
        assertThat(pki.signatureImagePng()).isEqualTo(DemoImages.signaturePng());
    }

    private record Census(int total, int transparent, int blue, int red) {}

    private static Census census(BufferedImage image) {
        int transparent = 0;
        int blue = 0;
        int red = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int argb = image.getRGB(x, y);
                if (argb >>> 24 == 0) {
                    transparent++;
                } else if (argb >>> 24 > 128) {
                    int r = (argb >> 16) & 0xff;
                    int b = argb & 0xff;
                    if (b > r + 60) {
                        blue++;
                    } else if (r > b + 60) {
                        red++;
                    }
                }
            }
        }
        return new Census(image.getWidth() * image.getHeight(), transparent, blue, red);
    }

    private static boolean isRed(int argb) {
        return argb >>> 24 > 128 && ((argb >> 16) & 0xff) > 150 && (argb & 0xff) < 90;
    }

    private static void assertCornersTransparent(BufferedImage image) {
        int w = image.getWidth() - 1;
        int h = image.getHeight() - 1;
        for (int[] corner : new int[][] {{0, 0}, {w, 0}, {0, h}, {w, h}}) {
            assertThat(image.getRGB(corner[0], corner[1]) >>> 24).isZero();
        }
    }

    private static BufferedImage read(byte[] png) throws Exception {
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static int pixelsPerMetre(byte[] png) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            ImageReader reader = readers.next();
            reader.setInput(in);
            IIOMetadata metadata = reader.getImageMetadata(0);
            Node root = metadata.getAsTree("javax_imageio_png_1.0");
            for (Node child = root.getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child.getNodeName().equals("pHYs")) {
                    return Integer.parseInt(child.getAttributes()
                            .getNamedItem("pixelsPerUnitXAxis")
                            .getNodeValue());
                }
            }
            return -1;
        }
    }
}
