package vn.signdesk.signing;

/**
 * Signs, timestamps and extends PDFs with keys the service holds (PAdES, ETSI EN 319 142-1).
 *
 * <p>Every method takes the whole document and returns the whole new document: the input followed
 * by one incremental update, so earlier signatures stay valid.
 */
public interface DocumentSigner {

    /**
     * Adds a signature at the requested level.
     *
     * @throws InvalidDocumentException the input is not a readable PDF
     * @throws UnsupportedDocumentException encrypted without the right password, locked, too large
     * @throws TimestampUnavailableException the level needs a timestamp and none could be had
     * @throws KeyAccessException the key cannot sign (token gone, certificate expired or revoked)
     */
    byte[] sign(PdfInput document, SigningKey key, SignOptions options);

    /** Adds a document timestamp (ETSI EN 319 142-1 §5.4), covering the whole document as it is. */
    byte[] timestamp(PdfInput document);

    /**
     * Raises the signatures of an already signed PDF to {@code level}: B-T adds a document timestamp,
     * B-LT adds the validation data of every signature in a /DSS dictionary, B-LTA adds both and an
     * archive document timestamp.
     */
    byte[] extend(PdfInput document, SignatureLevel level);
}
