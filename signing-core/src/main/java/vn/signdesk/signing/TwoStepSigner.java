package vn.signdesk.signing;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Signing with a key the service never holds (a resident's USB token, a CA's remote-signing
 * service): {@link #prepare} computes what the key must sign, the key signs it elsewhere, and
 * {@link #complete} assembles the PAdES signature.
 *
 * <p>No state is kept between the two steps. The {@link PreparedSignature#token() token} carries,
 * under a MAC, everything {@code complete} needs besides the document and the signature value, so
 * any node holding the same token key can complete what another prepared.
 */
public interface TwoStepSigner {

    /**
     * Computes the data to be signed for the given signer.
     *
     * @param chain the signer's certificate first, then its CAs as far as known
     */
    PreparedSignature prepare(PdfInput document, List<X509Certificate> chain, SignOptions options);

    /**
     * Assembles the signature.
     *
     * @param document the same document that was prepared (checked by its SHA-256)
     * @param token the token returned by {@link #prepare}
     * @param signatureValue the signature of {@link PreparedSignature#dataToSign()} by the signer's key
     *     (PKCS#1 v1.5 for RSA, DER-encoded ECDSA)
     * @param chain the signer's certificate first, then its CAs; the signer must be the prepared one
     * @throws InvalidRequestException the token is tampered or expired, or does not match the document,
     *     the certificate or the signature value
     */
    byte[] complete(PdfInput document, String token, byte[] signatureValue, List<X509Certificate> chain);
}
