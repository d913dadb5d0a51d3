package vn.signdesk.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static vn.signdesk.signing.TestPdfs.aPdf;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import vn.signdesk.signing.appearance.Placement;
import vn.signdesk.signing.appearance.SignatureAppearance;
import vn.signdesk.signing.preview.PreviewLimits;
import vn.signdesk.signing.preview.SignaturePageRenderer;
import vn.signdesk.signing.preview.SignaturePages;

/**
 * The page preview of signed PDFs: which pages are drawn, where each signature's box falls on
 * them, in which order signatures are numbered, and the bounds on what is drawn.
 */
class SignaturePagesIT {

    private static final SigningFixture F = new SigningFixture();
    private static final SignaturePageRenderer RENDERER = SignaturePageRenderer.withPdfBox(PreviewLimits.DEFAULT);

    @Test
    void render_visibleSignatureOnPageTwo_drawsThatPageWithTheBoxWherePlaced() throws Exception {
        byte[] signed = signVisibly(aPdf().pages(2).build(), Placement.onPageMm(2, 100, 200, 80, 30));

        SignaturePages pages = RENDERER.render(PdfInput.of(signed));

        assertThat(pages.pageCount()).isEqualTo(2);
        assertThat(pages.signatures()).hasSize(1);
        SignaturePages.Signature s = pages.signatures().get(0);
        assertThat(s.number()).isEqualTo(1);
        assertThat(s.documentTimestamp()).isFalse();
        assertThat(s.boxes()).hasSize(1);
        SignaturePages.Box box = s.boxes().get(0);
        assertThat(box.page()).isEqualTo(2);
        assertThat(box.left()).isCloseTo(100 / 210.0, within(0.005));
        assertThat(box.top()).isCloseTo(200 / 297.0, within(0.005));
        assertThat(box.width()).isCloseTo(80 / 210.0, within(0.005));
        assertThat(box.height()).isCloseTo(30 / 297.0, within(0.005));
        assertThat(pages.pages()).extracting(SignaturePages.PageImage::page).containsExactly(2);
        BufferedImage image = png(pages.pages().get(0));
        // A4 at 100 dpi
        assertThat(image.getWidth()).isBetween(820, 830);
        assertThat(image.getHeight()).isBetween(1165, 1172);
        assertThat(pages.pagesLeftOut()).isZero();
    }

    @Test
    void render_invisibleThenVisibleSignature_numbersThemInDocumentOrder() {
        byte[] first = F.signer.sign(
                PdfInput.of(aPdf().build()),
                SigningFixture.key(F.pki.residentRsa()),
                SignOptions.invisible(SignatureLevel.B_B));
        byte[] second = signVisibly(first, Placement.onPageMm(1, 20, 20, 80, 30));

        SignaturePages pages = RENDERER.render(PdfInput.of(second));

        assertThat(pages.signatures())
                .extracting(SignaturePages.Signature::number)
                .containsExactly(1, 2);
        assertThat(pages.signatures().get(0).boxes()).isEmpty();
        assertThat(pages.signatures().get(1).boxes()).singleElement().satisfies(b -> {
            assertThat(b.page()).isEqualTo(1);
            assertThat(b.left()).isCloseTo(20 / 210.0, within(0.005));
        });
        assertThat(pages.pages()).extracting(SignaturePages.PageImage::page).containsExactly(1);
    }

    @Test
    void render_unsignedPdf_hasNoSignatureAndDrawsNothing() {
        SignaturePages pages = RENDERER.render(PdfInput.of(aPdf().pages(3).build()));

        assertThat(pages.pageCount()).isEqualTo(3);
        assertThat(pages.signatures()).isEmpty();
        assertThat(pages.pages()).isEmpty();
    }

    @Test
    void render_moreSignedPagesThanTheBound_drawsTheFirstAndCountsTheRest() {
        byte[] once = signVisibly(aPdf().pages(2).build(), Placement.onPageMm(2, 20, 20, 80, 30));
        byte[] twice = signVisibly(once, Placement.onPageMm(1, 20, 20, 80, 30));
        SignaturePageRenderer onePage =
                SignaturePageRenderer.withPdfBox(new PreviewLimits(1, 100, 2_000_000L, DocumentLimits.DEFAULT));

        SignaturePages pages = onePage.render(PdfInput.of(twice));

        assertThat(pages.signatures()).hasSize(2);
        assertThat(pages.pages()).extracting(SignaturePages.PageImage::page).containsExactly(1);
        assertThat(pages.pagesLeftOut()).isEqualTo(1);
    }

    @Test
    void render_pixelBoundBelowTheDpi_drawsThePageCoarser() throws Exception {
        byte[] signed = signVisibly(aPdf().build(), Placement.onPageMm(1, 20, 20, 80, 30));
        SignaturePageRenderer small =
                SignaturePageRenderer.withPdfBox(new PreviewLimits(4, 300, 100_000L, DocumentLimits.DEFAULT));

        SignaturePages pages = small.render(PdfInput.of(signed));

        BufferedImage image = png(pages.pages().get(0));
        assertThat((long) image.getWidth() * image.getHeight()).isLessThanOrEqualTo(100_000L);
        assertThat(image.getWidth()).isGreaterThan(200);
    }

    @Test
    void render_overThePageBound_isUnsupported() {
        SignaturePageRenderer twoPages =
                SignaturePageRenderer.withPdfBox(new PreviewLimits(4, 100, 2_000_000L, new DocumentLimits(1 << 20, 2)));

        assertThatThrownBy(() -> twoPages.render(PdfInput.of(aPdf().pages(3).build())))
                .isInstanceOf(UnsupportedDocumentException.class)
                .hasMessage("the PDF has 3 pages; at most 2 are accepted");
    }

    @Test
    void render_notAPdf_isInvalidDocument() {
        assertThatThrownBy(() -> RENDERER.render(PdfInput.of("hello".getBytes(StandardCharsets.US_ASCII))))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("%PDF-");
    }

    @Test
    void render_damagedPdf_isInvalidDocument() {
        byte[] broken = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
                .getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> RENDERER.render(PdfInput.of(broken))).isInstanceOf(InvalidDocumentException.class);
    }

    private static byte[] signVisibly(byte[] pdf, Placement placement) {
        return F.signer.sign(
                PdfInput.of(pdf),
                SigningFixture.key(F.pki.departmentSeal()),
                SignOptions.visible(
                        SignatureLevel.B_B,
                        SignatureAppearance.textOnly(placement, "Sở Tư pháp Thành phố Hà Nội", null)));
    }

    private static BufferedImage png(SignaturePages.PageImage page) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(page.png()));
        assertThat(image).as("a PNG").isNotNull();
        assertThat(image.getWidth()).isEqualTo(page.width());
        assertThat(image.getHeight()).isEqualTo(page.height());
        return image;
    }
}
