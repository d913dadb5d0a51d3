package vn.signdesk.signing;

/**
 * Signing could not be completed for a reason that is not the caller's input: a library failure, a
 * rejected signature value in two-step signing, revocation data that could not be gathered for B-LT.
 */
public final class SigningFailedException extends SignDeskException {

    public SigningFailedException(String message) {
        super(message, null);
    }

    public SigningFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String kind() {
        return "signing-failed";
    }
}
