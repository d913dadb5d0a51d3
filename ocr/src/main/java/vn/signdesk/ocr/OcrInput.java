package vn.signdesk.ocr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import vn.signdesk.ocr.internal.ScanFormat;

/**
 * The bytes of a scan to OCR: a PDF, a (multi-page) TIFF, a PNG or a JPEG. The format is recognised
 * from the first bytes; a name is kept only for the attachment of the original in a PDF/A-3.
 */
public final class OcrInput {

    private final byte[] bytes;
    private final String nameOrNull;

    private OcrInput(byte[] bytes, String nameOrNull) {
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.nameOrNull = nameOrNull;
    }

    /** The given bytes (not copied: the caller must not change them while OCR runs). */
    public static OcrInput of(byte[] bytes) {
        return new OcrInput(bytes, null);
    }

    /** The given bytes with the file name they came under (kept for a PDF/A-3 attachment; may be null). */
    public static OcrInput of(byte[] bytes, String nameOrNull) {
        return new OcrInput(bytes, nameOrNull);
    }

    /** The content of a file, keeping its file name for a PDF/A-3 attachment. */
    public static OcrInput of(Path file) {
        try {
            return new OcrInput(Files.readAllBytes(file), file.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes; never modified by the library. */
    public byte[] bytes() {
        return bytes;
    }

    /** The length in bytes. */
    public long size() {
        return bytes.length;
    }

    /** The file name given at construction, or null. */
    public String nameOrNull() {
        return nameOrNull;
    }

    /**
     * The media type the first bytes announce ({@code application/pdf}, {@code image/tiff},
     * {@code image/png}, {@code image/jpeg}), or null for anything else: a cheap check before queueing.
     */
    public String mediaTypeOrNull() {
        ScanFormat f = ScanFormat.detectOrNull(bytes);
        return f == null ? null : f.mediaType();
    }

    /** SHA-256 of the bytes, lower-case hex. */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
