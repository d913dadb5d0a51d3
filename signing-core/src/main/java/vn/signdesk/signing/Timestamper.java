package vn.signdesk.signing;

/**
 * A source of RFC 3161 timestamp tokens: the embedded authority in-process, or a pool of external
 * authorities over HTTP.
 */
public interface Timestamper {

    /**
     * Returns a DER-encoded RFC 3161 {@code TimeStampToken} (a CMS {@code ContentInfo}) over the given
     * message imprint.
     *
     * @param digestAlgorithmOid OID of the digest algorithm of the imprint, e.g. 2.16.840.1.101.3.4.2.1
     * @param digest the message imprint
     * @throws TimestampUnavailableException when no authority produced a valid token
     */
    byte[] timestamp(String digestAlgorithmOid, byte[] digest);
}
