package vn.signdesk.api.credentials;

import java.util.List;

/**
 * Credentials that authenticate a bearer API key ({@code Authorization: Bearer KEY}, RFC 6750) to
 * a {@link Principal}. Implementations: the demo keys of {@code demo-credentials.json} ({@code
 * ApiKeys}) and the salted hashes of {@code credentials.apiKeysFile} ({@link HashedApiKeys}).
 *
 * <p>Implementations are thread-safe and cheap enough to call on the event loop (a hash of a few
 * dozen bytes and a map lookup); they never log or keep a presented key.
 */
public interface Credentials extends AutoCloseable {

    /** The principal of a presented key, or why it is refused; never throws for any input. */
    Authentication authenticate(String presentedKey);

    /** Stops whatever the credentials run in the background (a file watcher); the default has nothing to stop. */
    @Override
    default void close() {}

    /**
     * Credentials that ask each of {@code sources} in turn and answer with the first that knows the
     * key (authenticated or expired); closing them closes every source.
     */
    static Credentials firstOf(List<Credentials> sources) {
        List<Credentials> all = List.copyOf(sources);
        return new Credentials() {
            @Override
            public Authentication authenticate(String presentedKey) {
                for (Credentials c : all) {
                    Authentication a = c.authenticate(presentedKey);
                    if (!(a instanceof Authentication.Unknown)) {
                        return a;
                    }
                }
                return Authentication.unknown();
            }

            @Override
            public void close() {
                all.forEach(Credentials::close);
            }

            @Override
            public String toString() {
                return "Credentials" + all;
            }
        };
    }
}
