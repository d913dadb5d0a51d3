package vn.signdesk.signing.verify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import vn.signdesk.signing.verify.VerificationReport.CertificateInfo;
import vn.signdesk.signing.verify.VerificationReport.Indication;
import vn.signdesk.signing.verify.VerificationReport.Revocation;
import vn.signdesk.signing.verify.VerificationReport.Signer;

/**
 * What one signature's cryptographic evidence says, from one source (DSS's signature or timestamp
 * report, or Bouncy Castle alone), before the checks beyond DSS ({@link BeyondDss}) and the revision
 * analysis have their say.
 *
 * @param id a stable identifier: DSS's id when DSS found the signature, else its field name
 * @param indication the indication this evidence gives
 * @param subIndicationOrNull its sub-indication, or null
 * @param levelOrNull the format reached, or null
 * @param signer who signed
 * @param claimedSigningTimeOrNull the signing time claimed, or null
 * @param provenSigningTimeOrNull the earliest time a valid timestamp proves, or null
 * @param timestampedByOrNull the common name of that timestamp's authority, or null
 * @param intact whether the signature value and the digest over its byte range hold
 * @param signerKnown whether the signer's certificate was found (without it the value cannot be checked)
 * @param digestMismatch whether the digest over the byte range differs from the signed one
 * @param revocation the signer certificate's revocation status
 * @param chain the signer's certificate chain, signer first
 * @param findings what this evidence adds to the report, in order
 */
record Assessment(
        String id,
        Indication indication,
        String subIndicationOrNull,
        String levelOrNull,
        Signer signer,
        Instant claimedSigningTimeOrNull,
        Instant provenSigningTimeOrNull,
        String timestampedByOrNull,
        boolean intact,
        boolean signerKnown,
        boolean digestMismatch,
        Revocation revocation,
        List<CertificateInfo> chain,
        List<Finding> findings) {

    Assessment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(indication, "indication");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(revocation, "revocation");
        chain = List.copyOf(chain);
        findings = List.copyOf(findings);
    }
}
