package vn.signdesk.signing.revocation;

import java.util.HashSet;
import java.util.Set;

/**
 * Which revocation tokens one validation got from the certificate-check cache without asking a
 * responder, so a report can say {@code "cached": true} per signature.
 *
 * <p>Per thread: DSS gathers revocation data in the thread that validates. Call {@link #begin()}
 * before a validation and {@link #end()} after it, in the same thread.
 */
public final class CacheTrace {

    private static final ThreadLocal<Set<String>> SERVED = new ThreadLocal<>();

    private CacheTrace() {}

    /** Starts recording in this thread. */
    public static void begin() {
        SERVED.set(new HashSet<>());
    }

    /** Stops recording and returns the DSS ids of the tokens served from the cache. */
    public static Set<String> end() {
        Set<String> served = SERVED.get();
        SERVED.remove();
        return served == null ? Set.of() : Set.copyOf(served);
    }

    static void servedFromCache(String dssId) {
        Set<String> served = SERVED.get();
        if (served != null) {
            served.add(dssId);
        }
    }
}
