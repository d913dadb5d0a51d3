package vn.signdesk.signing;

/**
 * A signing key could not be opened or used: wrong PIN or password, missing key, token absent.
 * The message names the key by its public label, never by alias, PIN or path.
 */
public final class KeyAccessException extends SignDeskException {

    public KeyAccessException(String message) {
        super(message, null);
    }

    public KeyAccessException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String kind() {
        return "key-unavailable";
    }
}
