package vn.signdesk.ocr.internal;

/** The input formats the OCR accepts, recognised by their magic bytes. */
public enum ScanFormat {
    PDF("application/pdf", "pdf"),
    TIFF("image/tiff", "tif"),
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpg");

    private final String mediaType;
    private final String extension;

    ScanFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }

    /**
     * The format of the bytes, or null. A PDF header may follow up to 1024 bytes of junk (ISO 32000-1
     * §7.5.2 implementation note; PDFBox accepts it too).
     */
    public static ScanFormat detectOrNull(byte[] b) {
        if (b.length >= 8
                && (b[0] & 0xff) == 0x89
                && b[1] == 'P'
                && b[2] == 'N'
                && b[3] == 'G'
                && b[4] == 0x0d
                && b[5] == 0x0a
                && b[6] == 0x1a
                && b[7] == 0x0a) {
            return PNG;
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
            return JPEG;
        }
        if (b.length >= 4
                && ((b[0] == 'I' && b[1] == 'I' && b[2] == 42 && b[3] == 0)
                        || (b[0] == 'M' && b[1] == 'M' && b[2] == 0 && b[3] == 42))) {
            return TIFF;
        }
        int end = Math.min(b.length - 5, 1024);
        for (int i = 0; i < end; i++) {
            if (b[i] == '%' && b[i + 1] == 'P' && b[i + 2] == 'D' && b[i + 3] == 'F' && b[i + 4] == '-') {
                return PDF;
            }
        }
        return null;
    }
}
