package vn.signdesk.signing.verify;

import vn.signdesk.signing.PdfInput;

/**
 * Verifies every signature and document timestamp of a PDF and says, per signature and for the
 * whole document, whether it holds (CONTRACT.md, verification report).
 *
 * <p>A verdict is always a report, whatever it says; only input that is not a readable PDF fails,
 * with {@link vn.signdesk.signing.InvalidDocumentException} or {@link
 * vn.signdesk.signing.UnsupportedDocumentException} (an encrypted PDF the password does not open).
 * Implementations are thread-safe.
 */
public interface SignatureVerifier {

    /** Verifies at the current time, keeping no raw DSS report. */
    default VerificationReport verify(PdfInput document) {
        return verify(document, VerifyOptions.DEFAULT);
    }

    /** Verifies at the time and with the raw reports that {@code options} asks for. */
    VerificationReport verify(PdfInput document, VerifyOptions options);
}
