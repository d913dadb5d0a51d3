package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import vn.signdesk.api.SignDeskConfig;

/** Calls to a demo service on loopback and the checks every service test makes on its answers. */
final class DemoServerCalls {

    private DemoServerCalls() {}

    /** The demo service's settings with its data under {@code dataDir}, listening on a free port. */
    static SignDeskConfig demoConfig(Path dataDir) {
        return SignDeskConfig.fromEnvironment(
                Map.of("SIGNDESK_DATA_DIR", dataDir.toString(), "SIGNDESK_HTTP_PORT", "0"));
    }

    /**
     * Starts the demo service with the given settings, hands it to {@code listening} as soon as it
     * listens (so a test can close it even when it never gets ready), and completes when it is ready.
     */
    static Future<Void> startDemo(Vertx vertx, SignDeskConfig config, Consumer<SignDeskServer> listening) {
        return SignDeskServer.startDemo(vertx, config, Clock.systemUTC()).compose(s -> {
            listening.accept(s);
            return s.ready();
        });
    }

    /** One request to 127.0.0.1:{@code port}; headers and body are omitted when null. */
    static HttpResponse<Buffer> send(
            WebClient client,
            int port,
            HttpMethod method,
            String path,
            String contentType,
            String authorization,
            byte[] body) {
        HttpRequest<Buffer> request = client.request(method, port, "127.0.0.1", path);
        if (contentType != null) {
            request.putHeader("Content-Type", contentType);
        }
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }
        try {
            return (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body))).await(2, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer to " + method + " " + path, e);
        }
    }

    /** A problem+json answer with the given status and type, free of internals (nothing under {@code dir}). */
    static void assertProblem(HttpResponse<Buffer> r, int status, String type, Path dir) {
        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
        JsonObject problem = r.bodyAsJsonObject();
        assertThat(problem.getString("type")).isEqualTo("https://signdesk.vn/problems/" + type);
        assertThat(problem.getInteger("status")).isEqualTo(status);
        assertThat(problem.getString("title")).isNotBlank();
        assertThat(problem.getString("detail")).isNotBlank();
        assertThat(r.bodyAsString())
                .doesNotContain("Exception")
                .doesNotContain("\\tat ")
                .doesNotContain(dir.toString())
                .doesNotContain(".p12")
                .doesNotContain("password");
    }

    /** The demo API keys the service wrote into its data directory. */
    static JsonObject credentials(Path dataDir) {
        try {
            return new JsonObject(Files.readString(dataDir.resolve("demo-credentials.json")));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
