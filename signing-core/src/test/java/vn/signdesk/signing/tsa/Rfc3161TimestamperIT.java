package vn.signdesk.signing.tsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static vn.signdesk.signing.tsa.TsaTestSupport.SHA256;
import static vn.signdesk.signing.tsa.TsaTestSupport.encoded;
import static vn.signdesk.signing.tsa.TsaTestSupport.pki;
import static vn.signdesk.signing.tsa.TsaTestSupport.sha256;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.TimestampType;
import eu.europa.esig.dss.spi.x509.tsp.TimestampToken;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.signdesk.signing.TimestampUnavailableException;
import vn.signdesk.signing.tsa.Rfc3161Timestamper.Config;
import vn.signdesk.signing.tsa.Rfc3161Timestamper.Endpoint;

/** The TSA client pool against real HTTP servers on 127.0.0.1, honest and misbehaving. */
class Rfc3161TimestamperIT {

    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration READ = Duration.ofSeconds(1);

    private final EmbeddedTimestampAuthority authority = TsaTestSupport.authority();
    private final List<LoopbackTsaServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(LoopbackTsaServer::close);
    }

    @Test
    void timestamp_healthyTsa_returnsVerifiedTokenOverImprint() throws Exception {
        LoopbackTsaServer tsa = start(LoopbackTsaServer.honest(authority));
        byte[] digest = sha256("healthy");

        byte[] der = pool(config(tsa.url())).timestamp(SHA256, digest);

        TimeStampToken token = new TimeStampToken(new CMSSignedData(der));
        assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(digest);
        assertThat(token.getCertificates().getMatches(token.getSID())).hasSize(1);
        assertThat(tsa.requests()).isEqualTo(1);
    }

    @Test
    void timestamp_twoCalls_sendDifferentNonces() throws Exception {
        List<BigInteger> nonces = new ArrayList<>();
        LoopbackTsaServer tsa = start((exchange, body) -> {
            synchronized (nonces) {
                nonces.add(new TimeStampRequest(body).getNonce());
            }
            LoopbackTsaServer.reply(exchange, 200, authority.respond(body));
        });
        Rfc3161Timestamper pool = pool(config(tsa.url()));

        pool.timestamp(SHA256, sha256("one"));
        pool.timestamp(SHA256, sha256("two"));

        assertThat(nonces).hasSize(2).doesNotContainNull().doesNotHaveDuplicates();
    }

    @Test
    void timestamp_firstUrlClosedPort_failsOverToSecond() throws Exception {
        LoopbackTsaServer second = start(LoopbackTsaServer.honest(authority));
        byte[] digest = sha256("failover");

        byte[] der = pool(config(closedPortUrl(), second.url())).timestamp(SHA256, digest);

        assertThat(imprintOf(der)).isEqualTo(digest);
        assertThat(second.requests()).isEqualTo(1);
    }

    @Test
    void timestamp_hangingTsa_timesOutWithinBoundAndFailsOver() throws Exception {
        LoopbackTsaServer hanging = track(LoopbackTsaServer.hanging());
        LoopbackTsaServer honest = start(LoopbackTsaServer.honest(authority));
        byte[] digest = sha256("hang");

        long start = System.nanoTime();
        byte[] der = pool(config(hanging.url(), honest.url())).timestamp(SHA256, digest);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

        assertThat(imprintOf(der)).isEqualTo(digest);
        assertThat(hanging.requests()).isEqualTo(1);
        assertThat(honest.requests()).isEqualTo(1);
        // generous bound: one attempt may take at most connect + read = 3 s
        assertThat(elapsed).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void timestamp_endpointThatJustFailed_isTriedLastOnTheNextCall() throws Exception {
        LoopbackTsaServer hanging = track(LoopbackTsaServer.hanging());
        LoopbackTsaServer honest = start(LoopbackTsaServer.honest(authority));
        Rfc3161Timestamper pool = pool(config(hanging.url(), honest.url()).withBackoff(Duration.ofMinutes(5)));
        pool.timestamp(SHA256, sha256("first"));

        pool.timestamp(SHA256, sha256("second"));
        pool.timestamp(SHA256, sha256("third"));

        assertThat(hanging.requests()).isEqualTo(1);
        assertThat(honest.requests()).isEqualTo(3);
    }

    @Test
    void timestamp_allDown_throwsUnavailableWithCountAndNoUrlOrCredential() throws Exception {
        URI withCredentials = URI.create("http://alice:s3cret@127.0.0.1:" + closedPort() + "/tsa?apikey=k3y");
        Config config = new Config(
                List.of(Endpoint.of(closedPortUrl()), Endpoint.of(withCredentials)),
                CONNECT,
                READ,
                3,
                Config.DEFAULT_MAX_RESPONSE_BYTES,
                Duration.ZERO);

        TimestampUnavailableException e = catchThrowableOfType(
                () -> pool(config).timestamp(SHA256, sha256("down")), TimestampUnavailableException.class);

        assertThat(e.getMessage()).isEqualTo("timestamp unavailable: no timestamp authority answered (3 tried)");
        assertThat(e.kind()).isEqualTo("timestamp-unavailable");
        assertThat(stackTraceOf(e))
                .doesNotContain("s3cret")
                .doesNotContain("k3y")
                .doesNotContain("alice");
        assertThat(e.getCause()).hasMessageContaining("connection refused");
        assertThat(e.getSuppressed()).hasSize(2);
    }

    @Test
    void timestamp_tokenForAnotherImprint_isRejectedAndNextTsaUsed() throws Exception {
        LoopbackTsaServer forger = start((exchange, body) -> {
            TimeStampRequest asked = new TimeStampRequest(body);
            TimeStampRequest other = new TimeStampRequestGenerator()
                    .generate(asked.getMessageImprintAlgOID(), sha256("something else"), asked.getNonce());
            LoopbackTsaServer.reply(exchange, 200, authority.respond(encoded(other)));
        });
        LoopbackTsaServer honest = start(LoopbackTsaServer.honest(authority));
        byte[] digest = sha256("mine");

        assertThat(failureOf(config(forger.url()))).hasMessageContaining("another message imprint");
        assertThat(imprintOf(pool(config(forger.url(), honest.url())).timestamp(SHA256, digest)))
                .isEqualTo(digest);
    }

    @Test
    void timestamp_nonceNotEchoed_isRejected() throws Exception {
        LoopbackTsaServer replayer = start((exchange, body) -> {
            TimeStampRequest asked = new TimeStampRequest(body);
            TimeStampRequest withoutNonce = new TimeStampRequestGenerator()
                    .generate(asked.getMessageImprintAlgOID(), asked.getMessageImprintDigest());
            LoopbackTsaServer.reply(exchange, 200, authority.respond(encoded(withoutNonce)));
        });

        assertThat(failureOf(config(replayer.url()))).hasMessageContaining("nonce");
    }

    @Test
    void timestamp_oversizedReplyWithContentLength_isRejected() throws Exception {
        LoopbackTsaServer big = start((exchange, body) -> LoopbackTsaServer.reply(exchange, 200, new byte[100_000]));

        assertThat(failureOf(config(big.url()))).hasMessageContaining("exceeds the limit of 65536");
    }

    @Test
    void timestamp_oversizedChunkedReply_isCutOffAndRejected() throws Exception {
        LoopbackTsaServer big = start((exchange, body) -> {
            byte[] honestReply = authority.respond(body);
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(honestReply);
                for (int i = 0; i < 1000; i++) {
                    out.write(new byte[1024]);
                }
            }
        });

        assertThat(failureOf(config(big.url()))).hasMessageContaining("exceeds the limit of 65536");
    }

    @Test
    void timestamp_rejectionStatus_isReportedAsFailure() throws Exception {
        LoopbackTsaServer refusing = start((exchange, body) -> LoopbackTsaServer.reply(
                exchange,
                200,
                new TimeStampResponseGenerator(null, null)
                        .generateFailResponse(2, PKIFailureInfo.systemFailure, "down for maintenance")
                        .getEncoded()));

        assertThat(failureOf(config(refusing.url()))).hasMessageContaining("not granted: status 2");
    }

    @Test
    void timestamp_httpError_isReportedAsFailure() throws Exception {
        LoopbackTsaServer broken = start((exchange, body) -> LoopbackTsaServer.reply(exchange, 503, new byte[0]));

        assertThat(failureOf(config(broken.url()))).hasMessageContaining("HTTP status 503");
    }

    @Test
    void timestamp_garbageReply_isRejected() throws Exception {
        LoopbackTsaServer garbage = start((exchange, body) ->
                LoopbackTsaServer.reply(exchange, 200, "<html>not a TSA</html>".getBytes(StandardCharsets.UTF_8)));

        assertThat(failureOf(config(garbage.url()))).hasMessageStartingWith("invalid reply");
    }

    @Test
    void timestamp_pinnedCertificate_acceptsItsTsaAndRejectsAnother() throws Exception {
        LoopbackTsaServer tsa = start(LoopbackTsaServer.honest(authority));
        var chain = pki().tsa().chain();
        Config pinnedRight = configOf(new Endpoint(tsa.url(), null, null, chain.get(0)));
        Config pinnedWrong = configOf(new Endpoint(tsa.url(), null, null, chain.get(chain.size() - 1)));

        assertThat(imprintOf(pool(pinnedRight).timestamp(SHA256, sha256("pinned"))))
                .isEqualTo(sha256("pinned"));
        assertThat(failureOf(pinnedWrong)).hasMessageContaining("not signed by the pinned TSA certificate");
    }

    @Test
    void timestamp_credentialsInUrl_sentAsBasicAuthorization() throws Exception {
        String expected =
                "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        LoopbackTsaServer guarded = start((exchange, body) -> {
            boolean authorized = expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
            LoopbackTsaServer.reply(
                    exchange, authorized ? 200 : 401, authorized ? authority.respond(body) : new byte[0]);
        });
        URI url = URI.create("http://alice:s3cret@127.0.0.1:" + guarded.port() + "/tsa");

        byte[] der = pool(config(url)).timestamp(SHA256, sha256("auth"));

        assertThat(imprintOf(der)).isEqualTo(sha256("auth"));
        assertThat(failureOf(config(guarded.url()))).hasMessageContaining("HTTP status 401");
    }

    @Test
    void tspSource_overHttpPool_givesDssATokenWithTheImprint() throws Exception {
        LoopbackTsaServer tsa = start(LoopbackTsaServer.honest(authority));
        TimestamperTspSource source = new TimestamperTspSource(pool(config(tsa.url())));
        byte[] digest = sha256("dss");

        var binary = source.getTimeStampResponse(DigestAlgorithm.SHA256, digest);

        TimestampToken token = new TimestampToken(binary.getBytes(), TimestampType.SIGNATURE_TIMESTAMP);
        assertThat(token.getMessageImprint().getValue()).isEqualTo(digest);
        assertThat(token.getMessageImprint().getAlgorithm()).isEqualTo(DigestAlgorithm.SHA256);
    }

    @Test
    void tspSource_allDown_propagatesTimestampUnavailable() {
        TimestamperTspSource source = new TimestamperTspSource(pool(config(closedPortUrl())));

        assertThatThrownBy(() -> source.getTimeStampResponse(DigestAlgorithm.SHA256, sha256("x")))
                .isInstanceOf(TimestampUnavailableException.class);
    }

    private Throwable failureOf(Config config) {
        Config once = config.withAttempts(1);
        TimestampUnavailableException e = catchThrowableOfType(
                () -> pool(once).timestamp(SHA256, sha256("probe")), TimestampUnavailableException.class);
        assertThat(e).as("the call should have failed").isNotNull();
        assertThat(e.getMessage()).isEqualTo("timestamp unavailable: no timestamp authority answered (1 tried)");
        return e.getCause();
    }

    private static Config config(URI... urls) {
        return Config.of(List.of(urls)).withTimeouts(CONNECT, READ);
    }

    private static Config configOf(Endpoint endpoint) {
        return new Config(List.of(endpoint), CONNECT, READ, 1, Config.DEFAULT_MAX_RESPONSE_BYTES, Duration.ZERO);
    }

    private static Rfc3161Timestamper pool(Config config) {
        return new Rfc3161Timestamper(config);
    }

    private LoopbackTsaServer start(LoopbackTsaServer.Behaviour behaviour) throws IOException {
        return track(new LoopbackTsaServer(behaviour));
    }

    private LoopbackTsaServer track(LoopbackTsaServer server) {
        servers.add(server);
        return server;
    }

    private static byte[] imprintOf(byte[] der) throws Exception {
        return new TimeStampToken(new CMSSignedData(der)).getTimeStampInfo().getMessageImprintDigest();
    }

    private static URI closedPortUrl() {
        return URI.create("http://127.0.0.1:" + closedPort() + "/tsa");
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stackTraceOf(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
