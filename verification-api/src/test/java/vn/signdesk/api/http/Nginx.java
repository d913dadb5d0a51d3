package vn.signdesk.api.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * nginx from Debian's {@code nginx} package as the load balancer of local nodes: a configuration
 * written into a directory of its own (pid, logs and temporary files there too), listening on a
 * loopback port, run in the foreground ({@code daemon off}) and stopped by {@link #close()}.
 *
 * <p>What the configuration does, as an operator's would: round robin over the nodes on kept-alive
 * HTTP/1.1 connections; a node that refuses a connection, times out or answers 503 is skipped
 * for the request (nginx passes a POST on only when it was not sent yet) and rested for
 * {@value #FAIL_TIMEOUT_SECONDS} s; bodies up to {@value #MAX_BODY_MEGABYTES} MiB, buffered before
 * they are passed on. Open-source nginx has no active health checks: it learns of a dead node from
 * the requests that fail on it.
 */
public final class Nginx implements AutoCloseable {

    /** How long a node that failed is left out, in seconds. */
    static final int FAIL_TIMEOUT_SECONDS = 5;

    /** The largest request body passed on, in MiB (the service's own limits are lower). */
    static final int MAX_BODY_MEGABYTES = 256;

    private static final Path BINARY = Path.of("/usr/sbin/nginx");

    private final Process process;
    private final int port;
    private final Path dir;

    private Nginx(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    /**
     * Writes the configuration into {@code dir} and starts nginx on {@code port} in front of the
     * loopback ports {@code nodes}; returns once it accepts connections.
     */
    public static Nginx start(Path dir, int port, List<Integer> nodes) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(
                    BINARY + " is missing: install Debian's 'nginx' package (scripts/install-deps.sh does)");
        }
        Files.createDirectories(dir);
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, configuration(dir, port, nodes), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder(
                        BINARY.toString(),
                        "-p",
                        dir.toString(),
                        "-c",
                        conf.toString(),
                        "-e",
                        dir.resolve("error.log").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile())
                .start();
        Nginx nginx = new Nginx(p, port, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IllegalStateException("nginx stopped at its start: " + nginx.log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return nginx;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        nginx.close();
        throw new IllegalStateException("nginx not listening within 20 s: " + nginx.log());
    }

    /** The configuration text: everything in {@code dir}, nothing under /etc or /var. */
    static String configuration(Path dir, int port, List<Integer> nodes) {
        // the master switches its workers to 'nobody' when it runs as root, who could not write the
        // temporary directories here; without root the directive would only draw a warning
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        String servers = nodes.stream()
                .map(n -> "    server 127.0.0.1:%d max_fails=1 fail_timeout=%ds;".formatted(n, FAIL_TIMEOUT_SECONDS))
                .collect(Collectors.joining("\n"));
        return """
                %1$sdaemon off;
                worker_processes 1;
                pid %2$s/nginx.pid;
                error_log %2$s/error.log warn;
                events { worker_connections 1024; }
                http {
                  access_log %2$s/access.log;
                  client_body_temp_path %2$s/client_body;
                  proxy_temp_path %2$s/proxy;
                  fastcgi_temp_path %2$s/fastcgi;
                  uwsgi_temp_path %2$s/uwsgi;
                  scgi_temp_path %2$s/scgi;
                  client_max_body_size %3$dm;
                  client_body_buffer_size 1m;
                  proxy_buffer_size 32k;
                  proxy_buffers 16 32k;
                  upstream signdesk {
                    least_conn;
                %4$s
                    keepalive 32;
                  }
                  server {
                    listen 127.0.0.1:%5$d;
                    location / {
                      proxy_pass http://signdesk;
                      proxy_http_version 1.1;
                      proxy_set_header Connection "";
                      proxy_set_header Host $http_host;
                      proxy_set_header X-Forwarded-For $remote_addr;
                      proxy_next_upstream error timeout http_503;
                      proxy_next_upstream_tries 3;
                      proxy_connect_timeout 2s;
                      proxy_read_timeout 120s;
                      proxy_send_timeout 120s;
                    }
                  }
                }
                """
                .formatted(user, dir, MAX_BODY_MEGABYTES, servers, port);
    }

    /** Its address, {@code http://127.0.0.1:PORT}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Its error log so far, for failure messages. */
    public String log() {
        try {
            Path log = dir.resolve("error.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no error log)";
        } catch (IOException e) {
            return "(error log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Stops nginx (SIGTERM: a fast shutdown), forcibly if it does not stop within 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
