package vn.signdesk.api.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.api.SignDeskConfig;
import vn.signdesk.api.store.Database;
import vn.signdesk.api.store.SqliteAuditLog;
import vn.signdesk.signing.Timestamper;

/**
 * The service's embedded database ({@code DATA_DIR/signdesk.db}) and the audit trail in it, as the
 * HTTP service runs them: opened before the server listens, the chain's head timestamped by the
 * TSA every {@code SIGNDESK_AUDIT_TIMESTAMP_INTERVAL} once the TSA exists, and at {@link #close()}
 * a last head timestamp (after the last request was recorded), then the trail and the database
 * closed.
 *
 * <p>Implementation notes. Head timestamps run on a Vert.x worker thread, at most one at a time: a
 * slow external TSA skips ticks instead of piling them up. A failed timestamp is logged and tried
 * again at the next tick; the chain itself does not depend on it.
 */
final class ServiceStore {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceStore.class);

    private final Vertx vertx;
    private final Database db;
    private final SqliteAuditLog audit;
    private final Duration interval;
    private final RecordAuditHandler recorder;
    private final AtomicBoolean stamping = new AtomicBoolean();
    private volatile Timestamper tsa;
    private volatile long timer = -1;

    private ServiceStore(Vertx vertx, Database db, SqliteAuditLog audit, Duration interval, Clock clock) {
        this.vertx = vertx;
        this.db = db;
        this.audit = audit;
        this.interval = interval;
        this.recorder = new RecordAuditHandler(audit, clock);
    }

    /**
     * Opens the database of the data directory and its audit trail.
     *
     * @throws vn.signdesk.api.store.StoreException when the database cannot be opened
     */
    static ServiceStore open(Vertx vertx, SignDeskConfig config, Clock clock) {
        Database db = Database.open(config.dataDir());
        return new ServiceStore(vertx, db, new SqliteAuditLog(db, clock), config.auditTimestampInterval(), clock);
    }

    /** The database, for the other stores (jobs). */
    Database database() {
        return db;
    }

    SqliteAuditLog audit() {
        return audit;
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
                    audit.close();
                    db.close();
                    return null;
                },
                false);
    }

    private Void timestampHead() {
        Timestamper t = tsa;
        if (t != null) {
            try {
                audit.timestampHead(t).ifPresent(seq -> LOG.debug("audit chain head timestamped at record {}", seq));
            } catch (RuntimeException e) {
                LOG.warn("the audit chain head could not be timestamped: {}", e.getMessage());
            }
        }
        return null;
    }
}
