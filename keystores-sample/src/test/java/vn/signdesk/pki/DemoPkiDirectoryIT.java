package vn.signdesk.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo PKI on disk, checked with the real openssl command line. */
class DemoPkiDirectoryIT {

    private static final URI URL = URI.create("http://localhost:8080");

    @TempDir
    static Path shared;

    private static Path dir;
    private static DemoPki pki;
    private static MutableClock clock;

    @BeforeAll
    static void createPki() {
        clock = new MutableClock(Instant.now());
        dir = shared.resolve("pki");
        pki = DemoPki.loadOrCreate(dir, URL, clock);
    }

    @Test
    void loadOrCreate_emptyDir_writesEveryFileTheReadmeLists() throws Exception {
        assertThat(pki.dirOrNull()).isEqualTo(dir.toAbsolutePath());
        assertThat(pki.dirOrEmpty()).contains(dir.toAbsolutePath());
        List<String> written;
        try (Stream<Path> files = Files.list(dir)) {
            written = files.map(path -> path.getFileName().toString()).sorted().toList();
        }
        assertThat(written)
                .contains(
                        "root-ca.pem",
                        "issuing-ca.pem",
                        "tsa.pem",
                        "tsa-chain.pem",
                        "ocsp.pem",
                        "department-seal.p12",
                        "branch-copy.p12",
                        "resident-rsa.p12",
                        "resident-ec.p12",
                        "revoked.p12",
                        "expired.p12",
                        "signature.png",
                        "seal.png",
                        "pki.properties");
        assertThat(written)
                .as("no scratch left behind")
                .noneMatch(name -> name.startsWith(".generating") || name.endsWith(".tmp"));
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        for (String name : written) {
            assertThat(readme).as("README.md documents %s", name).contains("`" + name + "`");
        }
        for (String name : DemoPki.ALL_NAMES) {
            assertThat(pki.p12File(name)).contains(dir.toAbsolutePath().resolve(name + ".p12"));
            assertThat(pki.pemFile(name)).contains(dir.toAbsolutePath().resolve(name + ".pem"));
        }
    }

    @Test
    void loadOrCreate_again_loadsTheSameCertificatesAndKeys() throws Exception {
        FileTime written = Files.getLastModifiedTime(dir.resolve("resident-rsa.p12"));
        clock.advance(Duration.ofMinutes(5));
        DemoPki reloaded = DemoPki.loadOrCreate(dir, URI.create(URL + "/"), clock);
        for (String name : DemoPki.ALL_NAMES) {
            assertThat(reloaded.identity(name).chain())
                    .as(name)
                    .isEqualTo(pki.identity(name).chain());
            assertThat(reloaded.identity(name).privateKey())
                    .as(name)
                    .isEqualTo(pki.identity(name).privateKey());
        }
        assertThat(reloaded.createdAt()).isEqualTo(pki.createdAt());
        assertThat(reloaded.revocationTime()).isEqualTo(pki.revocationTime());
        assertThat(reloaded.sealImagePng()).isEqualTo(pki.sealImagePng());
        assertThat(reloaded.signatureImagePng()).isEqualTo(pki.signatureImagePng());
        assertThat(Files.getLastModifiedTime(dir.resolve("resident-rsa.p12"))).isEqualTo(written);
    }

    @Test
    void loadOrCreate_otherPublicUrl_regenerates() {
        Path copy = shared.resolve("other-url");
        DemoPki first = DemoPki.loadOrCreate(copy, URL, clock);
        DemoPki second = DemoPki.loadOrCreate(copy, URI.create("http://127.0.0.1:9999"), clock);
        assertThat(second.rootCa()).isNotEqualTo(first.rootCa());
        assertThat(second.publicUrl()).isEqualTo(URI.create("http://127.0.0.1:9999"));
        assertThat(DemoPki.loadOrCreate(copy, URI.create("http://127.0.0.1:9999"), clock)
                        .rootCa())
                .isEqualTo(second.rootCa());
    }

    @Test
    void loadOrCreate_clockPastTheSignersValidity_regenerates() {
        Path copy = shared.resolve("stale");
        MutableClock own = new MutableClock(Instant.now());
        DemoPki first = DemoPki.loadOrCreate(copy, URL, own);
        own.advance(Duration.ofDays(2 * 366));
        DemoPki second = DemoPki.loadOrCreate(copy, URL, own);
        assertThat(second.residentRsa().certificate())
                .isNotEqualTo(first.residentRsa().certificate());
        assertThat(second.createdAt()).isAfter(first.createdAt().plus(Duration.ofDays(700)));
    }

    @Test
    void loadOrCreate_damagedOrMissingFile_regenerates() throws Exception {
        Path copy = shared.resolve("damaged");
        DemoPki first = DemoPki.loadOrCreate(copy, URL, clock);
        Files.write(copy.resolve("branch-copy.p12"), new byte[] {1, 2, 3});
        DemoPki second = DemoPki.loadOrCreate(copy, URL, clock);
        assertThat(second.rootCa()).isNotEqualTo(first.rootCa());
        Files.delete(copy.resolve("tsa-chain.pem"));
        DemoPki third = DemoPki.loadOrCreate(copy, URL, clock);
        assertThat(third.rootCa()).isNotEqualTo(second.rootCa());
        assertThat(copy.resolve("tsa-chain.pem")).exists();
    }

    @Test
    void loadOrCreate_twoThreadsOnAnEmptyDir_agreeOnOnePki() throws Exception {
        Path copy = shared.resolve("concurrent");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<DemoPki> load = () -> DemoPki.loadOrCreate(copy, URL, clock);
            List<Future<DemoPki>> results = pool.invokeAll(List.of(load, load));
            DemoPki first = results.get(0).get();
            DemoPki second = results.get(1).get();
            assertThat(second.rootCa()).isEqualTo(first.rootCa());
            assertThat(second.residentEc().privateKey())
                    .isEqualTo(first.residentEc().privateKey());
            assertThat(DemoPki.loadOrCreate(copy, URL, clock).rootCa()).isEqualTo(first.rootCa());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void loadOrCreate_staleCrlFile_isRefreshedWithoutNewKeys() throws Exception {
        Path copy = shared.resolve("crl-refresh");
        MutableClock own = new MutableClock(Instant.now());
        DemoPki first = DemoPki.loadOrCreate(copy, URL, own);
        byte[] before = Files.readAllBytes(copy.resolve("issuing-ca.crl"));
        own.advance(Duration.ofDays(2));
        DemoPki second = DemoPki.loadOrCreate(copy, URL, own);
        assertThat(second.rootCa()).isEqualTo(first.rootCa());
        assertThat(Files.readAllBytes(copy.resolve("issuing-ca.crl"))).isNotEqualTo(before);
        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
                .generateCRL(new ByteArrayInputStream(Files.readAllBytes(copy.resolve("issuing-ca.crl"))));
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(own.instant().truncatedTo(ChronoUnit.SECONDS));
        assertThat(crl.isRevoked(second.revoked().certificate())).isTrue();
    }

    @Test
    void openssl_everySignerButTheExpiredOne_verifiesAgainstTheRoot() throws Exception {
        for (String name :
                List.of("department-seal", "branch-copy", "resident-rsa", "resident-ec", "revoked", "tsa", "ocsp")) {
            Openssl.Result result =
                    Openssl.run(dir, "verify", "-CAfile", "root-ca.pem", "-untrusted", "issuing-ca.pem", name + ".pem");
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains(name + ".pem: OK");
        }
        Openssl.Result issuing = Openssl.run(dir, "verify", "-CAfile", "root-ca.pem", "issuing-ca.pem");
        assertThat(issuing.output()).contains("issuing-ca.pem: OK");
    }

    @Test
    void openssl_expiredSigner_isExpired() throws Exception {
        Openssl.Result result =
                Openssl.run(dir, "verify", "-CAfile", "root-ca.pem", "-untrusted", "issuing-ca.pem", "expired.pem");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("certificate has expired");
        long endedSecondsAgo = Duration.between(
                        pki.expired().certificate().getNotAfter().toInstant(), Instant.now())
                .toSeconds();
        Openssl.Result earlier = Openssl.run(
                dir,
                "verify",
                "-CAfile",
                "root-ca.pem",
                "-untrusted",
                "issuing-ca.pem",
                "-attime",
                Long.toString(Instant.now().minus(Duration.ofDays(30)).getEpochSecond()),
                "expired.pem");
        assertThat(earlier.output())
                .as("valid a month ago; ended %d s ago", endedSecondsAgo)
                .contains("expired.pem: OK");
    }

    @Test
    void openssl_tsaCertificate_hasCriticalTimeStampingPurpose() throws Exception {
        Openssl.Result text = Openssl.run(dir, "x509", "-in", "tsa.pem", "-noout", "-text");
        assertThat(text.output()).containsPattern("X509v3 Extended Key Usage: critical\\s+Time Stamping");
        assertThat(text.output()).containsPattern("X509v3 Key Usage: critical\\s+Digital Signature");
        Openssl.Result purpose = Openssl.run(
                dir,
                "verify",
                "-CAfile",
                "root-ca.pem",
                "-untrusted",
                "issuing-ca.pem",
                "-purpose",
                "timestampsign",
                "tsa.pem");
        assertThat(purpose.output()).contains("tsa.pem: OK");
        assertThat(pemBlocks(Files.readString(dir.resolve("tsa-chain.pem"))))
                .containsExactly("CERTIFICATE", "CERTIFICATE", "CERTIFICATE");
        Openssl.Result first = Openssl.run(
                dir, "x509", "-in", "tsa-chain.pem", "-noout", "-subject", "-nameopt", "utf8,sep_comma_plus");
        assertThat(first.output()).contains("CN=SignDesk Demo TSA");
    }

    @Test
    void openssl_ocspResponderCertificate_hasOcspSigningAndNocheck() throws Exception {
        Openssl.Result text = Openssl.run(dir, "x509", "-in", "ocsp.pem", "-noout", "-text");
        assertThat(text.output()).containsPattern("X509v3 Extended Key Usage:\\s+OCSP Signing");
        assertThat(text.output()).contains("OCSP No Check");
        assertThat(text.output()).contains("OCSP - URI:http://localhost:8080/pki/ocsp");
        assertThat(text.output()).contains("CA Issuers - URI:http://localhost:8080/pki/ca/issuing-ca.crt");
        assertThat(text.output()).contains("URI:http://localhost:8080/pki/crl/issuing-ca.crl");
    }

    @Test
    void openssl_crls_verifyAndTheIssuingOneListsTheRevokedSerial() throws Exception {
        Openssl.Result root =
                Openssl.run(dir, "crl", "-in", "root-ca.crl", "-inform", "DER", "-CAfile", "root-ca.pem", "-noout");
        assertThat(root.output()).contains("verify OK");
        Files.writeString(
                dir.resolve("chain-for-crl.pem"),
                Files.readString(dir.resolve("issuing-ca.pem")) + Files.readString(dir.resolve("root-ca.pem")));
        try {
            Openssl.Result issuing = Openssl.run(
                    dir,
                    "crl",
                    "-in",
                    "issuing-ca.crl",
                    "-inform",
                    "DER",
                    "-CAfile",
                    "chain-for-crl.pem",
                    "-noout",
                    "-text");
            assertThat(issuing.output()).contains("verify OK");
            String serial =
                    pki.revoked().certificate().getSerialNumber().toString(16).toUpperCase();
            assertThat(issuing.output().replace(":", "").toUpperCase()).contains("SERIAL NUMBER " + serial);
            assertThat(issuing.output()).contains("Key Compromise");
        } finally {
            Files.delete(dir.resolve("chain-for-crl.pem"));
        }
    }

    @Test
    void openssl_pkcs12Files_openWithTheDemoPasswordAndKeepVietnameseNamesExactly() throws Exception {
        assertSubject("department-seal", "CN=Sở Tư pháp Thành phố Hà Nội");
        assertSubject("department-seal", "O=Sở Tư pháp Thành phố Hà Nội");
        assertSubject("branch-copy", "CN=Chi nhánh số 1 - Trung tâm Phục vụ hành chính công Hà Nội");
        assertSubject("branch-copy", "O=Trung tâm Phục vụ hành chính công Hà Nội");
        assertSubject("resident-rsa", "CN=Nguyễn Thị Lấp Lánh Ánh");
        assertSubject("resident-ec", "CN=Nguyễn Thị Lấp Lánh Ánh");
        for (String name : DemoPki.SIGNER_NAMES) {
            Openssl.Result keys =
                    Openssl.run(dir, "pkcs12", "-in", name + ".p12", "-passin", "pass:demo", "-nodes", "-info");
            assertThat(keys.exitCode()).as(keys.output()).isZero();
            assertThat(keys.output()).contains("friendlyName: " + name).contains("-----BEGIN PRIVATE KEY-----");
            assertThat(pemBlocks(keys.output()))
                    .as(name + ": the key and the chain")
                    .containsExactlyInAnyOrder("PRIVATE KEY", "CERTIFICATE", "CERTIFICATE", "CERTIFICATE");
        }
    }

    @Test
    void pkcs12Files_inJava_holdOneAliasNamedAfterTheFile() throws Exception {
        for (String name : DemoPki.ALL_NAMES) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve(name + ".p12"))) {
                store.load(in, DemoPki.PASSWORD.toCharArray());
            }
            assertThat(Collections.list(store.aliases())).containsExactly(name);
            X509Certificate cert = (X509Certificate) store.getCertificate(name);
            assertThat(cert).isEqualTo(pki.identity(name).certificate());
        }
        KeyStore resident = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("resident-rsa.p12"))) {
            resident.load(in, "demo".toCharArray());
        }
        X509Certificate cert = (X509Certificate) resident.getCertificate("resident-rsa");
        assertThat(cert.getSubjectX500Principal().getName()).contains("CN=Nguyễn Thị Lấp Lánh Ánh");
    }

    @Test
    void pkiProperties_recordUrlCreationAndRevocation() throws Exception {
        String properties = Files.readString(dir.resolve("pki.properties"), StandardCharsets.ISO_8859_1);
        assertThat(properties).contains("publicUrl=http\\://localhost\\:8080");
        assertThat(properties)
                .contains("revoked.serial="
                        + pki.revoked().certificate().getSerialNumber().toString(16));
        assertThat(new BigInteger(value(properties, "revoked.serial"), 16))
                .isEqualTo(pki.revoked().certificate().getSerialNumber());
    }

    private static void assertSubject(String name, String rdn) throws Exception {
        Openssl.Result result =
                Openssl.run(dir, "pkcs12", "-in", name + ".p12", "-passin", "pass:demo", "-nokeys", "-clcerts");
        assertThat(result.exitCode()).as(result.output()).isZero();
        Path leaf = Files.createTempFile(shared, name, ".pem");
        Files.writeString(leaf, result.output());
        Openssl.Result subject = Openssl.run(
                dir,
                "x509",
                "-in",
                leaf.toString(),
                "-noout",
                "-subject",
                "-nameopt",
                "utf8,sep_comma_plus_space,-esc_msb");
        assertThat(subject.output()).as(name).contains(rdn);
    }

    private static List<String> pemBlocks(String text) {
        List<String> blocks = new ArrayList<>();
        Matcher matcher =
                Pattern.compile("-----BEGIN (CERTIFICATE|PRIVATE KEY)-----").matcher(text);
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        return blocks;
    }

    private static String value(String properties, String key) {
        Matcher matcher =
                Pattern.compile("(?m)^" + Pattern.quote(key) + "=(.*)$").matcher(properties);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1).trim();
    }
}
