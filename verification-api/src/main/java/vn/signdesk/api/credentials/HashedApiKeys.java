package vn.signdesk.api.credentials;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials from the salted hashes of an {@link ApiKeyFile} ({@code credentials.apiKeysFile}),
 * re-read when the file changes, so {@code signdesk keys add} and {@code keys revoke} take effect in
 * a running service within about a second, without a restart.
 *
 * <p>Implementation notes. A daemon thread ({@code signdesk-api-keys}) looks at the file's
 * modification time, size and file key (inode) every {@link #POLL_INTERVAL}: the edits rename a new
 * file into place, which gives it a new inode, so an edit within one tick of the file system's clock is
 * seen too (unless the old inode number came straight back with the same size). The attributes are read
 * before the content, so a change that lands in between is seen again at the next look, never
 * missed. The keys in force are one immutable map behind a volatile field: a request sees the old
 * keys or the new ones, never a mix. A file that cannot be read or parsed, or that other users can
 * read, keeps the keys read before in force and is logged (naming the file and the fault, never its
 * content) until it is fixed; at start it is refused. No Vert.x here: the command line and any
 * server can use it.
 */
public final class HashedApiKeys implements Credentials {

    /** How often the file is looked at. */
    public static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(HashedApiKeys.class);

    private final ApiKeyFile file;
    private final Clock clock;
    private final ScheduledExecutorService watcher;
    private volatile Snapshot snapshot;
    /** The stamp of the last file that could not be loaded, so its fault is logged once. */
    private volatile Stamp refusedOrNull;

    /** The keys in force and the file state they were read from. */
    private record Snapshot(Stamp stamp, Map<String, ApiKeyFile.StoredKey> keys) {}

    /** What identifies one version of the file without reading it. */
    private record Stamp(FileTime modified, long size, Object fileKey) {}

    private static final Stamp MISSING = new Stamp(null, -1, null);

    private HashedApiKeys(ApiKeyFile file, Clock clock, Snapshot snapshot, Duration pollInterval) {
        this.file = file;
        this.clock = clock;
        this.snapshot = snapshot;
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "signdesk-api-keys");
            t.setDaemon(true);
            return t;
        });
        long millis = pollInterval.toMillis();
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Reads the file and starts watching it.
     *
     * @throws IllegalArgumentException naming {@code credentials.apiKeysFile} and the file when it is
     *     missing, readable by other users or not a valid API key file
     */
    public static HashedApiKeys open(Path file, Clock clock) {
        return open(file, clock, POLL_INTERVAL);
    }

    static HashedApiKeys open(Path path, Clock clock, Duration pollInterval) {
        Objects.requireNonNull(clock, "clock");
        ApiKeyFile file = ApiKeyFile.at(path);
        Snapshot first = load(file);
        HashedApiKeys keys = new HashedApiKeys(file, clock, first, pollInterval);
        LOG.info("API keys: {} key(s) from {}", first.keys().size(), file.path());
        if (first.keys().isEmpty()) {
            LOG.warn("no API key in {}: every /v1 request is refused until 'signdesk keys add' adds one", file.path());
        }
        return keys;
    }

    @Override
    public Authentication authenticate(String presentedKey) {
        var presented = ApiKeyFile.split(presentedKey);
        if (presented.isEmpty()) {
            return Authentication.unknown();
        }
        ApiKeyFile.StoredKey stored = snapshot.keys().get(presented.get().id());
        if (stored == null || !stored.matches(presented.get().secret())) {
            return Authentication.unknown();
        }
        ApiKeyEntry entry = stored.entry();
        if (entry.expiredAt(clock.instant())) {
            return new Authentication.Expired(entry.name(), entry.lastDayOrNull());
        }
        return new Authentication.Authenticated(entry.principal());
    }

    /** How many keys are in force. */
    public int size() {
        return snapshot.keys().size();
    }

    /** The file the keys come from. */
    public Path file() {
        return file.path();
    }

    /** Stops watching the file. */
    @Override
    public void close() {
        watcher.shutdownNow();
    }

    @Override
    public String toString() {
        return "HashedApiKeys[" + size() + " keys from " + file.path() + "]";
    }

    /** Loads the file again when its stamp changed; on a fault keeps the keys in force. */
    void reloadIfChanged() {
        try {
            Stamp now = stamp(file.path());
            if (now.equals(snapshot.stamp()) || now.equals(refusedOrNull)) {
                return;
            }
            try {
                Snapshot next = load(file);
                int before = snapshot.keys().size();
                snapshot = next;
                refusedOrNull = null;
                LOG.info(
                        "API keys reloaded from {}: {} key(s), {} before",
                        file.path(),
                        next.keys().size(),
                        before);
            } catch (IllegalArgumentException e) {
                refusedOrNull = now;
                LOG.warn("API keys not reloaded, the {} key(s) read before stay in force: {}", size(), e.getMessage());
            }
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: the watcher must outlive any fault
            LOG.warn(
                    "API keys: unexpected fault while re-reading {}: {}",
                    file.path(),
                    e.getClass().getSimpleName());
        }
    }

    /** The stamp first, then the content: a change in between is seen again at the next look. */
    private static Snapshot load(ApiKeyFile file) {
        Stamp stamp = stamp(file.path());
        return new Snapshot(stamp, Map.copyOf(file.read()));
    }

    /** The file's stamp, or {@link #MISSING} when it cannot be looked at (then reading it fails with the reason). */
    private static Stamp stamp(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime(), a.size(), a.fileKey());
        } catch (IOException e) {
            return MISSING;
        }
    }
}
