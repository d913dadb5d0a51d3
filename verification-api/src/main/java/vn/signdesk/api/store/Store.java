package vn.signdesk.api.store;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.HexFormat;
import java.util.function.Function;
import vn.signdesk.api.SignDeskConfig.StoreLocation;

/**
 * Where the service keeps what must outlive a request: its jobs ({@link JobStore}), their files
 * ({@link JobFiles}), the audit trail ({@link AuditLog}) and the secrets every node must share
 * ({@link SharedSecrets}), opened together from one setting
 * ({@code store.url}): the embedded SQLite file of the data directory ({@link SqliteStore}, one
 * node) or a PostgreSQL database that several nodes share ({@link PostgresStore}).
 *
 * <p>Each open store is one <em>node</em> (see {@link JobStore}): its job store claims jobs under
 * the node id it was opened with, one per process by default ({@link #processNodeId()}).
 */
public interface Store extends AutoCloseable {

    /** Where the store lives, for messages and logs (a file, or a URL without password). */
    String where();

    /** The jobs, as this node sees and claims them. */
    JobStore jobs();

    /** The files of the jobs. */
    JobFiles files();

    /** The audit trail. */
    AuditLog audit();

    /** The secrets every node of the store agrees on. */
    SharedSecrets secrets();

    /**
     * Checks that the store takes a write now, for the readiness check.
     *
     * @throws StoreException when it does not
     */
    void probeWritable();

    /** Writes the audit records still queued, then closes the audit trail, the job store and the database. */
    @Override
    void close();

    /**
     * Opens (creating the tables if needed) the store the location names, as a node of id {@link
     * #processNodeId()}.
     *
     * @throws StoreException when it cannot be opened
     */
    static Store open(StoreLocation location, Path dataDir, Clock clock) {
        String node = processNodeId();
        if (location.postgresUrlOrNull() == null) {
            return SqliteStore.open(dataDir, clock, node, location.lease());
        }
        return PostgresStore.open(
                PostgresDatabase.open(location.postgresUrlOrNull(), location.passwordFileOrNull()),
                clock,
                node,
                location.lease());
    }

    /**
     * Checks the audit chain of an existing store without writing to it ({@code signdesk audit
     * verify}); see {@link AuditLog#verify}.
     *
     * @throws StoreException when there is no store there or it cannot be read
     */
    static ChainCheck verifyAudit(StoreLocation location, Path dataDir, Collection<X509Certificate> trusted) {
        if (location.postgresUrlOrNull() == null) {
            return SqliteAuditLog.verify(SqliteDatabase.openExisting(dataDir), trusted);
        }
        try (PostgresDatabase db =
                PostgresDatabase.openExisting(location.postgresUrlOrNull(), location.passwordFileOrNull())) {
            return PostgresAuditLog.verify(db, trusted);
        }
    }

    /**
     * Applies {@code work} to the shared secrets of the store the location names, without opening
     * its jobs or audit trail (the service may be running): the data directory's files, or the
     * PostgreSQL database's table, opened for the call only.
     *
     * @throws StoreException when the store cannot be opened ({@link StoreNotFoundException}: there is none)
     */
    static <T> T withSecrets(StoreLocation location, Path dataDir, Clock clock, Function<SharedSecrets, T> work) {
        if (location.postgresUrlOrNull() == null) {
            // a secret made beside no database would be one the service never reads
            if (!Files.isRegularFile(dataDir.resolve(SqliteDatabase.FILE))) {
                throw new StoreNotFoundException("there is no database at " + dataDir.resolve(SqliteDatabase.FILE));
            }
            return work.apply(new DirectorySecrets(dataDir));
        }
        try (PostgresDatabase db = PostgresDatabase.open(location.postgresUrlOrNull(), location.passwordFileOrNull())) {
            return work.apply(new PostgresSecrets(db, clock));
        }
    }

    /**
     * The node id of this process: host name, process id and a random suffix, so that a restarted
     * process is a new node (it does not inherit its predecessor's leases) and two hosts never clash.
     */
    static String processNodeId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        byte[] suffix = new byte[4];
        new SecureRandom().nextBytes(suffix);
        return host + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/"
                + HexFormat.of().formatHex(suffix);
    }
}
