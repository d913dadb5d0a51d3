package vn.signdesk.signing;

/**
 * The root of the errors the core reports: a small sealed hierarchy that the service maps, in one
 * place, to RFC 9457 problem responses and the command line maps to exit codes.
 *
 * <p>Messages are written for a person and never contain document bytes, key aliases, PINs,
 * passwords or file paths; details meant for operators go to {@link #getCause()} only.
 */
public abstract sealed class SignDeskException extends RuntimeException
        permits InvalidDocumentException,
                UnsupportedDocumentException,
                DocumentTooComplexException,
                TimestampUnavailableException,
                KeyAccessException,
                SigningFailedException,
                InvalidRequestException,
                SigningCertificateException {

    protected SignDeskException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A stable, short machine name of the error kind, used in problem type URIs and logs. */
    public abstract String kind();
}
