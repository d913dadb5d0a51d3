package vn.signdesk.signing;

import java.time.Instant;

/**
 * The outcome of the first step of two-step signing.
 *
 * @param token opaque, tamper-evident; pass it back unchanged to {@link TwoStepSigner#complete}
 * @param dataToSign the DER signed attributes that the signer's key must sign
 * @param digest the digest of {@code dataToSign} with {@code digestAlgorithm}, for keys that sign a digest
 * @param digestAlgorithm the JCA name of the digest, e.g. {@code SHA-256}
 * @param signatureAlgorithm the JCA name of the signature, e.g. {@code SHA256withRSA}
 * @param signingTime the signing time recorded in the signature
 * @param expiresAt after this instant {@code complete} refuses the token
 */
public record PreparedSignature(
        String token,
        byte[] dataToSign,
        byte[] digest,
        String digestAlgorithm,
        String signatureAlgorithm,
        Instant signingTime,
        Instant expiresAt) {}
