package vn.signdesk.signing.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.CertificateStatus;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.x509.revocation.ocsp.OCSPToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.pki.DemoPki;

/**
 * Certificate checks against an independent responder: {@code openssl ocsp} serving an index file
 * for two demo certificates, one good and one revoked, signed by the demo PKI's delegated responder.
 */
class OpensslOcspIT {

    private static final DateTimeFormatter INDEX_TIME =
            DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void ocsp_opensslResponder_answersGoodAndRevokedThroughTheCache() throws Exception {
        int port = freePort();
        DemoPki pki = DemoPki.createInMemory(URI.create("http://127.0.0.1:" + port), Clock.systemUTC());
        X509Certificate good = pki.residentEc().certificate();
        X509Certificate revoked = pki.revoked().certificate();
        Instant revokedAt = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        Files.writeString(
                dir.resolve("index.txt"),
                indexLine("V", good, null) + indexLine("R", revoked, revokedAt),
                StandardCharsets.US_ASCII);
        Pem.write(dir.resolve("issuing-ca.pem"), pki.issuingCa());
        Pem.write(dir.resolve("ocsp.pem"), pki.ocspResponder().certificate());
        Pem.write(dir.resolve("ocsp-key.pem"), pki.ocspResponder().privateKey());

        Process openssl = new ProcessBuilder(List.of(
                        "openssl",
                        "ocsp",
                        "-index",
                        "index.txt",
                        "-port",
                        Integer.toString(port),
                        "-rsigner",
                        "ocsp.pem",
                        "-rkey",
                        "ocsp-key.pem",
                        "-CA",
                        "issuing-ca.pem",
                        "-ndays",
                        "1",
                        "-nrequest",
                        "10",
                        "-ignore_err"))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        try {
            awaitListening(openssl, port);
            CertificateToken issuer = new CertificateToken(pki.issuingCa());
            try (CertificateChecks checks = CertificateChecks.create(
                    CertificateCheckConfig.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)))) {
                OCSPToken forGood = checks.ocspSource().getRevocationToken(new CertificateToken(good), issuer);
                OCSPToken forRevoked = checks.ocspSource().getRevocationToken(new CertificateToken(revoked), issuer);
                OCSPToken again = checks.ocspSource().getRevocationToken(new CertificateToken(revoked), issuer);

                assertThat(forGood.getStatus()).isEqualTo(CertificateStatus.GOOD);
                assertThat(forGood.isValid()).isTrue();
                assertThat(forGood.getNextUpdate()).isAfter(forGood.getThisUpdate());
                assertThat(forRevoked.getStatus()).isEqualTo(CertificateStatus.REVOKED);
                assertThat(forRevoked.getRevocationDate().toInstant()).isEqualTo(revokedAt);
                assertThat(again.getStatus()).isEqualTo(CertificateStatus.REVOKED);
                assertThat(checks.stats().ocsp().loads()).isEqualTo(2);
                assertThat(checks.stats().ocsp().hits()).isEqualTo(3);
            }
        } finally {
            openssl.destroy();
            if (!openssl.waitFor(5, TimeUnit.SECONDS)) {
                openssl.destroyForcibly();
            }
        }
    }

    /** One line of openssl's CA index: status, expiry, revocation, serial (hex), file, subject; tabs between. */
    private static String indexLine(String status, X509Certificate cert, Instant revokedAtOrNull) {
        String serial = cert.getSerialNumber().toString(16).toUpperCase();
        if (serial.length() % 2 != 0) {
            serial = "0" + serial;
        }
        String revocation = revokedAtOrNull == null ? "" : INDEX_TIME.format(revokedAtOrNull);
        return String.join(
                        "\t",
                        status,
                        INDEX_TIME.format(cert.getNotAfter().toInstant()),
                        revocation,
                        serial,
                        "unknown",
                        "/CN=" + new BigInteger(1, cert.getSerialNumber().toByteArray()))
                + "\n";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits for openssl's "ACCEPT" line rather than probing the port, which would use up a request. */
    private static void awaitListening(Process openssl, int port) throws Exception {
        CompletableFuture<String> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader out =
                        new BufferedReader(new InputStreamReader(openssl.getInputStream(), StandardCharsets.UTF_8));
                StringBuilder seen = new StringBuilder();
                String line;
                while ((line = out.readLine()) != null) {
                    seen.append(line).append('\n');
                    if (line.startsWith("ACCEPT")) {
                        // keep draining so that openssl never blocks on a full pipe
                        Thread drain = new Thread(() -> {
                            try {
                                out.transferTo(java.io.Writer.nullWriter());
                            } catch (IOException e) {
                                // the process ended
                            }
                        });
                        drain.setDaemon(true);
                        drain.start();
                        return line;
                    }
                }
                throw new IllegalStateException("openssl ocsp ended without listening:\n" + seen);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(accepted.get(10, TimeUnit.SECONDS)).contains(Integer.toString(port));
    }
}
