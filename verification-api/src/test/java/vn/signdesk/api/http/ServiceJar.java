package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The built service jar ({@code target/signdesk.jar}, made by {@code package} before the ITs) run as
 * its own process, as an operator runs it: the command line, free loopback ports, waiting for
 * readiness.
 */
public final class ServiceJar {

    /**
     * The jar {@code ./signdesk} runs: {@code target/signdesk.jar} of the module, or the one the
     * system property {@code signdesk.jar} names (for a run from another directory).
     */
    public static final Path JAR =
            Path.of(System.getProperty("signdesk.jar", "target/signdesk.jar")).toAbsolutePath();

    private ServiceJar() {}

    /** {@code java -jar signdesk.jar ARGS} with the JVM that runs the tests. */
    public static ProcessBuilder command(String... args) {
        return command(List.of(), args);
    }

    /** {@code java JVM_OPTIONS -jar signdesk.jar ARGS} with the JVM that runs the tests: the process is the JVM itself. */
    public static ProcessBuilder command(List<String> jvmOptions, String... args) {
        assertThat(JAR)
                .as("the service jar is built by 'package' before the ITs")
                .isRegularFile();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** An HTTP/1.1 client for loopback calls. */
    public static HttpClient httpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** A loopback port free at the moment of asking. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /**
     * Waits up to two minutes until {@code GET /health/ready} answers 200, failing with the server's
     * log when it dies or does not get ready.
     */
    public static void awaitReady(HttpClient http, int port, Process server, Path log) throws Exception {
        URI ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
        // a node that warms itself up (SIGNDESK_WARMUP_MAX_SECONDS, inherited) is ready that much later
        long seconds = 120 + warmupSeconds();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as(Files.readString(log)).isTrue();
            try {
                if (http.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // the port opens a moment after the JVM starts
            }
            Thread.sleep(250);
        }
        throw new AssertionError("serve not ready within " + seconds + " s: " + Files.readString(log));
    }

    private static long warmupSeconds() {
        String value = System.getenv("SIGNDESK_WARMUP_MAX_SECONDS");
        return value != null && value.matches("[0-9]{1,4}") ? Long.parseLong(value) : 0;
    }
}
