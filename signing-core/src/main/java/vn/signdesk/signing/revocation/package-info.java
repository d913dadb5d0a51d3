/**
 * Certificate checks over HTTP with an in-memory cache: OCSP responses, CRLs and CA certificates
 * (AIA), offered as DSS sources so that signing and verification share them. The entry point is
 * {@link vn.signdesk.signing.revocation.CertificateChecks}, built once from a
 * {@link vn.signdesk.signing.revocation.CertificateCheckConfig}.
 *
 * <p>A responder that cannot be reached is never an exception here: the sources answer "no
 * revocation data" and the verifier reports INDETERMINATE / TRY_LATER.
 */
package vn.signdesk.signing.revocation;
