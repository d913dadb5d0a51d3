package vn.signdesk.signing.internal;

import eu.europa.esig.dss.alert.exception.AlertException;
import eu.europa.esig.dss.pades.exception.ProtectedDocumentException;
import eu.europa.esig.dss.spi.exception.IllegalInputException;
import java.util.Locale;
import vn.signdesk.signing.InvalidDocumentException;
import vn.signdesk.signing.KeyAccessException;
import vn.signdesk.signing.SignDeskException;
import vn.signdesk.signing.SigningFailedException;
import vn.signdesk.signing.UnsupportedDocumentException;

/**
 * Wraps a DSS or PDFBox failure once, with context, into the core's error hierarchy.
 *
 * <p>DSS wraps our own exceptions (a {@code TimestampUnavailableException} thrown by the TSP source,
 * say) in its {@code DSSException}; the first {@link SignDeskException} in the cause chain wins so the
 * caller sees the real reason. DSS alert messages are English sentences that we match loosely: they
 * are not a stable API, so anything unrecognised becomes a plain signing failure.
 */
public final class DssFailures {

    private DssFailures() {}

    /** The core exception that best describes {@code failure} during {@code operation}. */
    public static SignDeskException translate(Throwable failure, String operation) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SignDeskException s) {
                return s;
            }
        }
        String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
        if (failure instanceof ProtectedDocumentException) {
            return new UnsupportedDocumentException("the PDF's permissions forbid adding a signature", failure);
        }
        if (failure instanceof eu.europa.esig.dss.pades.exception.InvalidPasswordException) {
            return new UnsupportedDocumentException("the PDF is encrypted and the password does not open it", failure);
        }
        if (failure instanceof AlertException) {
            if (message.contains("expired")) {
                return new KeyAccessException("the signer's certificate has expired", failure);
            }
            if (message.contains("not yet valid")) {
                return new KeyAccessException("the signer's certificate is not yet valid", failure);
            }
            if (message.contains("revoked")) {
                return new KeyAccessException("the signer's certificate is revoked", failure);
            }
            if (message.contains("revocation")) {
                return new SigningFailedException(
                        operation + " failed: revocation data for the certificate chain could not be obtained",
                        failure);
            }
        }
        if (message.contains("no signature") || message.contains("no signatures")) {
            return new UnsupportedDocumentException("the PDF has no signature to " + operation, failure);
        }
        if (failure instanceof IllegalInputException) {
            return new InvalidDocumentException("the PDF cannot be processed: " + failure.getMessage(), failure);
        }
        return new SigningFailedException(operation + " failed", failure);
    }
}
