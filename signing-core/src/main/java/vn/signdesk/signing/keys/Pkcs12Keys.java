package vn.signdesk.signing.keys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import vn.signdesk.signing.KeyAccessException;
import vn.signdesk.signing.SigningKey;

/**
 * Opens a signing key from a PKCS#12 file.
 *
 * <p>Implementation notes: the file is read once into a JDK {@code PKCS12} key store and the key is
 * returned as a plain software key (no provider binding), so any JCA provider may sign with it. The
 * same password protects the file and the key, as in every PKCS#12 file this project writes and
 * most that CAs issue. The JDK reports a wrong password as an {@link IOException} caused by an
 * {@link UnrecoverableKeyException} (PKCS#12 MAC check); that is how it is told apart from a
 * damaged file.
 */
public final class Pkcs12Keys {

    private Pkcs12Keys() {}

    /**
     * Opens the key of a PKCS#12 file.
     *
     * @param file the PKCS#12 file
     * @param password protects the file and the key; not kept
     * @param aliasOrNull the key's alias, or null when the file holds exactly one key
     * @param label the public name of the key for messages and logs, e.g. the profile name
     * @return the key and its certificate chain, signer first
     * @throws KeyAccessException if the file is missing or unreadable, the password is wrong, or
     *     the key cannot be found or chosen
     */
    public static SigningKey open(Path file, char[] password, String aliasOrNull, String label) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(label, "label");

        KeyStore store = load(file, password, label);
        try {
            String alias = aliasOrNull != null ? aliasOrNull : singleKeyAlias(store, label);
            if (!store.isKeyEntry(alias)) {
                throw new KeyAccessException("cannot open key '" + label + "': no such key in the key file");
            }
            Key key;
            try {
                key = store.getKey(alias, password);
            } catch (UnrecoverableKeyException e) {
                throw new KeyAccessException("cannot open key '" + label + "': wrong password", e);
            }
            if (!(key instanceof PrivateKey privateKey)) {
                throw new KeyAccessException("cannot open key '" + label + "': the entry is not a private key");
            }
            List<X509Certificate> chain = chain(store.getCertificateChain(alias));
            if (chain.isEmpty()) {
                throw new KeyAccessException("cannot open key '" + label + "': the key file has no certificate for it");
            }
            return new SigningKey(label, privateKey, null, chain);
        } catch (GeneralSecurityException e) {
            throw new KeyAccessException("cannot open key '" + label + "': the key file cannot be read", e);
        }
    }

    private static KeyStore load(Path file, char[] password, String label) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (NoSuchFileException e) {
            throw new KeyAccessException("cannot open key '" + label + "': key file not found", e);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new KeyAccessException("cannot open key '" + label + "': wrong password", e);
            }
            throw new KeyAccessException(
                    "cannot open key '" + label + "': the key file cannot be read",
                    new IOException(file.toString(), e));
        } catch (GeneralSecurityException e) {
            throw new KeyAccessException("cannot open key '" + label + "': not a usable PKCS#12 file", e);
        }
    }

    private static String singleKeyAlias(KeyStore store, String label) throws KeyStoreException {
        List<String> keys = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                keys.add(alias);
            }
        }
        if (keys.isEmpty()) {
            throw new KeyAccessException("cannot open key '" + label + "': the key file holds no private key");
        }
        if (keys.size() > 1) {
            throw new KeyAccessException("cannot open key '" + label + "': the key file holds " + keys.size()
                    + " keys; name the one to use");
        }
        return keys.get(0);
    }

    static List<X509Certificate> chain(Certificate[] certificates) {
        if (certificates == null) {
            return List.of();
        }
        List<X509Certificate> chain = new ArrayList<>(certificates.length);
        for (Certificate certificate : certificates) {
            if (certificate instanceof X509Certificate x509) {
                chain.add(x509);
            }
        }
        return chain;
    }
}
