package vn.signdesk.api.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One operation of the service as the audit trail records it: who asked, what, on which document,
 * with which profile, and how it ended. It never holds a secret: the credential appears as its
 * role and a short key id (never the key nor its hash), the document as its SHA-256.
 *
 * @param at when the request arrived
 * @param requestId the request id, also returned to the client as {@code X-Request-Id}
 * @param role the credential's role, or {@code anonymous} for an open route or a refused key
 * @param keyIdOrNull the credential's id: the public id of a key of the API key file, the first 12
 *     hex digits of the SHA-256 of a demo key, {@code cert:} and a fingerprint prefix for a client
 *     certificate; null without a credential
 * @param operation what was asked, e.g. {@code POST /v1/sign}
 * @param documentSha256OrNull the SHA-256 (hex) of the document the request carried, if any
 * @param profileOrNull the signing profile asked for, if any
 * @param status the HTTP status of the answer
 * @param outcome {@code ok}, or the problem type of a failure (e.g. {@code forbidden})
 * @param durationMs from arrival to the moment the answer was ready to send
 */
public record AuditEvent(
        Instant at,
        String requestId,
        String role,
        String keyIdOrNull,
        String operation,
        String documentSha256OrNull,
        String profileOrNull,
        int status,
        String outcome,
        long durationMs) {

    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(outcome, "outcome");
        // millisecond precision is what is stored and hashed
        at = Instant.ofEpochMilli(at.toEpochMilli());
    }
}
