package vn.signdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.credentials.ApiKeyEntry;
import vn.signdesk.api.credentials.ApiKeyFile;
import vn.signdesk.api.http.ServiceJar;

/**
 * {@code examples/production}: {@code setup.sh DIR} makes the token, keys, certificates, secrets and
 * credentials an operator would; {@code start-peers.sh DIR} runs the external TSA and the OCSP
 * responders; the peers answer as real ones do (checked with {@code openssl ocsp}, {@code openssl ts}
 * and {@code pkcs11-tool}); {@code revoke.sh} revokes; {@code stop-peers.sh} stops them. No secret
 * the scripts create is printed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionExampleIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path EXAMPLE = REPO.resolve("examples/production");
    private static final String MODULE = "/usr/lib/softhsm/libsofthsm2.so";

    @TempDir
    static Path work;

    static Path dir;
    static Map<String, String> ports;
    static final StringBuilder PRINTED = new StringBuilder();

    private record Run(int code, String output) {}

    @BeforeAll
    static void setUpAndStartPeers() throws Exception {
        ServiceJar.command(); // the jar ./signdesk runs is built
        dir = work.resolve("example");
        Run setup = run(Map.of(), EXAMPLE.resolve("setup.sh").toString(), dir.toString());
        assertThat(setup.code).as(setup.output).isZero();
        Run peers = run(Map.of(), EXAMPLE.resolve("start-peers.sh").toString(), dir.toString());
        assertThat(peers.code).as(peers.output + logs()).isZero();
        ports = new java.util.HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("peers.env"))) {
            String[] kv = line.split("=", 2);
            ports.put(kv[0], kv[1]);
        }
    }

    @AfterAll
    static void stopPeers() throws Exception {
        if (dir != null && Files.exists(dir.resolve("peers.pids"))) {
            run(Map.of(), EXAMPLE.resolve("stop-peers.sh").toString(), dir.toString());
        }
    }

    @Test
    @Order(1)
    void setup_secretsAreOwnerOnlyFilesInAnOwnerOnlyDirectory() throws IOException {
        assertThat(mode(dir.resolve("secrets"))).isEqualTo("rwx------");
        try (Stream<Path> secrets = Files.list(dir.resolve("secrets"))) {
            assertThat(secrets.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(
                            "token.pin",
                            "token-so.pin",
                            "ca.password",
                            "branch-copy.password",
                            "tsa.password",
                            "ocsp.key",
                            "root-ocsp.key");
        }
        try (Stream<Path> secrets = Files.list(dir.resolve("secrets"))) {
            assertThat(secrets)
                    .allSatisfy(p -> assertThat(mode(p)).as(p.toString()).isEqualTo("rw-------"));
        }
        assertThat(mode(dir.resolve("credentials.json"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("credentials/api-keys.json"))).isEqualTo("rw-------");
        assertThat(dir.resolve("softhsm/softhsm2.conf")).isRegularFile();
        assertThat(dir.resolve("images/seal.png")).isRegularFile();
        assertThat(dir.resolve("images/signature.png")).isRegularFile();
    }

    @Test
    @Order(1)
    void setup_credentialsHoldOneKeyPerRoleWhoseHashesAreInTheKeyFile() throws IOException {
        JsonObject credentials = new JsonObject(Files.readString(dir.resolve("credentials.json")));
        assertThat(credentials.fieldNames()).containsExactly("resident", "branch", "department", "admin");
        List<ApiKeyEntry> entries =
                ApiKeyFile.at(dir.resolve("credentials/api-keys.json")).list();
        assertThat(entries).extracting(ApiKeyEntry::name).containsExactly("resident", "branch", "department", "admin");
        String stored = Files.readString(dir.resolve("credentials/api-keys.json"));
        for (ApiKeyEntry entry : entries) {
            String key = credentials.getString(entry.name());
            assertThat(key).matches("sdk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}");
            assertThat(entry.roles()).containsExactly(entry.name());
            assertThat(key.substring(4, 16)).isEqualTo(entry.id());
            assertThat(stored).doesNotContain(key.substring(17));
        }
    }

    @Test
    @Order(1)
    void setup_configurationNamesTheExampleMaterial() throws IOException {
        String yaml = Files.readString(dir.resolve("signdesk.yaml"));
        assertThat(yaml)
                .contains("mode: production")
                .contains("tokenLabel: signdesk")
                .contains("keyLabel: department-seal")
                .contains("pinFile: secrets/token.pin")
                .contains("file: keys/branch-copy.p12")
                .contains("url: http://127.0.0.1:" + ports.get("TSA_PORT") + "/tsa")
                .contains("anchors: [certs/root-ca.pem]")
                .contains("bundles: [vn]")
                .contains("apiKeysFile: credentials/api-keys.json");
    }

    @Test
    @Order(1)
    void setup_nonEmptyDirectory_isRefusedAndLeftAlone() throws Exception {
        Run again = run(Map.of(), EXAMPLE.resolve("setup.sh").toString(), dir.toString());

        assertThat(again.code).isEqualTo(1);
        assertThat(again.output).contains("is not empty");
        assertThat(dir.resolve("logs/setup-keys.log")).isRegularFile();
    }

    @Test
    @Order(1)
    void peers_ocspResponderSaysGoodForTheSignersAndTheIssuingCa() throws Exception {
        String issued = openssl(
                "ocsp",
                "-issuer",
                "certs/issuing-ca.pem",
                "-cert",
                "certs/department-seal.pem",
                "-cert",
                "certs/tsa.pem",
                "-url",
                "http://127.0.0.1:" + ports.get("OCSP_PORT"),
                "-CAfile",
                "certs/root-ca.pem",
                "-verify_other",
                "certs/issuing-ca.pem");
        assertThat(issued)
                .contains("Response verify OK")
                .contains("certs/department-seal.pem: good")
                .contains("certs/tsa.pem: good");
        String root = openssl(
                "ocsp",
                "-issuer",
                "certs/root-ca.pem",
                "-cert",
                "certs/issuing-ca.pem",
                "-url",
                "http://127.0.0.1:" + ports.get("ROOT_OCSP_PORT"),
                "-CAfile",
                "certs/root-ca.pem");
        assertThat(root).contains("Response verify OK").contains("certs/issuing-ca.pem: good");
    }

    @Test
    @Order(1)
    void peers_tsaReplyVerifiesUnderTheExampleCaWithTheExampleTsaCertificate() throws Exception {
        Files.writeString(work.resolve("doc.txt"), "Quyết định");
        openssl(
                "ts",
                "-query",
                "-data",
                work.resolve("doc.txt").toString(),
                "-sha256",
                "-cert",
                "-out",
                work.resolve("q.tsq").toString());

        HttpResponse<byte[]> r = ServiceJar.httpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get("TSA_PORT") + "/tsa"))
                                .header("Content-Type", "application/timestamp-query")
                                .timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofFile(work.resolve("q.tsq")))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());

        assertThat(r.statusCode()).isEqualTo(200);
        Files.write(work.resolve("r.tsr"), r.body());
        assertThat(openssl(
                        "ts",
                        "-verify",
                        "-in",
                        work.resolve("r.tsr").toString(),
                        "-queryfile",
                        work.resolve("q.tsq").toString(),
                        "-CAfile",
                        "certs/root-ca.pem",
                        "-untrusted",
                        "certs/tsa-chain.pem"))
                .contains("Verification: OK");
        assertThat(openssl("ts", "-reply", "-in", work.resolve("r.tsr").toString(), "-text"))
                .contains("CN=SignDesk Example Timestamp Authority");
    }

    @Test
    @Order(1)
    void token_holdsTheSealKeyWhoseCertificateIsTheCasAndSignsInTheToken() throws Exception {
        Map<String, String> env = Map.of(
                "SOFTHSM2_CONF", dir.resolve("softhsm/softhsm2.conf").toString(),
                "USER_PIN", Files.readString(dir.resolve("secrets/token.pin")));
        Run list = run(env, "pkcs11-tool", "--module", MODULE, "--login", "--pin", "env:USER_PIN", "-O");
        assertThat(list.code).as(list.output).isZero();
        assertThat(list.output)
                .contains("Private Key Object; RSA")
                .contains("label:      department-seal")
                .contains("label:      issuing-ca")
                .contains("label:      root-ca");

        // a signature made in the token verifies under the certificate the CA issued
        Files.writeString(work.resolve("data.txt"), "văn bản");
        Run sign = run(
                env,
                "pkcs11-tool",
                "--module",
                MODULE,
                "--login",
                "--pin",
                "env:USER_PIN",
                "--sign",
                "--id",
                "5e01",
                "--mechanism",
                "SHA256-RSA-PKCS",
                "--input-file",
                work.resolve("data.txt").toString(),
                "--output-file",
                work.resolve("data.sig").toString());
        assertThat(sign.code).as(sign.output).isZero();
        openssl(
                "x509",
                "-in",
                "certs/department-seal.pem",
                "-pubkey",
                "-noout",
                "-out",
                work.resolve("seal-pub.pem").toString());
        assertThat(openssl(
                        "dgst",
                        "-sha256",
                        "-verify",
                        work.resolve("seal-pub.pem").toString(),
                        "-signature",
                        work.resolve("data.sig").toString(),
                        work.resolve("data.txt").toString()))
                .contains("Verified OK");
        assertThat(openssl(
                        "verify",
                        "-CAfile",
                        "certs/root-ca.pem",
                        "-untrusted",
                        "certs/issuing-ca.pem",
                        "certs/department-seal.pem"))
                .contains("OK");
    }

    @Test
    @Order(2)
    void revoke_branchCopy_responderSaysRevoked() throws Exception {
        Run revoke = run(Map.of(), EXAMPLE.resolve("revoke.sh").toString(), dir.toString(), "branch-copy");

        assertThat(revoke.code).as(revoke.output).isZero();
        assertThat(openssl(
                        "ocsp",
                        "-issuer",
                        "certs/issuing-ca.pem",
                        "-cert",
                        "certs/branch-copy.pem",
                        "-url",
                        "http://127.0.0.1:" + ports.get("OCSP_PORT"),
                        "-CAfile",
                        "certs/root-ca.pem",
                        "-verify_other",
                        "certs/issuing-ca.pem"))
                .contains("certs/branch-copy.pem: revoked")
                .contains("Reason: keyCompromise");
    }

    @Test
    @Order(3)
    void stopPeers_stopsEveryPeerAndNoSecretWasPrinted() throws Exception {
        List<Long> pids = Files.readAllLines(dir.resolve("peers.pids")).stream()
                .map(Long::parseLong)
                .toList();
        assertThat(pids).hasSize(3);

        Run stop = run(Map.of(), EXAMPLE.resolve("stop-peers.sh").toString(), dir.toString());

        assertThat(stop.code).as(stop.output).isZero();
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                    .as("PID " + pid)
                    .isEmpty();
        }
        assertThat(dir.resolve("peers.pids")).doesNotExist();
        List<String> secrets = new ArrayList<>();
        for (String name :
                List.of("token.pin", "token-so.pin", "ca.password", "branch-copy.password", "tsa.password")) {
            secrets.add(Files.readString(dir.resolve("secrets").resolve(name)));
        }
        new JsonObject(Files.readString(dir.resolve("credentials.json")))
                .forEach(e -> secrets.add((String) e.getValue()));
        String logs = logs();
        for (String secret : secrets) {
            assertThat(PRINTED.toString()).as("what the scripts printed").doesNotContain(secret);
            assertThat(logs).as("the logs in DIR/logs").doesNotContain(secret);
        }
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(dir.resolve("logs"))) {
            for (Path f : files.toList()) {
                all.append("\n== ").append(f.getFileName()).append('\n').append(Files.readString(f));
            }
        }
        return all.toString();
    }

    /** Runs openssl in DIR; fails with its output unless it exits 0. */
    private static String openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Run r = run(Map.of(), command.toArray(String[]::new));
        assertThat(r.code).as(String.join(" ", command) + "\n" + r.output).isZero();
        return r.output;
    }

    /** Runs a command in DIR (once it exists) with stderr in its output, which is also noted in {@link #PRINTED}. */
    private static Run run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory((dir != null && Files.isDirectory(dir) ? dir : work).toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().remove("SIGNDESK_CONFIG");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as(String.join(" ", command)).isTrue();
        PRINTED.append(out);
        return new Run(p.exitValue(), out);
    }
}
