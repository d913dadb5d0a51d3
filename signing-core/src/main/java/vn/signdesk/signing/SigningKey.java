package vn.signdesk.signing;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * An opened private key and its certificate chain (signer first), ready to sign: from a PKCS#12
 * file or a PKCS#11 token. Opened once and reused for every signature.
 *
 * @param label a public name for messages and logs (a profile or file name), never an alias or path
 * @param privateKey the key; for a token key, a handle bound to {@code providerOrNull}
 * @param providerOrNull the JCA provider that must perform the signature, or null for the default
 * @param chain the signer certificate first, then its CAs
 */
public record SigningKey(String label, PrivateKey privateKey, Provider providerOrNull, List<X509Certificate> chain) {

    public SigningKey {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(privateKey, "privateKey");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a signing key needs at least its own certificate");
        }
    }

    /** The signer's certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "SigningKey[" + label + ", "
                + certificate().getSubjectX500Principal().getName() + "]";
    }
}
