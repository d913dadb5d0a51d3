package vn.signdesk.signing.tsa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.pki.DemoPki;

/**
 * The embedded authority checked by an independent implementation: OpenSSL builds the queries and
 * verifies the replies against the demo PKI files as written to disk.
 */
class EmbeddedTimestampAuthorityIT {

    @TempDir
    static Path pkiDir;

    @TempDir
    Path work;

    private static EmbeddedTimestampAuthority tsa;

    @BeforeAll
    static void createPki() {
        DemoPki pki = DemoPki.loadOrCreate(pkiDir, TsaTestSupport.PUBLIC_URL, Clock.systemUTC());
        tsa = new EmbeddedTimestampAuthority(
                pki.tsa().privateKey(),
                pki.tsa().chain(),
                TsaTestSupport.POLICY,
                Duration.ofSeconds(1),
                Clock.systemUTC());
        assertThat(pkiDir.resolve("root-ca.pem")).isRegularFile();
        assertThat(pkiDir.resolve("tsa-chain.pem")).isRegularFile();
    }

    @Test
    void respond_opensslQueryWithCert_opensslVerifiesOk() throws Exception {
        Path request = query("-sha256", "-cert");
        Path reply = answer(request);

        Result verify = openssl(
                "ts",
                "-verify",
                "-in",
                reply.toString(),
                "-queryfile",
                request.toString(),
                "-CAfile",
                pkiDir.resolve("root-ca.pem").toString(),
                "-untrusted",
                pkiDir.resolve("tsa-chain.pem").toString());

        assertThat(verify.output()).contains("Verification: OK");
        assertThat(verify.exitCode()).isZero();
    }

    @Test
    void respond_opensslQuery_replyTextShowsPolicyNonceAndAccuracy() throws Exception {
        Path request = query("-sha256", "-cert");
        String requestText =
                openssl("ts", "-query", "-in", request.toString(), "-text").output();
        String nonce = line(requestText, "Nonce:");

        Result reply = openssl("ts", "-reply", "-in", answer(request).toString(), "-text");

        assertThat(reply.exitCode()).isZero();
        assertThat(reply.output()).contains("Status: Granted.");
        assertThat(reply.output()).contains("Policy OID: " + TsaTestSupport.POLICY);
        assertThat(line(reply.output(), "Nonce:")).isEqualTo(nonce);
        assertThat(reply.output()).contains("Accuracy: 0x01 seconds");
        assertThat(reply.output()).contains("Hash Algorithm: sha256");
    }

    @Test
    void respond_opensslSha512QueryWithoutCert_opensslVerifiesOkWithUntrustedChain() throws Exception {
        Path request = query("-sha512");
        Path reply = answer(request);

        Result verify = openssl(
                "ts",
                "-verify",
                "-in",
                reply.toString(),
                "-queryfile",
                request.toString(),
                "-CAfile",
                pkiDir.resolve("root-ca.pem").toString(),
                "-untrusted",
                pkiDir.resolve("tsa-chain.pem").toString());

        assertThat(verify.output()).contains("Verification: OK");
    }

    @Test
    void respond_opensslQueryForOtherPolicy_opensslShowsRejection() throws Exception {
        Path request = query("-sha256", "-tspolicy", "1.3.6.1.4.1.99999.7");

        Result reply = openssl("ts", "-reply", "-in", answer(request).toString(), "-text");

        assertThat(reply.output()).contains("Status: Rejected.");
        assertThat(reply.output()).contains("Failure info: the requested TSA policy is not supported by the TSA");
        assertThat(reply.output()).contains("TST info:\nNot included.");
    }

    @Test
    void timestamp_inProcessToken_opensslVerifiesAgainstData() throws Exception {
        Path data = Files.writeString(work.resolve("data.txt"), "in-process token", StandardCharsets.UTF_8);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(data));
        Path token = Files.write(work.resolve("token.der"), tsa.timestamp(TsaTestSupport.SHA256, digest));

        Result verify = openssl(
                "ts",
                "-verify",
                "-token_in",
                "-in",
                token.toString(),
                "-data",
                data.toString(),
                "-CAfile",
                pkiDir.resolve("root-ca.pem").toString(),
                "-untrusted",
                pkiDir.resolve("tsa-chain.pem").toString());

        assertThat(verify.output()).contains("Verification: OK");
    }

    private Path query(String... options) throws Exception {
        Path data = Files.writeString(work.resolve("data.txt"), "a document to timestamp", StandardCharsets.UTF_8);
        Path request = work.resolve("req.tsq");
        List<String> command = new ArrayList<>(List.of("ts", "-query", "-data", data.toString()));
        command.addAll(List.of(options));
        command.addAll(List.of("-out", request.toString()));
        Result result = openssl(command.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.output()).isZero();
        return request;
    }

    private Path answer(Path request) throws IOException {
        byte[] reply = tsa.respond(Files.readAllBytes(request));
        return Files.write(work.resolve("reply.tsr"), reply);
    }

    private static String line(String text, String prefix) {
        return text.lines()
                .filter(l -> l.startsWith(prefix))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "' in:\n" + text));
    }

    private record Result(int exitCode, String output) {}

    private static Result openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openssl did not finish: " + command);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
