package vn.signdesk.api.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link JobFiles} in the shared {@link PostgresDatabase}: table {@code job_files}, one
 * {@code bytea} row per file, so any node can read what another node wrote without a shared disk.
 * A write is one upsert (atomic, durable at commit); files are bounded by {@link #maxFileBytes()}
 * well below PostgreSQL's 1 GB limit of a value, since a file travels through memory whole.
 */
public final class PostgresJobFiles implements JobFiles {

    private final PostgresDatabase db;
    private final long maxFileBytes;

    /** The job files of the database, each at most {@code maxFileBytes}. */
    public PostgresJobFiles(PostgresDatabase db, long maxFileBytes) {
        this.db = Objects.requireNonNull(db, "db");
        this.maxFileBytes = maxFileBytes;
    }

    @Override
    public long maxFileBytes() {
        return maxFileBytes;
    }

    @Override
    public void write(String jobId, String name, byte[] content) {
        JobFiles.check(jobId, name, content.length, maxFileBytes);
        try (Connection c = db.connect();
                PreparedStatement s =
                        c.prepareStatement("INSERT INTO job_files (job_id, name, content) VALUES (?, ?, ?)"
                                + " ON CONFLICT (job_id, name) DO UPDATE SET content = EXCLUDED.content")) {
            s.setString(1, jobId);
            s.setString(2, name);
            s.setBytes(3, content);
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("cannot write the file '" + name + "' of job " + jobId, e);
        }
    }

    @Override
    public Optional<byte[]> read(String jobId, String name) {
        JobFiles.check(jobId, name, 0, maxFileBytes);
        try (Connection c = db.connect();
                PreparedStatement s =
                        c.prepareStatement("SELECT content FROM job_files WHERE job_id = ? AND name = ?")) {
            s.setString(1, jobId);
            s.setString(2, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot read the file '" + name + "' of job " + jobId, e);
        }
    }
}
