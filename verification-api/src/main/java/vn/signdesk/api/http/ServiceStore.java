package vn.signdesk.api.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.api.SignDeskConfig;
import vn.signdesk.api.store.AuditLog;
import vn.signdesk.api.store.Store;
import vn.signdesk.signing.Timestamper;

/**
 * The service's {@link Store} (the embedded SQLite file, or the PostgreSQL database of several
 * nodes) and the audit trail in it, as the HTTP service runs them: opened before the server
 * listens, the chain's head timestamped by the TSA every {@code SIGNDESK_AUDIT_TIMESTAMP_INTERVAL}
 * once the TSA exists, and at {@link #close()} a last head timestamp (after the last request was
 * recorded), then the store closed.
 *
 * <p>Implementation notes. Head timestamps run on a Vert.x worker thread, at most one at a time: a
 * slow external TSA skips ticks instead of piling them up. A failed timestamp is logged and tried
 * again at the next tick; the chain itself does not depend on it.
 */
final class ServiceStore {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceStore.class);

    private final Vertx vertx;
    private final Store store;
    private final Duration interval;
    private final RecordAuditHandler recorder;
    private final AtomicBoolean stamping = new AtomicBoolean();
    private volatile Timestamper tsa;
    private volatile long timer = -1;

    private ServiceStore(Vertx vertx, Store store, Duration interval, Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.interval = interval;
        this.recorder = new RecordAuditHandler(store.audit(), clock);
    }

    /**
     * Opens the configured store ({@code store.url}) and its audit trail.
     *
     * @throws vn.signdesk.api.store.StoreException when the store cannot be opened
     */
    static ServiceStore open(Vertx vertx, SignDeskConfig config, Clock clock) {
        Store store = Store.open(config.store(), config.dataDir(), clock);
        LOG.info("store: {} (node {})", store.where(), store.jobs().node());
        return new ServiceStore(vertx, store, config.auditTimestampInterval(), clock);
    }

    /** The store: jobs, job files, audit trail. */
    Store store() {
        return store;
    }

    AuditLog audit() {
        return store.audit();
    }

    /** The handler that records the requests of a route; see {@link RecordAuditHandler}. */
    RecordAuditHandler recorder() {
        return recorder;
    }

    /** Starts timestamping the chain's head with the given TSA at the configured interval. */
    void startHeadTimestamps(Timestamper timestamper) {
        this.tsa = timestamper;
        timer = vertx.setPeriodic(interval.toMillis(), id -> {
            if (stamping.compareAndSet(false, true)) {
                vertx.executeBlocking(this::timestampHead, false).onComplete(done -> stamping.set(false));
            }
        });
    }

    /** Stops the timer, timestamps the final head, closes the audit trail and the database. */
    Future<Void> close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return vertx.executeBlocking(
                () -> {
                    timestampHead();
                    store.close();
                    return null;
                },
                false);
    }

    private Void timestampHead() {
        Timestamper t = tsa;
        if (t != null) {
            try {
                store.audit()
                        .timestampHead(t)
                        .ifPresent(seq -> LOG.debug("audit chain head timestamped at record {}", seq));
            } catch (RuntimeException e) {
                LOG.warn("the audit chain head could not be timestamped: {}", e.getMessage());
            }
        }
        return null;
    }
}
