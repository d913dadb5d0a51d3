package vn.signdesk.signing;

import java.util.Optional;

/**
 * Answers certificate-check requests (OCSP, CRL, CA certificates) in-process for URLs under a given
 * base, instead of going over the network: the demo PKI's responder when the command line runs
 * without a service.
 */
@FunctionalInterface
public interface LocalResponder {

    /**
     * Answers one request.
     *
     * @param path the URL path below the base, starting with {@code /}
     * @param postBodyOrNull the request body for POST, null for GET
     * @return the response body, or empty when nothing lives at this path
     */
    Optional<byte[]> respond(String path, byte[] postBodyOrNull);
}
