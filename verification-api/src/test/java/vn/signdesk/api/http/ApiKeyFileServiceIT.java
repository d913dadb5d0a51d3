package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API key file in a running service ({@code java -jar signdesk.jar}): {@code signdesk keys add}
 * and {@code keys revoke}, run as separate processes, take effect without a restart; an expired key
 * gets a 401 that says so; and no key, secret, salt or hash appears in any log line (the service logs
 * at DEBUG), problem body or {@code /metrics}.
 *
 * <p>The service runs in demo mode with {@code SIGNDESK_API_KEYS_FILE} set: it accepts the file's
 * keys beside the demo ones. {@code GET /v1/admin/audit/verify} tells the cases apart: 200 for an
 * admin key, 403 for a known key of another role, 401 for an unknown, revoked or expired one.
 */
class ApiKeyFileServiceIT {

    private static final Duration TAKES_EFFECT_WITHIN = Duration.ofSeconds(10);

    @TempDir
    Path work;

    private final HttpClient http = ServiceJar.httpClient();
    private final List<String> bodies = new ArrayList<>();
    private final Set<String> secrets = new LinkedHashSet<>();
    private int port;

    private Path keysFile() {
        return work.resolve("credentials/api-keys.json");
    }

    @Test
    void keysAddAndRevoke_inARunningService_takeEffectWithoutRestartAndNeverShowAKey() throws Exception {
        String admin = keysAdd("--name", "ops", "--role", "admin");
        port = ServiceJar.freePort();
        Process server = serve();
        try {
            awaitReady(server);
            assertThat(audit(admin).statusCode()).isEqualTo(200);

            String branch = keysAdd("--name", "desk-7", "--role", "branch");
            long added = System.nanoTime();
            HttpResponse<String> known = awaitAnswer(branch, r -> r.statusCode() != 401);
            System.out.printf(
                    "API key file: a key added with 'keys add' was in force after %d ms%n",
                    (System.nanoTime() - added) / 1_000_000);
            assertThat(known.statusCode())
                    .as("a known branch key is refused the admin route")
                    .isEqualTo(403);

            HttpResponse<String> unknown = audit("sdk_0123456789ab_" + "A".repeat(43));
            assertThat(unknown.statusCode()).isEqualTo(401);
            assertThat(new JsonObject(unknown.body()).getString("detail")).isEqualTo("the API key is not known");

            assertThat(signdesk("keys", "revoke", "ops").exitCode).isZero();
            HttpResponse<String> revoked = awaitAnswer(admin, r -> r.statusCode() == 401);
            assertThat(new JsonObject(revoked.body()).getString("detail")).isEqualTo("the API key is not known");
            assertThat(audit(branch).statusCode()).as("the other key stays").isEqualTo(403);

            String temp = keysAdd("--name", "temp", "--role", "admin", "--expires", today().toString());
            awaitAnswer(temp, r -> r.statusCode() == 200);
            setLastDay("temp", today().minusDays(1));
            HttpResponse<String> expired = awaitAnswer(temp, r -> r.statusCode() == 401);
            assertThat(new JsonObject(expired.body()).getString("detail"))
                    .isEqualTo("the API key 'temp' expired: its last day was " + today().minusDays(1)
                            + "; ask the operator for a new key");
            assertThat(expired.headers().firstValue("WWW-Authenticate"))
                    .contains("Bearer realm=\"signdesk\", error=\"invalid_token\"");

            bodies.add(get("/metrics").body());
        } finally {
            server.destroy();
            assertThat(server.waitFor(60, TimeUnit.SECONDS))
                    .as("serve stops on SIGTERM")
                    .isTrue();
        }

        String log = Files.readString(work.resolve("serve.log"));
        assertThat(log).as("the service logged at DEBUG").contains("DEBUG").contains("API keys reloaded");
        assertThat(secrets)
                .as("3 keys and secrets, 3 hashes and salts in two encodings")
                .hasSize(3 * 2 + 3 * 4);
        for (String secret : secrets) {
            assertThat(log).as("the service log").doesNotContain(secret);
            assertThat(bodies).as("answers and /metrics").noneMatch(b -> b.contains(secret));
        }
    }

    /** Notes the key, its secret, and the hashes and salts now in the file (base64 and hex). */
    private void noteSecrets(String key) throws IOException {
        secrets.add(key);
        secrets.add(key.substring(17));
        JsonArray stored = new JsonObject(Files.readString(keysFile())).getJsonArray("keys");
        for (int i = 0; i < stored.size(); i++) {
            for (String field : List.of("sha256", "salt")) {
                String base64 = stored.getJsonObject(i).getString(field);
                secrets.add(base64);
                secrets.add(HexFormat.of().formatHex(Base64.getDecoder().decode(base64)));
            }
        }
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.ofHours(7));
    }

    /** Edits the file as an operator's editor would: a new file renamed into place, owner-only. */
    private void setLastDay(String name, LocalDate day) throws IOException {
        JsonObject json = new JsonObject(Files.readString(keysFile()));
        json.getJsonArray("keys").stream()
                .map(JsonObject.class::cast)
                .filter(k -> k.getString("name").equals(name))
                .forEach(k -> k.put("expires", day.toString()));
        Path tmp = Files.createTempFile(
                keysFile().getParent(),
                "edit",
                ".json",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, json.encodePrettily());
        Files.move(tmp, keysFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private HttpResponse<String> awaitAnswer(String key, Predicate<HttpResponse<String>> wanted) throws Exception {
        long deadline = System.nanoTime() + TAKES_EFFECT_WITHIN.toNanos();
        HttpResponse<String> r = audit(key);
        while (!wanted.test(r) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = audit(key);
        }
        assertThat(wanted.test(r))
                .as("within %s: last answer %d %s", TAKES_EFFECT_WITHIN, r.statusCode(), r.body())
                .isTrue();
        return r;
    }

    private HttpResponse<String> audit(String key) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/admin/audit/verify"))
                        .header("Authorization", "Bearer " + key)
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        bodies.add(r.body());
        return r;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String keysAdd(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("keys", "add"));
        all.addAll(List.of(args));
        Run run = signdesk(all.toArray(String[]::new));
        assertThat(run.exitCode).as(run.stderr).isZero();
        assertThat(run.stdout).as("the key alone on one line").matches("sdk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\n");
        String key = run.stdout.trim();
        noteSecrets(key);
        return key;
    }

    private record Run(int exitCode, String stdout, String stderr) {}

    private Run signdesk(String... args) throws Exception {
        ProcessBuilder pb = ServiceJar.command(args).directory(work.toFile());
        pb.environment().put("SIGNDESK_API_KEYS_FILE", keysFile().toString());
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Run run = new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return run;
    }

    private Process serve() throws IOException {
        ProcessBuilder serve = ServiceJar.command("serve")
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("serve.log").toFile());
        serve.environment().put("SIGNDESK_HTTP_PORT", Integer.toString(port));
        serve.environment().put("SIGNDESK_DATA_DIR", work.resolve("data").toString());
        serve.environment().put("SIGNDESK_API_KEYS_FILE", keysFile().toString());
        serve.environment().put("SIGNDESK_LOG_LEVEL", "DEBUG");
        return serve.start();
    }

    private void awaitReady(Process server) throws Exception {
        ServiceJar.awaitReady(http, port, server, work.resolve("serve.log"));
    }
}
