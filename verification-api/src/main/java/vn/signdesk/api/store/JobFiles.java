package vn.signdesk.api.store;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The files of jobs: each job's input and outputs, by job id and file name, kept where every node
 * that may run the job can read them (the data directory of the one node, or the shared database).
 *
 * <p>A {@link #write} is durable and atomic when it returns: a reader sees the old content or the
 * new, never a part. A file holds at most {@link #maxFileBytes()} bytes; a larger one is refused
 * with a {@link StoreException} that says so. Job ids are those {@link JobStore} issues and file
 * names are short lowercase words ({@link #NAME}); anything else is refused with an {@link
 * IllegalArgumentException}, so a crafted name can never reach a path or another job. Implementations
 * are thread-safe.
 */
public interface JobFiles {

    /** The largest file by default: above every upload limit of the service (100 MiB), well below what a database row takes. */
    long DEFAULT_MAX_FILE_BYTES = 128L << 20;

    /** The form of file names: lowercase letters, digits, dots and dashes, not starting with a dot. */
    Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

    /** The largest file this store holds, in bytes. */
    long maxFileBytes();

    /**
     * Stores a job's file, replacing one of the same name.
     *
     * @throws StoreException when it is larger than {@link #maxFileBytes()} or cannot be written
     */
    void write(String jobId, String name, byte[] content);

    /** The content of a job's file, or empty when it has none of that name. */
    Optional<byte[]> read(String jobId, String name);

    /** Checks a job id and a file name, and the size of a file to write. */
    static void check(String jobId, String name, long size, long max) {
        if (jobId == null || !JdbcJobStore.ID.matcher(jobId).matches()) {
            throw new IllegalArgumentException("not a job id: expected 32 lowercase hex digits");
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a job file name: " + name);
        }
        if (size > max) {
            throw new StoreException("the file '" + name + "' of job " + jobId + " is " + size
                    + " bytes; a job file holds at most " + max + " bytes");
        }
    }
}
