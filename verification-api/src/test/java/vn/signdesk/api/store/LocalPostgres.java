package vn.signdesk.api.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import vn.signdesk.api.SignDeskConfig.StoreLocation;

/**
 * A real PostgreSQL server for tests, from Debian's {@code postgresql} package: a fresh cluster in a
 * temporary directory, listening on a free loopback port, with a password-protected superuser
 * {@value #USER}, stopped and deleted by {@link #stop()} (the {@link #shared()} one at JVM exit).
 *
 * <p>PostgreSQL refuses to run as root, so as root {@code initdb} and {@code pg_ctl} run as the
 * {@code postgres} user ({@code runuser -u postgres --}) in a directory owned by it. A cluster takes
 * about a second to create and start, so tests share one per JVM; a test class takes a database of
 * its own ({@link #createDatabase()}) and empties it between its tests ({@link #empty}). Missing server binaries fail loudly, naming the package to install.
 */
public final class LocalPostgres {

    /** The superuser the tests and the service connect as. */
    public static final String USER = "signdesk";

    private static final Path INSTALLS = Path.of("/usr/lib/postgresql");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static LocalPostgres shared;

    private final Path dir;
    private final Path bin;
    private final int port;
    private final String password;
    private final java.util.Map<Class<?>, URI> byClass = new java.util.HashMap<>();

    private LocalPostgres(Path dir, Path bin, int port, String password) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.password = password;
    }

    /** The server shared by the tests of this JVM, started on first use and stopped at exit. */
    public static synchronized LocalPostgres shared() {
        if (shared == null) {
            LocalPostgres server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "local-postgres-stop"));
            shared = server;
        }
        return shared;
    }

    /** Creates and starts a server of its own; the caller stops it. */
    public static LocalPostgres start() {
        Path bin = serverBinaries();
        Path dir;
        try {
            dir = Files.createTempDirectory("signdesk-pg");
            String password = "pw-" + Long.toHexString(new java.security.SecureRandom().nextLong());
            Files.writeString(dir.resolve("password"), password + "\n", StandardCharsets.UTF_8);
            giveToPostgres(dir);
            run(
                    dir,
                    bin.resolve("initdb").toString(),
                    "-D",
                    dir.resolve("data").toString(),
                    "-U",
                    USER,
                    "--pwfile=" + dir.resolve("password"),
                    "--auth-host=scram-sha-256",
                    "--auth-local=trust",
                    "-E",
                    "UTF8",
                    "--locale=C",
                    "--no-sync");
            IOException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freePort();
                try {
                    pgCtl(
                            dir,
                            bin,
                            "-w",
                            "-t",
                            "60",
                            "-l",
                            dir.resolve("server.log").toString(),
                            "-o",
                            "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1",
                            "start");
                    return new LocalPostgres(dir, bin, port, password);
                } catch (IOException e) {
                    // the port was taken between the probe and the start: try another
                    last = e;
                }
            }
            throw new IllegalStateException("PostgreSQL did not start in " + dir, last);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up a PostgreSQL server for the tests", e);
        }
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} with the server binaries. */
    private static Path serverBinaries() {
        try (Stream<Path> versions = Files.list(INSTALLS)) {
            Optional<Path> bin = versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(
                            b -> Integer.parseInt(b.getParent().getFileName().toString())));
            if (bin.isPresent()) {
                return bin.get();
            }
        } catch (IOException | NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException("the PostgreSQL server (initdb, pg_ctl) is not installed under " + INSTALLS
                + "/VERSION/bin: install Debian's 'postgresql' package (scripts/install-deps.sh does)");
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void giveToPostgres(Path dir) throws IOException {
        if (!root()) {
            return;
        }
        UserPrincipal postgres =
                dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
        Files.setOwner(dir, postgres);
        Files.setOwner(dir.resolve("password"), postgres);
    }

    /** Runs a server command (as {@code postgres} when root); fails with its output when it fails. */
    private static void run(Path dir, String... command) throws IOException {
        List<String> line = new ArrayList<>();
        if (root()) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        Path log = Files.createTempFile("signdesk-pg-command", ".log");
        try {
            Process p = new ProcessBuilder(line)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command[0] + " did not finish within 90 s");
            }
            if (p.exitValue() != 0) {
                String serverLog = Files.exists(dir.resolve("server.log"))
                        ? Files.readString(dir.resolve("server.log"), StandardCharsets.UTF_8)
                        : "";
                throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
                        + Files.readString(log, StandardCharsets.UTF_8) + serverLog);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** {@code pg_ctl -D DIR/data ARGS}. */
    private static void pgCtl(Path dir, Path bin, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString()));
        command.addAll(List.of(args));
        run(dir, command.toArray(String[]::new));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The loopback port the server listens on. */
    public int port() {
        return port;
    }

    /** The file holding the password of {@value #USER}, as {@code SIGNDESK_STORE_PASSWORD_FILE} wants it. */
    public Path passwordFile() {
        return dir.resolve("password");
    }

    /** Creates a fresh, empty database and returns its URL, {@code postgresql://signdesk@127.0.0.1:PORT/NAME}. */
    public URI createDatabase() {
        String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = connect("postgres");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return URI.create("postgresql://" + USER + "@127.0.0.1:" + port + "/" + name);
    }

    /**
     * Empties a database of this server (drops and recreates its {@code public} schema), so that one
     * database serves the tests of a class one after the other: a database costs a few megabytes
     * and a third of a second to create, emptying it a few milliseconds. No connection may be open
     * on it.
     */
    public void empty(URI database) {
        try (Connection c = connect(database);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA public CASCADE");
            s.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot empty database " + database.getPath(), e);
        }
    }

    /**
     * The database of a test class, empty: created at the class's first call, emptied at each later
     * one (between its tests).
     */
    public synchronized URI emptyDatabaseFor(Class<?> testClass) {
        URI existing = byClass.get(testClass);
        if (existing == null) {
            URI created = createDatabase();
            byClass.put(testClass, created);
            return created;
        }
        empty(existing);
        return existing;
    }

    /** A fresh database as the service's setting. */
    public StoreLocation createStore() {
        return StoreLocation.postgres(createDatabase(), passwordFile());
    }

    /** A plain JDBC connection to a database of this server (for tests that look under the store). */
    public Connection connect(URI database) throws SQLException {
        return connect(database.getPath().substring(1));
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, USER, password);
    }

    /**
     * Stops the server and deletes its directory. The stop is {@code immediate}: the data is deleted
     * anyway, and the shutdown checkpoint of a clean stop would first flush every test database.
     */
    public void stop() {
        try {
            pgCtl(dir, bin, "-m", "immediate", "-w", "stop");
        } catch (IOException e) {
            System.err.println("LocalPostgres: " + e.getMessage());
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("LocalPostgres: cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
