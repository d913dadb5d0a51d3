package vn.signdesk.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A key of the demo PKI with its certificate chain: the certificate first, then the issuing CA, then
 * the root (a CA's own chain is shorter).
 *
 * @param name the file base name, e.g. {@code "resident-rsa"}; also the alias in its PKCS#12 file
 * @param privateKey the private key
 * @param chain the certificate first, then its CAs up to the root
 */
public record Identity(String name, PrivateKey privateKey, List<X509Certificate> chain) {

    public Identity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("an identity needs at least its own certificate");
        }
    }

    /** The identity's own certificate (the first of the chain). */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /**
     * Returns this identity as a PKCS#12 file (key and full chain under the alias {@link #name()}), as
     * written to the demo directory.
     *
     * @param password protects both the key and the file's integrity
     */
    public byte[] toPkcs12(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(name, privateKey, password, chain.toArray(new Certificate[0]));
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            store.store(out, password);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not write the PKCS#12 file of " + name, e);
        }
    }

    /** Names the identity and its certificate; never prints the key. */
    @Override
    public String toString() {
        return "Identity[" + name + ", "
                + certificate().getSubjectX500Principal().getName() + ", serial "
                + certificate().getSerialNumber().toString(16) + "]";
    }
}
