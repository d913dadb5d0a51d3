package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.SignDeskConfig;

/**
 * The HTTPS listener with client-certificate authentication, on 127.0.0.1 with certificates made
 * here: a client CA, a server certificate for 127.0.0.1 (PEM files), and client certificates of which
 * two are mapped to roles in the {@code tls.clientCredentials} file, one is issued by the CA but not
 * mapped, and one comes from another CA.
 */
@ExtendWith(VertxExtension.class)
class ClientCertificateIT {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;

    static SignDeskServer server;
    static Vertx vertx;
    static Identity ca;
    static Identity department;
    static Identity resident;
    static Identity clerk;
    static Identity unmapped;
    static Identity foreign;
    static byte[] pdf;

    record Identity(KeyPair keys, X509Certificate certificate) {}

    @BeforeAll
    @Timeout(value = 3, timeUnit = TimeUnit.MINUTES)
    static void start(Vertx v, VertxTestContext started) throws Exception {
        vertx = v;
        ca = issue("CN=SignDesk Test Client CA", null, Kind.CA);
        Identity serverIdentity = issue("CN=127.0.0.1", ca, Kind.SERVER);
        department = issue("CN=Department document system", ca, Kind.CLIENT);
        resident = issue("CN=Resident portal", ca, Kind.CLIENT);
        clerk = issue("CN=Clerk of branch and department", ca, Kind.CLIENT);
        unmapped = issue("CN=Unknown channel", ca, Kind.CLIENT);
        foreign = issue("CN=Channel of another CA", issue("CN=Another CA", null, Kind.CA), Kind.CLIENT);
        pdf = TestPdfs.aPdf().build();

        Path serverCert = Files.writeString(dir.resolve("server.pem"), pem(serverIdentity.certificate()));
        Path serverKey = Files.writeString(
                dir.resolve("server-key.pem"),
                pem(new JcaPKCS8Generator(serverIdentity.keys().getPrivate(), null)));
        Path clientCa = Files.writeString(dir.resolve("client-ca.pem"), pem(ca.certificate()));
        // one fingerprint as openssl prints it (upper case with colons), one in plain lower-case hex
        Path credentials = Files.writeString(
                dir.resolve("client-credentials.json"),
                new JsonObject()
                        .put(opensslFingerprint(department.certificate()), "department")
                        .put(ClientCertificates.fingerprint(resident.certificate()), "resident")
                        .put(
                                ClientCertificates.fingerprint(clerk.certificate()),
                                new io.vertx.core.json.JsonArray()
                                        .add("resident")
                                        .add("department"))
                        .encodePrettily());

        Map<String, String> env = new HashMap<>();
        env.put("SIGNDESK_DATA_DIR", dir.resolve("data").toString());
        env.put("SIGNDESK_HTTP_PORT", "0");
        env.put("SIGNDESK_TLS_ENABLED", "true");
        env.put("SIGNDESK_TLS_PORT", "0");
        env.put("SIGNDESK_TLS_CERT_FILE", serverCert.toString());
        env.put("SIGNDESK_TLS_KEY_FILE", serverKey.toString());
        env.put("SIGNDESK_TLS_CLIENT_CA_FILE", clientCa.toString());
        env.put("SIGNDESK_TLS_CLIENT_CREDENTIALS", credentials.toString());
        SignDeskServer.startDemo(vertx, SignDeskConfig.fromEnvironment(env), Clock.systemUTC())
                .compose(s -> {
                    server = s;
                    return s.ready();
                })
                .onComplete(started.succeedingThenComplete());
    }

    @Test
    void sign_knownClientCertificate_authenticatesWithItsRole() throws Exception {
        HttpResponse<Buffer> r = sign(client(department), null, "profile=department-seal&level=B-B");

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.getHeader("Content-Type")).isEqualTo("application/pdf");
        assertThat(new String(r.body().getBytes(0, 5), StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
    }

    @Test
    void sign_certificateWithSeveralRoles_mayUseTheProfileOfAnyOfThem() throws Exception {
        HttpResponse<Buffer> r = sign(client(clerk), null, "profile=department-seal&level=B-B");

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    }

    @Test
    void sign_residentCertificateOnDepartmentSeal_is403() throws Exception {
        HttpResponse<Buffer> r = sign(client(resident), null, "profile=department-seal&level=B-B");

        DemoServerCalls.assertProblem(r, 403, "forbidden", dir);
        assertThat(r.bodyAsJsonObject().getString("detail")).contains("'resident'");
    }

    @Test
    void me_knownClientCertificateWithoutKey_tellsTheRoleTheWebPageShows() throws Exception {
        // what the web page's "use my TLS client certificate" sign-in asks
        HttpResponse<Buffer> r = client(department)
                .get(server.tlsPort(), "127.0.0.1", "/v1/me")
                .send()
                .await(1, TimeUnit.MINUTES);

        assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
        assertThat(r.bodyAsJsonObject().getString("role")).isEqualTo("department");
        assertThat(r.bodyAsJsonObject().getJsonArray("operations").getList()).containsExactly("verify", "sign");
    }

    @Test
    void sign_certificateOfTheCaButNotMappedAndNoBearer_is401() throws Exception {
        HttpResponse<Buffer> r = sign(client(unmapped), null, "profile=department-seal&level=B-B");

        DemoServerCalls.assertProblem(r, 401, "unauthorized", dir);
        assertThat(r.bodyAsJsonObject().getString("detail")).isEqualTo("the client certificate is not known");
    }

    @Test
    void sign_noCertificateNoBearer_is401() throws Exception {
        DemoServerCalls.assertProblem(
                sign(client(null), null, "profile=department-seal&level=B-B"), 401, "unauthorized", dir);
    }

    @Test
    void sign_bearerKeyOverTlsWithoutCertificate_authenticatesByTheKey() throws Exception {
        String key = DemoServerCalls.credentials(dir.resolve("data")).getString("resident");
        HttpResponse<Buffer> r = sign(client(null), "Bearer " + key, "profile=department-seal&level=B-B");

        DemoServerCalls.assertProblem(r, 403, "forbidden", dir);
        assertThat(r.bodyAsJsonObject().getString("detail")).contains("'resident'");
    }

    @Test
    void sign_wrongBearerWithKnownCertificate_is401() throws Exception {
        HttpResponse<Buffer> r = sign(client(department), "Bearer not-a-key", "profile=department-seal&level=B-B");

        DemoServerCalls.assertProblem(r, 401, "unauthorized", dir);
    }

    @Test
    void sign_certificateOfAnotherCa_neverAuthenticatesAndIs401() throws Exception {
        // the server asks for a certificate of the client CA; one from another CA is not accepted
        HttpResponse<Buffer> r = sign(client(foreign), null, "profile=department-seal&level=B-B");

        DemoServerCalls.assertProblem(r, 401, "unauthorized", dir);
    }

    @Test
    void plainHttp_stillServesTheOpenRoutes() throws Exception {
        HttpResponse<Buffer> r = WebClient.create(vertx)
                .get(server.port(), "127.0.0.1", "/health/live")
                .send()
                .await(1, TimeUnit.MINUTES);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(server.tlsPort()).isPositive().isNotEqualTo(server.port());
    }

    @Test
    void tlsListener_serverKeyInPkcs12KeyStore_servesHttpsAndAsksForClientCertificates() throws Exception {
        Identity serverIdentity = issue("CN=127.0.0.1", ca, Kind.SERVER);
        Path keyStore = Files.write(dir.resolve("server.p12"), pkcs12(serverIdentity));
        SignDeskConfig.Tls tls = new SignDeskConfig.Tls(
                true, 0, keyStore, new String(PASSWORD), null, null, dir.resolve("client-ca.pem"), null);
        io.vertx.core.http.HttpServer https = vertx.createHttpServer(TlsListener.options(tls, "127.0.0.1"))
                .requestHandler(req -> {
                    String subject;
                    try {
                        subject = ((X509Certificate)
                                        req.connection().peerCertificates().get(0))
                                .getSubjectX500Principal()
                                .getName();
                    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                        subject = "none";
                    }
                    req.response().end(subject);
                })
                .listen()
                .await(1, TimeUnit.MINUTES);
        try {
            HttpResponse<Buffer> r = client(department)
                    .get(https.actualPort(), "127.0.0.1", "/")
                    .send()
                    .await(1, TimeUnit.MINUTES);
            assertThat(r.bodyAsString()).isEqualTo("CN=Department document system");
        } finally {
            https.close().await(1, TimeUnit.MINUTES);
        }
    }

    private static HttpResponse<Buffer> sign(WebClient client, String authorizationOrNull, String query)
            throws Exception {
        HttpRequest<Buffer> request = client.post(server.tlsPort(), "127.0.0.1", "/v1/sign?" + query)
                .putHeader("Content-Type", "application/pdf");
        if (authorizationOrNull != null) {
            request.putHeader("Authorization", authorizationOrNull);
        }
        return request.sendBuffer(Buffer.buffer(pdf)).await(2, TimeUnit.MINUTES);
    }

    /** A client that trusts the server's CA and presents the given identity (none when null). */
    private static WebClient client(Identity identityOrNull) throws Exception {
        WebClientOptions options = new WebClientOptions()
                .setSsl(true)
                .setVerifyHost(true)
                .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(pem(ca.certificate()))));
        if (identityOrNull != null) {
            options.setKeyCertOptions(new KeyStoreOptions()
                    .setType("PKCS12")
                    .setValue(Buffer.buffer(pkcs12(identityOrNull)))
                    .setPassword(new String(PASSWORD)));
        }
        return WebClient.create(vertx, options);
    }

    enum Kind {
        CA,
        SERVER,
        CLIENT
    }

    private static Identity issue(String subject, Identity issuerOrNull, Kind kind) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair keys = generator.generateKeyPair();
        X500Name subjectName = new X500Name(subject);
        X500Name issuerName = issuerOrNull == null
                ? subjectName
                : X500Name.getInstance(
                        issuerOrNull.certificate().getSubjectX500Principal().getEncoded());
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                issuerName,
                BigInteger.valueOf(now.toEpochMilli())
                        .shiftLeft(16)
                        .add(BigInteger.valueOf(subject.hashCode() & 0xffff)),
                Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofDays(1))),
                subjectName,
                keys.getPublic());
        switch (kind) {
            case CA -> {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }
            case SERVER -> {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                b.addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
            }
            case CLIENT -> {
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            }
        }
        KeyPair signer = issuerOrNull == null ? keys : issuerOrNull.keys();
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        return new Identity(keys, certificate);
    }

    private static byte[] pkcs12(Identity identity) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(
                "client", identity.keys().getPrivate(), PASSWORD, new X509Certificate[] {identity.certificate()});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, PASSWORD);
        return out.toByteArray();
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            if (object instanceof JcaPKCS8Generator pkcs8) {
                writer.writeObject(pkcs8.generate());
            } else {
                writer.writeObject(object);
            }
        }
        return text.toString();
    }

    private static String opensslFingerprint(X509Certificate certificate) throws Exception {
        String hex = ClientCertificates.fingerprint(certificate).toUpperCase(java.util.Locale.ROOT);
        return String.join(":", hex.split("(?<=\\G..)"));
    }
}
