package vn.signdesk.signing.appearance;

import eu.europa.esig.dss.pades.SignatureImageParameters;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * DSS image parameters that carry a finished Decree 30 layout to {@link Decree30SignatureDrawer}.
 *
 * <p>Implementation notes: DSS hands the image parameters, and nothing else, to the drawer factory,
 * so this subclass is how the layout travels through {@code PAdESService}. DSS only draws when
 * {@link #isEmpty()} is false, and seeds its PDF identifiers with {@link #toString()}, so both are
 * overridden: the string is a pure function of the content (images by SHA-256), which keeps the
 * digest of {@code getDataToSign} and the signed file in step, even across processes.
 */
final class Decree30ImageParameters extends SignatureImageParameters {

    private static final long serialVersionUID = 1L;

    private final StampLayout layout;
    private final byte[] signerPngOrNull;
    private final byte[] sealPngOrNull;

    Decree30ImageParameters(StampLayout layout, byte[] signerPngOrNull, byte[] sealPngOrNull) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.signerPngOrNull = signerPngOrNull;
        this.sealPngOrNull = sealPngOrNull;
    }

    StampLayout layout() {
        return layout;
    }

    byte[] signerPngOrNull() {
        return signerPngOrNull;
    }

    byte[] sealPngOrNull() {
        return sealPngOrNull;
    }

    @Override
    public boolean isEmpty() {
        return false;
    }

    @Override
    public String toString() {
        return "Decree30ImageParameters[" + getFieldParameters() + ", alignment="
                + getVisualSignatureAlignmentHorizontal() + "/" + getVisualSignatureAlignmentVertical() + ", "
                + layout + ", signer=" + sha256(signerPngOrNull) + ", seal=" + sha256(sealPngOrNull) + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Decree30ImageParameters that
                && super.equals(that)
                && layout.equals(that.layout)
                && Arrays.equals(signerPngOrNull, that.signerPngOrNull)
                && Arrays.equals(sealPngOrNull, that.sealPngOrNull);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), layout, Arrays.hashCode(signerPngOrNull), Arrays.hashCode(sealPngOrNull));
    }

    private static String sha256(byte[] bytesOrNull) {
        if (bytesOrNull == null) {
            return "none";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytesOrNull));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
