package vn.signdesk.signing.appearance;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The visible appearance of a signature under Decree 30/2020/ND-CP, Appendix I: the signer's
 * signature image (blue, PNG with a transparent background), the seal image (red, PNG, drawn at its
 * real size over about the left third of the signer's image) and the lines "Ký bởi: <signer>", the
 * organisation and "Thời gian ký: <ISO 8601 time with +07:00>". Both images are optional; without
 * them the box shows the text only.
 *
 * <p>Texts are kept in Unicode NFC, the form {@code pdftotext} returns. Arrays are copied in and out.
 *
 * @param placement where the signature goes
 * @param signerName the signer's name as it appears after "Ký bởi: ", usually the certificate's
 *     common name, e.g. "Nguyễn Thị Lấp Lánh Ánh"
 * @param organisationOrNull the organisation line, e.g. "Sở Tư pháp Thành phố Hà Nội", or null for none
 * @param signerImagePng the signer's signature image
 * @param sealImagePng the organisation's seal image
 * @param sealDiameterMm the seal's real diameter in millimetres (its image is drawn that wide); only
 *     used with a seal image
 */
public record SignatureAppearance(
        Placement placement,
        String signerName,
        String organisationOrNull,
        Optional<byte[]> signerImagePng,
        Optional<byte[]> sealImagePng,
        double sealDiameterMm) {

    /** Largest seal accepted, in millimetres: Vietnamese seals are 30 to 45 mm across. */
    static final double MAX_SEAL_DIAMETER_MM = 100;

    /** Largest image accepted, in pixels: a 40 mm seal at 600 dpi is about 900 x 900. */
    static final long MAX_IMAGE_PIXELS = 16_000_000L;

    public SignatureAppearance {
        Objects.requireNonNull(placement, "placement");
        signerName = text(signerName, "The signer name");
        organisationOrNull = organisationOrNull == null || organisationOrNull.isBlank()
                ? null
                : text(organisationOrNull, "The organisation");
        signerImagePng = png(signerImagePng, "The signer image");
        sealImagePng = png(sealImagePng, "The seal image");
        if (sealImagePng.isPresent() && !(sealDiameterMm > 0 && sealDiameterMm <= MAX_SEAL_DIAMETER_MM)) {
            throw new IllegalArgumentException("The seal diameter must be between 0 and " + MAX_SEAL_DIAMETER_MM
                    + " mm, got " + sealDiameterMm + " mm.");
        }
    }

    /** An appearance with the text lines only, as for a resident who has no signature image. */
    public static SignatureAppearance textOnly(Placement placement, String signerName, String organisationOrNull) {
        return new SignatureAppearance(
                placement, signerName, organisationOrNull, Optional.empty(), Optional.empty(), 0);
    }

    /**
     * An appearance with the signer's image, the seal at its real size over the image's left third,
     * and the text lines.
     */
    public static SignatureAppearance withImages(
            Placement placement,
            String signerName,
            String organisationOrNull,
            byte[] signerImagePng,
            byte[] sealImagePng,
            double sealDiameterMm) {
        return new SignatureAppearance(
                placement,
                signerName,
                organisationOrNull,
                Optional.of(signerImagePng),
                Optional.of(sealImagePng),
                sealDiameterMm);
    }

    /** The same appearance at another place. */
    public SignatureAppearance withPlacement(Placement newPlacement) {
        return new SignatureAppearance(
                newPlacement, signerName, organisationOrNull, signerImagePng, sealImagePng, sealDiameterMm);
    }

    @Override
    public Optional<byte[]> signerImagePng() {
        return signerImagePng.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> sealImagePng() {
        return sealImagePng.map(byte[]::clone);
    }

    /** The seal's diameter in points, or 0 without a seal image. */
    float sealDiameterPoints() {
        return sealImagePng.isPresent() ? (float) (sealDiameterMm * Placement.POINTS_PER_MM) : 0f;
    }

    /** The stored PNG bytes of the signer image without a copy, for drawing. */
    byte[] signerPngOrNull() {
        return signerImagePng.orElse(null);
    }

    /** The stored PNG bytes of the seal image without a copy, for drawing. */
    byte[] sealPngOrNull() {
        return sealImagePng.orElse(null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignatureAppearance that
                && placement.equals(that.placement)
                && signerName.equals(that.signerName)
                && Objects.equals(organisationOrNull, that.organisationOrNull)
                && Arrays.equals(signerPngOrNull(), that.signerPngOrNull())
                && Arrays.equals(sealPngOrNull(), that.sealPngOrNull())
                && Double.compare(sealDiameterMm, that.sealDiameterMm) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                placement,
                signerName,
                organisationOrNull,
                Arrays.hashCode(signerPngOrNull()),
                Arrays.hashCode(sealPngOrNull()),
                sealDiameterMm);
    }

    @Override
    public String toString() {
        return "SignatureAppearance[" + placement + ", signer=" + signerName + ", organisation=" + organisationOrNull
                + ", signerImage="
                + signerImagePng.map(b -> b.length + " bytes").orElse("none")
                + ", sealImage="
                + sealImagePng
                        .map(b -> b.length + " bytes, " + sealDiameterMm + " mm")
                        .orElse("none")
                + "]";
    }

    /** Trims, normalises to NFC and checks that the appearance font can draw {@code value}. */
    static String text(String value, String what) {
        Objects.requireNonNull(value, what);
        String normalised = Normalizer.normalize(value.strip(), Normalizer.Form.NFC);
        if (normalised.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty.");
        }
        AppearanceFont.check(normalised, what);
        return normalised;
    }

    private static Optional<byte[]> png(Optional<byte[]> image, String what) {
        Objects.requireNonNull(image, what);
        if (image.isEmpty()) {
            return image;
        }
        byte[] bytes = image.get().clone();
        if (bytes.length < 8 || bytes[0] != (byte) 0x89 || bytes[1] != 'P' || bytes[2] != 'N' || bytes[3] != 'G') {
            throw new IllegalArgumentException(what + " is not a PNG file.");
        }
        // Decoded from memory, never through ImageIO's file cache (its shutdown hook breaks signing
        // during a graceful stop), and sized from the header first so a pixel bomb is refused
        // before any pixel is allocated.
        ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            long width = reader.getWidth(0);
            long height = reader.getHeight(0);
            if (width < 1 || height < 1 || width * height > MAX_IMAGE_PIXELS) {
                throw new IllegalArgumentException(what + " is " + width + " x " + height + " pixels; at most "
                        + MAX_IMAGE_PIXELS + " pixels are accepted.");
            }
            BufferedImage decoded = reader.read(0);
            if (decoded == null) {
                throw new IllegalArgumentException(what + " is not a readable PNG file.");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException(what + " is not a readable PNG file.", e);
        } finally {
            reader.dispose();
        }
        return Optional.of(bytes);
    }
}
