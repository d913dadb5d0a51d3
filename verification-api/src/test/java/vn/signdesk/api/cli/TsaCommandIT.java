package vn.signdesk.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.http.ServiceJar;

/**
 * {@code signdesk tsa serve} as its own process ({@code java -jar signdesk.jar}) with a key and CA
 * made by {@code openssl}: {@code openssl ts -query} posted to it gets a reply that {@code openssl ts
 * -verify} accepts under the TSA's CA; a request for another policy is rejected as RFC 3161 says; a
 * password file others can read, a wrong password or a certificate that is not a TSA's stop the
 * start with a message.
 */
class TsaCommandIT {

    private static final String PASSWORD = "tsa-test-password";

    @TempDir
    static Path dir;

    static Process tsa;
    static int port;
    static final HttpClient HTTP = ServiceJar.httpClient();

    @BeforeAll
    static void start() throws Exception {
        openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "30",
                "-subj",
                "/CN=SignDesk Test TSA Root",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign");
        Files.writeString(
                dir.resolve("tsa.ext"),
                "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n");
        openssl(
                "req",
                "-new",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "tsa.key",
                "-out",
                "tsa.csr",
                "-subj",
                "/CN=SignDesk Test TSA/O=SignDesk Tests");
        openssl(
                "x509",
                "-req",
                "-in",
                "tsa.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "tsa.pem",
                "-days",
                "30",
                "-extfile",
                "tsa.ext");
        Path password = secretFile("tsa.password", PASSWORD + "\n");
        openssl(
                "pkcs12",
                "-export",
                "-inkey",
                "tsa.key",
                "-in",
                "tsa.pem",
                "-certfile",
                "ca.pem",
                "-out",
                "tsa.p12",
                "-passout",
                "file:" + password);

        port = ServiceJar.freePort();
        tsa = ServiceJar.command(
                        "tsa",
                        "serve",
                        "--p12",
                        "tsa.p12",
                        "--password-file",
                        "tsa.password",
                        "--port",
                        Integer.toString(port))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("tsa.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(dir.resolve("tsa.log")).contains("SignDesk TSA listening")) {
            assertThat(tsa.isAlive())
                    .as(Files.readString(dir.resolve("tsa.log")))
                    .isTrue();
            assertThat(System.nanoTime()).as("listening within 60 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (tsa != null) {
            tsa.destroy();
            assertThat(tsa.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        }
    }

    @Test
    void serve_opensslQuery_getsAReplyThatOpensslVerifiesUnderTheTsaCa() throws Exception {
        Files.writeString(dir.resolve("doc.txt"), "Quyết định số 1/QĐ");
        openssl("ts", "-query", "-data", "doc.txt", "-sha256", "-cert", "-out", "q.tsq");

        HttpResponse<byte[]> r = post(Files.readAllBytes(dir.resolve("q.tsq")), "application/timestamp-query");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/timestamp-reply");
        Files.write(dir.resolve("r.tsr"), r.body());
        assertThat(openssl(
                        "ts",
                        "-verify",
                        "-in",
                        "r.tsr",
                        "-queryfile",
                        "q.tsq",
                        "-CAfile",
                        "ca.pem",
                        "-untrusted",
                        "tsa.pem"))
                .contains("Verification: OK");
        assertThat(openssl("ts", "-reply", "-in", "r.tsr", "-text"))
                .contains("Status: Granted.")
                .contains("Policy OID: 1.3.6.1.4.1.55555.9.1")
                .contains("CN=SignDesk Test TSA");
        assertThat(Files.readString(dir.resolve("tsa.log")))
                .as("one line per request")
                .contains("POST /tsa");
    }

    @Test
    void serve_otherPolicyRequested_isRejectedInTheReply() throws Exception {
        Files.writeString(dir.resolve("doc2.txt"), "another document");
        openssl("ts", "-query", "-data", "doc2.txt", "-sha256", "-tspolicy", "1.2.3.4", "-out", "q2.tsq");

        HttpResponse<byte[]> r = post(Files.readAllBytes(dir.resolve("q2.tsq")), "application/timestamp-query");

        assertThat(r.statusCode()).isEqualTo(200);
        Files.write(dir.resolve("r2.tsr"), r.body());
        assertThat(openssl("ts", "-reply", "-in", "r2.tsr", "-text"))
                .contains("Status: Rejected")
                .contains("the requested TSA policy is not supported by the TSA");
    }

    @Test
    void serve_wrongMediaType_is415Problem() throws Exception {
        HttpResponse<byte[]> r = post("not a query".getBytes(StandardCharsets.UTF_8), "text/plain");

        assertThat(r.statusCode()).isEqualTo(415);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    }

    @Test
    void serve_passwordFileReadableByOthers_exits1SayingSo() throws Exception {
        Path open = secretFile("open.password", PASSWORD);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));

        Result r = cli("--p12", dir.resolve("tsa.p12").toString(), "--password-file", open.toString());

        assertThat(r.code).isEqualTo(1);
        assertThat(r.err)
                .isEqualTo("signdesk: --password-file: " + open + " can be read or changed by other users (mode"
                        + " rw-r--r--); it must be readable by its owner only: chmod 600 " + open + "\n");
    }

    @Test
    void serve_wrongPassword_exits1WithoutTheSecret() throws Exception {
        Path wrong = secretFile("wrong.password", "not-the-password");

        Result r = cli("--p12", dir.resolve("tsa.p12").toString(), "--password-file", wrong.toString());

        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("wrong password").doesNotContain("not-the-password");
    }

    @Test
    void serve_certificateWithoutTimeStampingUsage_exits1NamingTheRule() throws Exception {
        Path password = dir.resolve("tsa.password");
        openssl(
                "pkcs12",
                "-export",
                "-inkey",
                "ca.key",
                "-in",
                "ca.pem",
                "-out",
                "ca.p12",
                "-passout",
                "file:" + password);

        Result r = cli("--p12", dir.resolve("ca.p12").toString(), "--password-file", password.toString());

        assertThat(r.code).isEqualTo(1);
        assertThat(r.err)
                .startsWith("signdesk: --p12: " + dir.resolve("ca.p12") + " cannot serve as a timestamp authority:")
                .contains("RFC 3161 §2.3");
    }

    private record Result(int code, String err) {}

    /** {@code tsa serve} in-process, for the cases that stop before it listens. */
    private static Result cli(String... options) {
        List<String> args = new ArrayList<>(List.of("tsa", "serve"));
        args.addAll(List.of(options));
        args.addAll(List.of("--port", "0"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(
                        java.util.Map.of(),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Clock.systemUTC())
                .run(args);
        return new Result(code, err.toString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<byte[]> post(byte[] body, String type) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/tsa"))
                        .header("Content-Type", type)
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Path secretFile(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    /** Runs openssl in the test directory; fails with its output unless it exits 0. */
    private static String openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }
}
