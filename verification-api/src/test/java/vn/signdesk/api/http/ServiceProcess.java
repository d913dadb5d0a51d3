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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The built service ({@code java -jar target/signdesk.jar serve}) as a process of its own, on loopback. */
final class ServiceProcess {

    static final Path JAR = Path.of("target/signdesk.jar").toAbsolutePath();

    private ServiceProcess() {}

    /** A client for the service: HTTP/1.1 (the service's listener), a short connect timeout. */
    static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /**
     * Starts {@code serve} in {@code work} with its output in {@code work/log}.
     *
     * @param jvmOptions options before {@code -jar}, e.g. a fixed heap
     * @param env variables added to the environment, e.g. {@code SIGNDESK_HTTP_PORT}
     */
    static Process serve(Path work, String log, List<String> jvmOptions, Map<String, String> env) throws IOException {
        assertThat(JAR)
                .as("the service jar is built by 'package' before the ITs")
                .isRegularFile();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString(), "serve"));
        ProcessBuilder serve = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(log).toFile());
        serve.environment().putAll(env);
        return serve.start();
    }

    /** Waits until {@code /health/ready} answers 200; fails with the log if the process dies or 120 s pass. */
    static void awaitReady(HttpClient http, int port, Process server, Path log) throws Exception {
        URI ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
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
        throw new AssertionError("serve not ready within 120 s: " + Files.readString(log));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
