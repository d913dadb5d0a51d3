package vn.signdesk.api.http;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import vn.signdesk.api.store.LocalPostgres;

/**
 * Several demo nodes of the built service ({@link ServiceJar}), each its own JVM, on one PostgreSQL
 * database ({@link LocalPostgres}) and one data directory, behind {@link Nginx} on loopback: the
 * set-up the README describes for trying several nodes on one machine. The first node starts
 * alone (it creates the demo PKI and credentials), the others then start together. Every node's
 * public URL is nginx's, so the signatures' timestamps come through the load balancer too.
 *
 * <p>{@link #main} runs one for the load runner ({@code load-tests/run.sh cluster}).
 */
public final class LocalCluster implements AutoCloseable {

    /** The nodes' job lease ({@code store.leaseSeconds}). */
    static final Duration LEASE = Duration.ofSeconds(8);

    /** One node: its port stays the same across a restart, so nginx finds it again. */
    public static final class Node {
        private final int port;
        private final Path dir;
        private final String name;
        private int runs;
        private Process process;

        private Node(int port, Path dir, String name) {
            this.port = port;
            this.dir = dir;
            this.name = name;
        }

        /** Its loopback port. */
        public int port() {
            return port;
        }

        /** Its JVM (the process is {@code java} itself, no wrapper). */
        public Process process() {
            return process;
        }

        /** The output of its latest run: {@code node-I.log}, {@code node-I.2.log} after a restart. */
        public Path log() {
            return dir.resolve(runs <= 1 ? name + ".log" : name + "." + runs + ".log");
        }
    }

    private final Path dir;
    private final URI database;
    private final Path passwordFile;
    private final List<String> jvmOptions;
    private final List<Node> nodes = new ArrayList<>();
    private final HttpClient http = ServiceJar.httpClient();
    private Nginx nginx;

    private LocalCluster(Path dir, URI database, Path passwordFile, List<String> jvmOptions) {
        this.dir = dir;
        this.database = database;
        this.passwordFile = passwordFile;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * Starts {@code count} nodes on a fresh database of {@code postgres}, with everything in
     * {@code dir}, and nginx in front of them; returns once every node is ready.
     */
    public static LocalCluster start(LocalPostgres postgres, Path dir, int count, List<String> jvmOptions)
            throws Exception {
        LocalCluster cluster = new LocalCluster(dir, postgres.createDatabase(), postgres.passwordFile(), jvmOptions);
        try {
            cluster.startAll(count);
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    private void startAll(int count) throws Exception {
        int nginxPort = ServiceJar.freePort();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int port = ServiceJar.freePort();
            ports.add(port);
            nodes.add(new Node(port, dir, "node-" + i));
        }
        nginx = Nginx.start(dir.resolve("nginx"), nginxPort, ports);
        launch(nodes.get(0));
        awaitReady(nodes.get(0));
        for (Node n : nodes.subList(1, count)) {
            launch(n);
        }
        for (Node n : nodes.subList(1, count)) {
            awaitReady(n);
        }
    }

    private void launch(Node node) throws IOException {
        node.runs++;
        ProcessBuilder serve = ServiceJar.command(jvmOptions, "serve")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(node.log().toFile());
        serve.environment().put("SIGNDESK_MODE", "demo");
        serve.environment().put("SIGNDESK_HTTP_PORT", Integer.toString(node.port));
        serve.environment().put("SIGNDESK_DATA_DIR", dataDir().toString());
        serve.environment().put("SIGNDESK_STORE_URL", database.toString());
        serve.environment().put("SIGNDESK_STORE_PASSWORD_FILE", passwordFile.toString());
        serve.environment().put("SIGNDESK_PUBLIC_URL", url().toString());
        serve.environment().put("OMP_THREAD_LIMIT", "1");
        // leases of a few seconds, so that a killed node's jobs are taken over soon
        serve.environment().put("SIGNDESK_STORE_LEASE_SECONDS", Long.toString(LEASE.toSeconds()));
        node.process = serve.start();
    }

    private void awaitReady(Node node) throws Exception {
        ServiceJar.awaitReady(http, node.port, node.process, node.log());
    }

    /** nginx's address: the cluster's. */
    public URI url() {
        return nginx.url();
    }

    /** The nodes' shared data directory (demo PKI, {@code demo-credentials.json}). */
    public Path dataDir() {
        return dir.resolve("data");
    }

    /** The database all nodes share, {@code postgresql://signdesk@127.0.0.1:PORT/NAME}. */
    public URI database() {
        return database;
    }

    /** The nodes, in start order. */
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** The demo API key of a role, as the first node wrote it. */
    public String key(String role) {
        try {
            return new JsonObject(Files.readString(dataDir().resolve(ApiKeys.DEMO_FILE))).getString(role);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills a node's JVM with SIGKILL and waits for it to be gone. */
    public void kill(Node node) throws InterruptedException {
        node.process.destroyForcibly();
        if (!node.process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("node on port " + node.port + " survived SIGKILL");
        }
    }

    /** Starts a stopped node again on its port, logging to a new file; returns once it is ready. */
    public void restart(Node node) throws Exception {
        if (node.process.isAlive()) {
            throw new IllegalStateException("node on port " + node.port + " is still running");
        }
        launch(node);
        awaitReady(node);
    }

    /** The logs of every run of every node so far. */
    public List<Path> logs() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("node-\\d+(\\.\\d+)?\\.log"))
                    .sorted()
                    .toList();
        }
    }

    /** Stops every node (SIGTERM, then SIGKILL after 30 s) and nginx. */
    @Override
    public void close() {
        for (Node n : nodes) {
            if (n.process != null) {
                n.process.destroy();
            }
        }
        for (Node n : nodes) {
            if (n.process == null) {
                continue;
            }
            try {
                if (!n.process.waitFor(30, TimeUnit.SECONDS)) {
                    n.process.destroyForcibly();
                    n.process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                n.process.destroyForcibly();
            }
        }
        if (nginx != null) {
            nginx.close();
        }
    }

    /**
     * Runs a cluster until its standard input closes: {@code LocalCluster --nodes N --dir DIR
     * [JVM_OPTION...]}. Starts its own PostgreSQL server; prints {@code url URL}, {@code data DIR}
     * and {@code pids PID,...} once every node is ready.
     */
    public static void main(String[] args) throws Exception {
        int count = 3;
        Path dir = null;
        List<String> jvm = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> count = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> jvm.add(args[i]);
            }
        }
        if (dir == null || count < 1) {
            throw new IllegalArgumentException("usage: LocalCluster --nodes N --dir DIR [JVM_OPTION...]");
        }
        Files.createDirectories(dir);
        LocalPostgres postgres = LocalPostgres.start();
        try (LocalCluster cluster = start(postgres, dir, count, jvm)) {
            System.out.println("url " + cluster.url());
            System.out.println("data " + cluster.dataDir());
            System.out.println("pids "
                    + String.join(
                            ",",
                            cluster.nodes().stream()
                                    .map(n -> Long.toString(n.process().pid()))
                                    .toList()));
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until the caller closes our input
            }
        } finally {
            postgres.stop();
            System.out.println("stopped");
        }
    }
}
