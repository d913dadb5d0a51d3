package vn.signdesk.signing.verify;

import java.security.cert.X509Certificate;

/**
 * One signature's CMS as read from the file with Bouncy Castle ({@link CmsCheck}), beside DSS: the
 * /Contents bytes of a standard byte range, whether its SubFilter says detached, and what the check
 * found (the cryptographic check only where DSS gives no answer).
 *
 * @param contentsOrNull the /Contents bytes, or null when the byte range is not standard or its gap
 *     is not a hex string
 * @param detached whether the content is detached (SubFilter {@code *.detached}, a document timestamp,
 *     or no SubFilter known)
 * @param resultOrNull what Bouncy Castle found, or null without /Contents
 * @param encapsulated whether a signature whose SubFilter says detached carries encapsulated content
 */
record CmsEvidence(byte[] contentsOrNull, boolean detached, CmsCheck.Result resultOrNull, boolean encapsulated) {

    /**
     * Reads and checks the CMS of a signature.
     *
     * @param needCrypto whether to check the signature value and digest too (DSS gives no answer)
     */
    static CmsEvidence of(byte[] pdf, SignatureCoverage c, String subFilterOrNull, boolean needCrypto) {
        long[] br = c.byteRange();
        byte[] contents = c.standardByteRange() ? CmsCheck.contentsFromGap(pdf, br[1], br[2]) : null;
        boolean detached = c.documentTimestamp()
                || subFilterOrNull == null
                || subFilterOrNull.endsWith(".detached")
                || "ETSI.RFC3161".equals(subFilterOrNull);
        CmsCheck.Result result = contents == null
                ? null
                : CmsCheck.check(
                        contents, needCrypto ? CmsCheck.signedBytes(pdf, br) : null, detached, c.documentTimestamp());
        boolean detachedSubFilter = subFilterOrNull != null && subFilterOrNull.endsWith(".detached");
        boolean encapsulated =
                result != null && result.decodable() && result.encapsulatedContent() && detachedSubFilter;
        return new CmsEvidence(contents, detached, result, encapsulated);
    }

    /** Whether the CMS decodes. */
    boolean decodable() {
        return resultOrNull != null && resultOrNull.decodable();
    }

    /** Whether Bouncy Castle found the signature value and digest to hold. */
    boolean intact() {
        return resultOrNull != null && Boolean.TRUE.equals(resultOrNull.intactOrNull());
    }

    /** Whether Bouncy Castle found the digest over the byte range to differ. */
    boolean digestMismatch() {
        return resultOrNull != null && resultOrNull.digestMismatch();
    }

    /** The signer's certificate in the CMS, or null. */
    X509Certificate signerOrNull() {
        return resultOrNull == null ? null : resultOrNull.signerOrNull();
    }
}
