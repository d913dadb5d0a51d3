package vn.signdesk.signing;

/**
 * The request around the document is unusable: a two-step token that is tampered, expired or does
 * not match the document, a signature value that does not verify, an option that makes no sense.
 */
public final class InvalidRequestException extends SignDeskException {

    public InvalidRequestException(String message) {
        super(message, null);
    }

    public InvalidRequestException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String kind() {
        return "invalid-request";
    }
}
