package vn.signdesk.signing;

/**
 * No timestamp authority produced a usable token. A level that needs a timestamp fails with this;
 * it is never silently downgraded to B-B.
 */
public final class TimestampUnavailableException extends SignDeskException {

    public TimestampUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String kind() {
        return "timestamp-unavailable";
    }
}
