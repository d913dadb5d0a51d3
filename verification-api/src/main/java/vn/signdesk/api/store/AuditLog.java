package vn.signdesk.api.store;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import vn.signdesk.signing.Timestamper;

/**
 * The audit trail: an append-only, hash-chained log of every operation of the service
 * ({@link AuditRecord} says how records are chained), whose head is timestamped by a TSA at
 * intervals so that rewriting the chain after a timestamp is detectable.
 *
 * <p>An answer may be sent only after the future of its {@link #append} has completed: that is
 * the moment the record is durable. Implementations are thread-safe.
 */
public interface AuditLog extends AutoCloseable {

    /**
     * Queues a record for the chain.
     *
     * @return completes with the record's sequence number once it is durable, or fails (with a
     *     {@link StoreException}) when it could not be written or the log is closed or overloaded;
     *     never blocks the caller
     */
    CompletableFuture<Long> append(AuditEvent event);

    /**
     * Has the TSA timestamp the hash of the newest durable record and stores the token, unless that
     * record is already timestamped.
     *
     * @return the sequence number timestamped, or empty when there was nothing new
     * @throws vn.signdesk.signing.TimestampUnavailableException when the TSA gives no token
     * @throws StoreException when the token cannot be stored
     */
    OptionalLong timestampHead(Timestamper tsa);

    /**
     * Checks every record's hash and link and every head timestamp token, in one consistent
     * snapshot while appends go on.
     *
     * @param trustedTsaCertificates the certificates head timestamps must be signed with; empty
     *     accepts a token signed by the certificate it carries (integrity, not origin)
     */
    ChainCheck verify(Collection<X509Certificate> trustedTsaCertificates);

    /** Writes what is queued, then stops accepting records. */
    @Override
    void close();
}
