package vn.signdesk.api.cli;

/** A command line that does not say what to do: exit code 1 with the usage. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message, null, false, false);
    }
}
