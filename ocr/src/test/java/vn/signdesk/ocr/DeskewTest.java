package vn.signdesk.ocr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.signdesk.ocr.internal.Deskew;
import vn.signdesk.ocr.internal.PageImages;

class DeskewTest {

    @ParameterizedTest
    @ValueSource(doubles = {-20, -7.5, -2, 3, 12, 25})
    void angle_textTiltedByKnownAngle_isFound(double degrees) {
        BufferedImage page = PageImages.rotateSmall(textPage(), degrees);

        assertThat(Deskew.angle(page)).isCloseTo(degrees, within(0.5));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0})
    void angle_straightText_isZero(double degrees) {
        assertThat(Deskew.angle(textPage())).isCloseTo(degrees, within(0.3));
    }

    @org.junit.jupiter.api.Test
    void angle_blankPage_isZero() {
        BufferedImage blank = new BufferedImage(800, 1000, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = blank.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 800, 1000);
        g.dispose();

        assertThat(Deskew.angle(blank)).isZero();
    }

    @org.junit.jupiter.api.Test
    void rotateQuarter_fourTimes_isTheSameImage() {
        BufferedImage page = textPage();
        BufferedImage turned = page;
        for (int i = 0; i < 4; i++) {
            turned = PageImages.rotateQuarter(turned, 90);
        }
        for (int y = 0; y < page.getHeight(); y += 37) {
            for (int x = 0; x < page.getWidth(); x += 29) {
                assertThat(turned.getRGB(x, y)).isEqualTo(page.getRGB(x, y));
            }
        }
    }

    private static BufferedImage textPage() {
        BufferedImage img = new BufferedImage(1240, 1754, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SERIF, Font.PLAIN, 26));
        for (int line = 0; line < 40; line++) {
            g.drawString("Cộng hòa xã hội chủ nghĩa Việt Nam, độc lập tự do hạnh phúc " + line, 150, 250 + line * 32);
        }
        g.dispose();
        return img;
    }
}
