package vn.signdesk.api.store;

import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Secrets every node of the service must agree on (e.g. the key that protects two-step signing
 * tokens, so that a token prepared on one node completes on another), created once by whichever
 * node asks first and read by all others. Implementations are thread-safe and safe across
 * processes sharing the store.
 */
public interface SharedSecrets {

    /** The form of secret names: lowercase letters, digits, dots and dashes. */
    Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

    /**
     * The secret of that name: the one stored, or, when there is none yet, the one {@code create}
     * makes, stored so that every later call on any node returns it. When two nodes create at
     * once, one value wins and both return it.
     *
     * @throws StoreException when it cannot be read or stored
     */
    byte[] getOrCreate(String name, Supplier<byte[]> create);
}
