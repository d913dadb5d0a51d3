package vn.signdesk.signing.internal;

import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import vn.signdesk.signing.KeyAccessException;
import vn.signdesk.signing.SigningKey;

/** Signature values through JCA, with the key's own provider when it has one (PKCS#11). */
public final class JcaSignatures {

    private JcaSignatures() {}

    /** Signs {@code data} with {@code key} using the JCA algorithm name, e.g. {@code SHA256withRSA}. */
    public static byte[] sign(SigningKey key, String jcaAlgorithm, byte[] data) {
        try {
            Signature s = key.providerOrNull() == null
                    ? Signature.getInstance(jcaAlgorithm)
                    : Signature.getInstance(jcaAlgorithm, key.providerOrNull());
            s.initSign(key.privateKey());
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyAccessException("the key '" + key.label() + "' could not sign", e);
        }
    }

    /** Whether {@code value} is a valid signature of {@code data} by the certificate's key. */
    public static boolean verify(X509Certificate signer, String jcaAlgorithm, byte[] data, byte[] value) {
        try {
            Signature s = Signature.getInstance(jcaAlgorithm);
            s.initVerify(signer.getPublicKey());
            s.update(data);
            return s.verify(value);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
