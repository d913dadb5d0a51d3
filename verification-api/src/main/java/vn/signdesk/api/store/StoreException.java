package vn.signdesk.api.store;

/**
 * A failure of the service's store (the database cannot be opened, read or written). Its message
 * names the database file or the record, never a secret; the SQL cause is attached for the log.
 */
public sealed class StoreException extends RuntimeException permits StoreNotFoundException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
