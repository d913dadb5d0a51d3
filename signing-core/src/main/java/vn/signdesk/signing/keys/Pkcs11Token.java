package vn.signdesk.signing.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.ProviderException;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.signing.KeyAccessException;
import vn.signdesk.signing.SigningKey;

/**
 * An open, logged-in PKCS#11 token (an HSM, a smart card, SoftHSM2) whose keys sign through the
 * JDK's SunPKCS11 provider.
 *
 * <p>Open a token once at start-up, take its keys with {@link #key}, and sign with each key for as
 * long as the token stays open: every {@link SigningKey} it returns carries the token's provider in
 * {@link SigningKey#providerOrNull()}, and signing with it reuses the token's login and pooled
 * sessions instead of opening anything again. {@link #close()} logs out; the keys stop working.
 *
 * <p>Thread safety: an open token is safe for concurrent use. SunPKCS11 keeps a pool of PKCS#11
 * sessions per token, so many threads may each create their own {@link java.security.Signature}
 * with the same key at once (a {@code Signature} object itself is not shared between threads).
 *
 * <p>Implementation notes. The provider is configured from an inline SunPKCS11 configuration
 * ({@code Provider.configure("--name=...")}, JDK PKCS#11 Reference Guide) and is never added to
 * {@link Security}'s list, so nothing outside this class and its keys can reach it. Logins are per
 * token and per process, not per session (PKCS#11 v2.40 §5.6 C_Login): a second provider on a token
 * that is already logged in is logged in too, and SunPKCS11 then skips the PIN check altogether.
 * This class therefore refuses to open a token twice in one process; the token is identified by its
 * library and {@link TokenSlot}. A token chosen by label is looked up with the JDK's internal
 * PKCS#11 wrapper (see {@link TokenLabels}), which needs {@code --add-exports
 * jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED} (the service jar's manifest carries
 * it); slot IDs and indexes need nothing. The PIN reaches the token through a callback and the copy
 * made for it is wiped after login.
 */
public final class Pkcs11Token implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Pkcs11Token.class);

    /** Tokens open in this process, by library and slot; see the class notes on shared logins. */
    private static final Set<String> OPEN = ConcurrentHashMap.newKeySet();

    private final String name;
    private final String openKey;
    private final AuthProvider provider;
    private final KeyStore keyStore;
    private final AtomicInteger logins;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private record Entry(PrivateKey key, List<X509Certificate> chain) {}

    private Pkcs11Token(String name, String openKey, AuthProvider provider, KeyStore keyStore, AtomicInteger logins) {
        this.name = name;
        this.openKey = openKey;
        this.provider = provider;
        this.keyStore = keyStore;
        this.logins = logins;
    }

    /**
     * Opens and logs in to a token.
     *
     * @param config the library, the token and the PIN; the PIN array is not changed or kept
     * @return the open token, to be closed when the service stops
     * @throws KeyAccessException if the library is missing, the token is absent or already open in
     *     this process, or the PIN is rejected
     */
    public static Pkcs11Token open(Pkcs11TokenConfig config) {
        String name = config.name();
        if (!Files.isRegularFile(config.library())) {
            throw new KeyAccessException(
                    "cannot open token '" + name + "': PKCS#11 library not found",
                    new NoSuchFileException(config.library().toString()));
        }
        String library = config.library().toString();
        String openKey = library + "|" + config.slot();
        if (!OPEN.add(openKey)) {
            throw new KeyAccessException("cannot open token '" + name + "': it is already open in this service");
        }
        try {
            AuthProvider provider = configure(name, library, config.slot());
            AtomicInteger logins = new AtomicInteger();
            KeyStore keyStore = login(name, provider, config.pin(), logins);
            LOG.info("opened PKCS#11 token '{}'", name);
            return new Pkcs11Token(name, openKey, provider, keyStore, logins);
        } catch (RuntimeException e) {
            OPEN.remove(openKey);
            throw e;
        }
    }

    private static AuthProvider configure(String name, String library, TokenSlot slot) {
        String slotLine;
        if (slot instanceof TokenSlot.Id id) {
            slotLine = "slot = " + id.slotId();
        } else if (slot instanceof TokenSlot.Index index) {
            slotLine = "slotListIndex = " + index.slotListIndex();
        } else {
            slotLine = "slot = " + TokenLabels.slotId(name, library, ((TokenSlot.Label) slot).tokenLabel());
        }
        String text = "--name = SignDesk-" + name + "\n" + "library = " + library + "\n" + slotLine + "\n";
        Provider base = Security.getProvider("SunPKCS11");
        if (base == null) {
            throw new KeyAccessException("cannot open token '" + name + "': this Java runtime has no PKCS#11 support");
        }
        try {
            return (AuthProvider) base.configure(text);
        } catch (ProviderException | IllegalArgumentException e) {
            // InvalidParameterException is an IllegalArgumentException; both carry the library's error
            throw new KeyAccessException("cannot open token '" + name + "': the token is not available", e);
        }
    }

    private static KeyStore login(String name, AuthProvider provider, char[] pin, AtomicInteger logins) {
        KeyStore keyStore;
        try {
            keyStore = KeyStore.getInstance("PKCS11", provider);
        } catch (GeneralSecurityException e) {
            // SunPKCS11 registers its key store only while a token is present in the slot
            throw new KeyAccessException("cannot open token '" + name + "': no token in the slot", e);
        }
        char[] pinCopy = pin.clone();
        CallbackHandler pinHandler = callbacks -> supplyPin(callbacks, pinCopy, logins);
        try {
            keyStore.load(() -> new KeyStore.CallbackHandlerProtection(pinHandler));
            return keyStore;
        } catch (IOException e) {
            if (hasCause(e, FailedLoginException.class)) {
                throw new KeyAccessException("PIN rejected by token '" + name + "'", e);
            }
            if (hasCause(e, LoginException.class)) {
                throw new KeyAccessException("cannot log in to token '" + name + "'", e);
            }
            throw new KeyAccessException("cannot open token '" + name + "': the token cannot be read", e);
        } catch (GeneralSecurityException e) {
            throw new KeyAccessException("cannot open token '" + name + "': the token cannot be read", e);
        } finally {
            Arrays.fill(pinCopy, '\0');
        }
    }

    private static void supplyPin(Callback[] callbacks, char[] pin, AtomicInteger logins)
            throws UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof PasswordCallback password) {
                password.setPassword(pin); // PasswordCallback keeps its own copy
                logins.incrementAndGet();
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns a key of this token, ready to sign through the token's provider.
     *
     * @param alias the key's alias on the token (its CKA_LABEL, or CKA_ID if it has none)
     * @param label the public name of the key for messages and logs, e.g. the profile name
     * @return the key with its certificate chain, signer first; the chain is the one stored on the
     *     token, so the token must hold the signer's certificate and preferably its CAs
     * @throws KeyAccessException if the token has no private key with a certificate under that
     *     alias, or the token is closed
     */
    public SigningKey key(String alias, String label) {
        if (closed) {
            throw new KeyAccessException("token '" + name + "' is closed");
        }
        Entry entry = entries.get(alias);
        if (entry == null) {
            entry = readEntry(alias, label);
            entries.putIfAbsent(alias, entry);
        }
        return new SigningKey(label, entry.key(), provider, entry.chain());
    }

    private Entry readEntry(String alias, String label) {
        try {
            Key key = keyStore.isKeyEntry(alias) ? keyStore.getKey(alias, null) : null;
            if (!(key instanceof PrivateKey privateKey)) {
                throw new KeyAccessException("no key for '" + label + "' in token '" + name + "'");
            }
            List<X509Certificate> chain = Pkcs12Keys.chain(keyStore.getCertificateChain(alias));
            if (chain.isEmpty()) {
                throw new KeyAccessException("no certificate for key '" + label + "' in token '" + name + "'");
            }
            return new Entry(privateKey, chain);
        } catch (GeneralSecurityException e) {
            throw new KeyAccessException("cannot read key '" + label + "' from token '" + name + "'", e);
        }
    }

    /** The public name of this token, from its configuration. */
    public String name() {
        return name;
    }

    /** The provider bound to this token; sign with it, not with a provider found by name. */
    public Provider provider() {
        return provider;
    }

    /** How many times the PIN was handed to the token; stays at 1 while the token is open. */
    int logins() {
        return logins.get();
    }

    /**
     * Logs out of the token. Keys taken from it stop working; closing twice does nothing. The
     * provider was never added to the global provider list, so there is nothing to remove there.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        entries.clear();
        try {
            provider.logout();
        } catch (LoginException e) {
            LOG.warn("logging out of PKCS#11 token '{}' failed: {}", name, e.toString());
        } finally {
            OPEN.remove(openKey);
        }
        LOG.info("closed PKCS#11 token '{}'", name);
    }

    @Override
    public String toString() {
        return "Pkcs11Token[" + name + (closed ? ", closed]" : "]");
    }
}
