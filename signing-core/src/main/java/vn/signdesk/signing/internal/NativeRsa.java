package vn.signdesk.signing.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RSA signatures in OpenSSL-derived native code (Amazon Corretto Crypto Provider) for software keys,
 * when the provider loads on this platform.
 *
 * <p>Implementation notes. The provider is used directly, never registered with {@code Security},
 * so nothing else in the process changes provider. It ships a native library for linux-x86_64 only;
 * on any other platform, or when its library or self-tests fail, {@link #provider()} is empty and
 * callers keep the JDK provider. A JDK key handed to the provider would be translated on every
 * call, so each key is translated once and kept (weakly, by identity) together with the outcome of
 * a probe: one signature made natively and verified with the JDK against the signer's certificate.
 * A key whose probe fails is remembered as unusable and signs with the JDK.
 */
public final class NativeRsa {

    private static final Logger LOG = LoggerFactory.getLogger(NativeRsa.class);
    private static final byte[] PROBE = "SignDesk native RSA probe".getBytes(StandardCharsets.US_ASCII);
    private static final Optional<Provider> PROVIDER = load();

    /** Translated keys; the absent value (empty) marks a key that must stay on the JDK provider. */
    private static final Cache<PrivateKey, Optional<PrivateKey>> KEYS =
            Caffeine.newBuilder().weakKeys().maximumSize(1_000).build();

    private NativeRsa() {}

    /** The native provider, or empty when it does not load here. */
    public static Optional<Provider> provider() {
        return PROVIDER;
    }

    /**
     * The key translated for the native provider, or empty when the key is not a software RSA key,
     * the provider is unavailable, or a probe signature made with it did not verify with the JDK.
     */
    public static Optional<PrivateKey> translate(PrivateKey key, X509Certificate certificate) {
        if (PROVIDER.isEmpty() || !(key instanceof RSAPrivateCrtKey)) {
            return Optional.empty();
        }
        return KEYS.get(key, k -> probe(k, certificate));
    }

    private static Optional<PrivateKey> probe(PrivateKey key, X509Certificate certificate) {
        Provider provider = PROVIDER.orElseThrow();
        try {
            PrivateKey translated =
                    (PrivateKey) KeyFactory.getInstance("RSA", provider).translateKey(key);
            Signature signer = Signature.getInstance("SHA256withRSA", provider);
            signer.initSign(translated);
            signer.update(PROBE);
            byte[] value = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(PROBE);
            if (verifier.verify(value)) {
                return Optional.of(translated);
            }
            LOG.warn(
                    "native RSA signature of certificate serial {} did not verify; using the JDK provider",
                    certificate.getSerialNumber().toString(16));
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.warn(
                    "native RSA cannot use the key of certificate serial {}; using the JDK provider: {}",
                    certificate.getSerialNumber().toString(16),
                    e.toString());
        }
        return Optional.empty();
    }

    private static Optional<Provider> load() {
        try {
            com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider accp =
                    com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
            Throwable error = accp.getLoadingError();
            if (error != null) {
                LOG.info("native crypto provider unavailable, using the JDK provider: {}", error.toString());
                return Optional.empty();
            }
            accp.assertHealthy();
            return Optional.of(accp);
        } catch (LinkageError | RuntimeException e) {
            LOG.info("native crypto provider unavailable, using the JDK provider: {}", e.toString());
            return Optional.empty();
        }
    }
}
