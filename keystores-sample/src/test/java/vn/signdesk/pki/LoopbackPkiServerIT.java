package vn.signdesk.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loopback server with a demo PKI on disk, queried by the real openssl OCSP client and the JDK HTTP client. */
class LoopbackPkiServerIT {

    @TempDir
    static Path dir;

    private static LoopbackPkiServer server;
    private static DemoPki pki;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        server = LoopbackPkiServer.start(0);
        pki = DemoPki.loadOrCreate(dir, server.baseUrl(), Clock.systemUTC());
        server.setResponder(pki.responder());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.setUnavailable(false);
        server.setResponder(pki.responder());
        server.resetCounts();
    }

    @Test
    void start_freePort_listensOnLoopbackAndEmbedsTheUrl() {
        assertThat(server.port()).isPositive();
        assertThat(server.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:" + server.port()));
        assertThat(pki.ocspUrl()).isEqualTo(URI.create(server.baseUrl() + "/pki/ocsp"));
    }

    @Test
    void opensslOcsp_residents_areGoodAndTheResponseVerifies() throws Exception {
        for (String name : new String[] {"resident-rsa", "resident-ec", "department-seal", "branch-copy"}) {
            Openssl.Result result = ocsp("issuing-ca.pem", name + ".pem");
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output())
                    .contains("Response verify OK")
                    .contains(name + ".pem: good")
                    .doesNotContain("WARNING");
        }
        assertThat(server.requestCount("ocsp")).isEqualTo(4);
    }

    @Test
    void opensslOcsp_revokedSigner_isRevokedForKeyCompromise() throws Exception {
        Openssl.Result result = ocsp("issuing-ca.pem", "revoked.pem");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("Response verify OK")
                .contains("revoked.pem: revoked")
                .contains("Reason: keyCompromise")
                .contains("Revocation Time");
    }

    @Test
    void opensslOcsp_sha256CertId_isAnsweredToo() throws Exception {
        Openssl.Result result = Openssl.run(
                dir,
                "ocsp",
                "-sha256",
                "-issuer",
                "issuing-ca.pem",
                "-cert",
                "resident-rsa.pem",
                "-url",
                server.baseUrl() + "/pki/ocsp",
                "-CAfile",
                "root-ca.pem");
        assertThat(result.output()).contains("Response verify OK").contains("resident-rsa.pem: good");
    }

    @Test
    void opensslOcsp_issuingCa_isGoodSignedByTheRoot() throws Exception {
        Openssl.Result result = ocsp("root-ca.pem", "issuing-ca.pem");
        assertThat(result.output()).contains("Response verify OK").contains("issuing-ca.pem: good");
    }

    @Test
    void get_caCertificatesAndCrls_areServedWithTheirTypesAndCounted() throws Exception {
        HttpResponse<byte[]> root = get("/pki/ca/root-ca.crt");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("Content-Type")).contains("application/pkix-cert");
        assertThat(root.body()).isEqualTo(pki.rootCa().getEncoded());
        X509Certificate issuing = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(
                        new ByteArrayInputStream(get("/pki/ca/issuing-ca.crt").body()));
        assertThat(issuing).isEqualTo(pki.issuingCa());

        HttpResponse<byte[]> crl = get("/pki/crl/issuing-ca.crl");
        assertThat(crl.statusCode()).isEqualTo(200);
        assertThat(crl.headers().firstValue("Content-Type")).contains("application/pkix-crl");
        X509CRL parsed =
                (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(crl.body()));
        parsed.verify(pki.issuingCa().getPublicKey());
        assertThat(parsed.isRevoked(pki.revoked().certificate())).isTrue();
        assertThat(get("/pki/crl/root-ca.crl").statusCode()).isEqualTo(200);

        assertThat(server.requestCount("ca")).isEqualTo(2);
        assertThat(server.requestCount("crl")).isEqualTo(2);
        assertThat(server.requestCount("ocsp")).isZero();
        assertThat(server.requestCount()).isEqualTo(4);
    }

    @Test
    void get_base64OcspRequest_isAnswered() throws Exception {
        CertificateID id = new CertificateID(
                new BcDigestCalculatorProvider().get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                new JcaX509CertificateHolder(pki.issuingCa()),
                pki.residentEc().certificate().getSerialNumber());
        byte[] request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
        String path = "/pki/ocsp/"
                + URLEncoder.encode(Base64.getEncoder().encodeToString(request), StandardCharsets.US_ASCII);
        HttpResponse<byte[]> response = get(path);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/ocsp-response");
        BasicOCSPResp basic = (BasicOCSPResp) new OCSPResp(response.body()).getResponseObject();
        assertThat(basic.getResponses()[0].getCertStatus()).isEqualTo(CertificateStatus.GOOD);
        assertThat(server.requestCount("ocsp")).isEqualTo(1);
    }

    @Test
    void post_garbage_isMalformedRequestAndTheServerStaysUp() throws Exception {
        HttpResponse<byte[]> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/pki/ocsp"))
                        .header("Content-Type", "application/ocsp-request")
                        .POST(HttpRequest.BodyPublishers.ofString("not an OCSP request"))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(new OCSPResp(response.body()).getStatus()).isEqualTo(OCSPResp.MALFORMED_REQUEST);

        HttpResponse<byte[]> huge = HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/pki/ocsp"))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[PkiResponder.MAX_OCSP_REQUEST_BYTES * 2]))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(huge.statusCode()).isEqualTo(413);

        assertThat(ocsp("issuing-ca.pem", "resident-rsa.pem").output()).contains("resident-rsa.pem: good");
    }

    @Test
    void unavailable_answers503UntilSwitchedBack() throws Exception {
        server.setUnavailable(true);
        HttpResponse<byte[]> response = get("/pki/crl/issuing-ca.crl");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        Openssl.Result failed = ocsp("issuing-ca.pem", "resident-rsa.pem");
        assertThat(failed.output()).doesNotContain("resident-rsa.pem: good");
        assertThat(server.requestCount("crl")).isEqualTo(1);
        assertThat(server.requestCount("ocsp")).isEqualTo(1);

        server.setUnavailable(false);
        assertThat(get("/pki/crl/issuing-ca.crl").statusCode()).isEqualTo(200);
    }

    @Test
    void noResponder_answers503() throws Exception {
        server.setResponder(null);
        assertThat(get("/pki/ca/root-ca.crt").statusCode()).isEqualTo(503);
    }

    @Test
    void unknownPaths_are404() throws Exception {
        assertThat(get("/").statusCode()).isEqualTo(404);
        assertThat(get("/pki/ca/tsa.crt").statusCode()).isEqualTo(404);
        assertThat(get("/pki/crl/../../etc/passwd.crl").statusCode()).isEqualTo(404);
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void requestCount_unknownKind_isRejected() {
        assertThatThrownBy(() -> server.requestCount("tsa")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Openssl.Result ocsp(String issuer, String cert) throws Exception {
        return Openssl.run(
                dir,
                "ocsp",
                "-issuer",
                issuer,
                "-cert",
                cert,
                "-url",
                server.baseUrl() + "/pki/ocsp",
                "-CAfile",
                "root-ca.pem",
                "-timeout",
                "10");
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
