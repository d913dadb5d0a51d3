package vn.signdesk.api.store;

/** There is no store where one was expected to exist already (e.g. no database file in the data directory). */
public final class StoreNotFoundException extends StoreException {

    public StoreNotFoundException(String message) {
        super(message);
    }
}
