package vn.signdesk.signing.tsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.signdesk.signing.tsa.TsaTestSupport.POLICY;
import static vn.signdesk.signing.tsa.TsaTestSupport.SHA256;
import static vn.signdesk.signing.tsa.TsaTestSupport.authority;
import static vn.signdesk.signing.tsa.TsaTestSupport.encoded;
import static vn.signdesk.signing.tsa.TsaTestSupport.parseResponse;
import static vn.signdesk.signing.tsa.TsaTestSupport.pki;
import static vn.signdesk.signing.tsa.TsaTestSupport.request;
import static vn.signdesk.signing.tsa.TsaTestSupport.sha256;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.tsp.MessageImprint;
import org.bouncycastle.asn1.tsp.TimeStampReq;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EmbeddedTimestampAuthorityTest {

    private final EmbeddedTimestampAuthority tsa = authority();

    @Test
    void respond_validRequest_grantsTokenWithImprintNonceAndPolicy() throws Exception {
        byte[] digest = sha256("a document");
        BigInteger nonce = new BigInteger("1234567890123456789");
        TimeStampRequest request = request(digest, nonce, true);

        TimeStampResponse response = parseResponse(tsa.respond(encoded(request)));

        assertThat(response.getStatus()).isEqualTo(PKIStatus.GRANTED);
        response.validate(request);
        TimeStampToken token = response.getTimeStampToken();
        assertThat(token.getTimeStampInfo().getNonce()).isEqualTo(nonce);
        assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(digest);
        assertThat(token.getTimeStampInfo().getMessageImprintAlgOID()).isEqualTo(NISTObjectIdentifiers.id_sha256);
        assertThat(token.getTimeStampInfo().getPolicy().getId()).isEqualTo(POLICY);
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsaCertificate()));
    }

    @Test
    void respond_certReqTrue_includesTsaCertificateAndIntermediatesButNotRoot() throws Exception {
        TimeStampToken token = grantedToken(request(sha256("x"), BigInteger.ONE, true));

        List<X509CertificateHolder> certificates =
                new ArrayList<>(token.getCertificates().getMatches(null));

        X509Certificate root = pki().tsa().chain().get(pki().tsa().chain().size() - 1);
        assertThat(certificates)
                .contains(new X509CertificateHolder(tsaCertificate().getEncoded()));
        assertThat(certificates).doesNotContain(new X509CertificateHolder(root.getEncoded()));
        assertThat(certificates).hasSize(pki().tsa().chain().size() - 1);
    }

    @Test
    void respond_certReqFalse_tokenHasNoCertificate() throws Exception {
        TimeStampToken token = grantedToken(request(sha256("x"), BigInteger.TWO, false));

        assertThat(token.getCertificates().getMatches(null)).isEmpty();
        // still verifiable with the certificate known out of band
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsaCertificate()));
    }

    @Test
    void respond_noNonce_tokenHasNoNonce() {
        TimeStampToken token = grantedToken(request(sha256("x"), null, true));

        assertThat(token.getTimeStampInfo().getNonce()).isNull();
    }

    @Test
    void respond_fixedClock_genTimeAndAccuracyFromConfiguration() {
        Instant now = Instant.parse("2026-03-04T05:06:07.891Z");
        EmbeddedTimestampAuthority fixed = new EmbeddedTimestampAuthority(
                pki().tsa().privateKey(),
                pki().tsa().chain(),
                POLICY,
                Duration.ofMillis(1500),
                Clock.fixed(now, ZoneOffset.UTC));

        TimeStampResponse response = parseResponse(fixed.respond(encoded(request(sha256("x"), BigInteger.ONE, true))));

        var info = response.getTimeStampToken().getTimeStampInfo();
        assertThat(info.getGenTime().toInstant()).isEqualTo(now);
        assertThat(info.getGenTimeAccuracy().getSeconds()).isEqualTo(1);
        assertThat(info.getGenTimeAccuracy().getMillis()).isEqualTo(500);
        assertThat(info.getTsa().getName().toString())
                .isEqualTo(org.bouncycastle.asn1.x500.X500Name.getInstance(
                                tsaCertificate().getSubjectX500Principal().getEncoded())
                        .toString());
    }

    @Test
    void respond_token_carriesSha256EssCertIdV2OfTsaCertificate() throws Exception {
        TimeStampToken token = grantedToken(request(sha256("x"), BigInteger.ONE, true));

        var attribute = token.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2);
        assertThat(attribute).isNotNull();
        assertThat(token.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificate))
                .isNull();
        ESSCertIDv2 certId = SigningCertificateV2.getInstance(
                        attribute.getAttrValues().getObjectAt(0))
                .getCerts()[0];
        assertThat(certId.getHashAlgorithm().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_sha256);
        assertThat(certId.getCertHash())
                .isEqualTo(MessageDigest.getInstance("SHA-256")
                        .digest(tsaCertificate().getEncoded()));
        assertThat(certId.getIssuerSerial().getSerial().getValue())
                .isEqualTo(tsaCertificate().getSerialNumber());
        assertThat(token.getTimeStampInfo().toASN1Structure().getMessageImprint())
                .isNotNull();
        assertThat(token.toCMSSignedData()
                        .getSignerInfos()
                        .getSigners()
                        .iterator()
                        .next()
                        .getEncryptionAlgOID())
                .isEqualTo(PKCSObjectIdentifiers.sha256WithRSAEncryption.getId());
    }

    @Test
    void respond_badImprintLength_rejectsWithBadDataFormat() {
        TimeStampRequest request = request(new byte[31], BigInteger.ONE, true);

        TimeStampResponse response = parseResponse(tsa.respond(encoded(request)));

        assertRejected(response, PKIFailureInfo.badDataFormat);
    }

    @Test
    void respond_sha1Imprint_rejectsWithBadAlg() {
        TimeStampReq req = new TimeStampReq(
                new MessageImprint(
                        new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1, DERNull.INSTANCE), new byte[20]),
                null,
                null,
                null,
                null);

        TimeStampResponse response = parseResponse(tsa.respond(encoded(new TimeStampRequest(req))));

        assertRejected(response, PKIFailureInfo.badAlg);
    }

    @Test
    void respond_unknownAlgorithm_rejectsWithBadAlg() {
        TimeStampReq req = new TimeStampReq(
                new MessageImprint(new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.3.4.5")), new byte[32]),
                null,
                null,
                null,
                null);

        TimeStampResponse response = parseResponse(tsa.respond(encoded(new TimeStampRequest(req))));

        assertRejected(response, PKIFailureInfo.badAlg);
    }

    @Test
    void respond_otherPolicy_rejectsWithUnacceptedPolicy() {
        TimeStampReq req = new TimeStampReq(
                new MessageImprint(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256), sha256("x")),
                new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.7"),
                null,
                null,
                null);

        TimeStampResponse response = parseResponse(tsa.respond(encoded(new TimeStampRequest(req))));

        assertRejected(response, PKIFailureInfo.unacceptedPolicy);
    }

    @Test
    void respond_ownPolicyRequested_grants() {
        TimeStampReq req = new TimeStampReq(
                new MessageImprint(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256), sha256("x")),
                new ASN1ObjectIdentifier(POLICY),
                null,
                null,
                null);

        TimeStampResponse response = parseResponse(tsa.respond(encoded(new TimeStampRequest(req))));

        assertThat(response.getStatus()).isEqualTo(PKIStatus.GRANTED);
        assertThat(response.getTimeStampToken().getTimeStampInfo().getPolicy().getId())
                .isEqualTo(POLICY);
    }

    @Test
    void respond_requestWithExtension_rejectsWithUnacceptedExtension() {
        Extensions extensions = new Extensions(
                new Extension(new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.8"), false, new DEROctetString(new byte[1])));
        TimeStampReq req = new TimeStampReq(
                new MessageImprint(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256), sha256("x")),
                null,
                null,
                null,
                extensions);

        TimeStampResponse response = parseResponse(tsa.respond(encoded(new TimeStampRequest(req))));

        assertRejected(response, PKIFailureInfo.unacceptedExtension);
    }

    static Stream<Arguments> hostileRequests() {
        byte[] valid = encoded(request(sha256("x"), BigInteger.ONE, true));
        byte[] random = new byte[300];
        new Random(42).nextBytes(random);
        byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
        byte[] hugeLength = {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x02, 0x01, 0x01};
        byte[] wrongVersion = valid.clone();
        // SEQUENCE { INTEGER 1, ... }: the version byte follows the two header bytes and the INTEGER tag/length.
        wrongVersion[4] = 2;
        return Stream.of(
                Arguments.of("null", null),
                Arguments.of("empty", new byte[0]),
                Arguments.of("random bytes", random),
                Arguments.of("truncated request", Arrays.copyOf(valid, valid.length - 5)),
                Arguments.of("trailing byte", trailing),
                Arguments.of("indefinite length", new byte[] {0x30, (byte) 0x80, 0x00, 0x00}),
                Arguments.of("length beyond the data", hugeLength),
                Arguments.of("wrong version", wrongVersion),
                Arguments.of("a certificate instead", certificateBytes()),
                Arguments.of("oversized", new byte[EmbeddedTimestampAuthority.MAX_REQUEST_BYTES + 1]),
                Arguments.of("ASN.1 NULL", new byte[] {0x05, 0x00}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRequests")
    void respond_hostileBytes_rejectsWithBadRequestAndStaysUsable(String name, byte[] hostile) {
        TimeStampResponse response = parseResponse(tsa.respond(hostile));

        assertRejected(response, PKIFailureInfo.badRequest);
        TimeStampResponse next = parseResponse(tsa.respond(encoded(request(sha256("after"), BigInteger.TEN, true))));
        assertThat(next.getStatus()).isEqualTo(PKIStatus.GRANTED);
    }

    @Test
    void respond_concurrentCalls_serialsUniqueAndIncreasingPerThread() throws Exception {
        int threads = 4;
        int perThread = 500;
        byte[] request = encoded(request(sha256("x"), BigInteger.ONE, true));
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<BigInteger>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<BigInteger>> task = () -> {
                    start.await();
                    List<BigInteger> serials = new ArrayList<>(perThread);
                    for (int i = 0; i < perThread; i++) {
                        TimeStampResponse response = parseResponse(tsa.respond(request));
                        serials.add(
                                response.getTimeStampToken().getTimeStampInfo().getSerialNumber());
                    }
                    return serials;
                };
                results.add(pool.submit(task));
            }
            Set<BigInteger> all = new HashSet<>();
            for (Future<List<BigInteger>> result : results) {
                List<BigInteger> serials = result.get();
                assertThat(serials).isSortedAccordingTo(BigInteger::compareTo).doesNotHaveDuplicates();
                all.addAll(serials);
            }
            assertThat(all).hasSize(threads * perThread);
            assertThat(all).allSatisfy(serial -> assertThat(serial.signum()).isPositive());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void serial_newInstanceOneMillisecondLater_continuesAboveEverySerialOfTheOldOne() {
        Instant t = Instant.parse("2026-05-06T07:08:09Z");
        EmbeddedTimestampAuthority before = authority(Clock.fixed(t, ZoneOffset.UTC));
        BigInteger last = BigInteger.ZERO;
        for (int i = 0; i < 1000; i++) {
            BigInteger serial = serialOf(before.timestamp(SHA256, sha256("n" + i)));
            assertThat(serial).isGreaterThan(last);
            last = serial;
        }

        EmbeddedTimestampAuthority restarted = authority(Clock.fixed(t.plusMillis(1), ZoneOffset.UTC));

        assertThat(serialOf(restarted.timestamp(SHA256, sha256("after restart"))))
                .isGreaterThan(last);
    }

    @Test
    void timestamp_inProcess_returnsDerTokenOverImprintWithCertificate() throws Exception {
        byte[] digest = sha256("in process");

        byte[] der = tsa.timestamp(SHA256, digest);

        TimeStampToken token = new TimeStampToken(new CMSSignedData(der));
        assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(digest);
        assertThat(token.getTimeStampInfo().getNonce()).isNull();
        assertThat(token.getCertificates().getMatches(token.getSID())).hasSize(1);
        assertThat(token.getEncoded("DER")).isEqualTo(der);
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsaCertificate()));
    }

    @Test
    void timestamp_sha512_accepted() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-512").digest(new byte[] {1});

        byte[] der = tsa.timestamp(NISTObjectIdentifiers.id_sha512.getId(), digest);

        TimeStampToken token = new TimeStampToken(new CMSSignedData(der));
        assertThat(token.getTimeStampInfo().getMessageImprintAlgOID()).isEqualTo(NISTObjectIdentifiers.id_sha512);
    }

    @Test
    void timestamp_wrongLengthOrSha1_throwsIllegalArgument() {
        assertThatThrownBy(() -> tsa.timestamp(SHA256, new byte[20]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> tsa.timestamp(OIWObjectIdentifiers.idSHA1.getId(), new byte[20]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SHA-256");
    }

    @Test
    void constructor_keyOfAnotherIdentity_isRejected() {
        var other = pki().identity(vn.signdesk.pki.DemoPki.DEPARTMENT_SEAL);

        assertThatThrownBy(() -> new EmbeddedTimestampAuthority(
                        other.privateKey(), pki().tsa().chain(), POLICY, Duration.ofSeconds(1), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong to the TSA certificate");
    }

    @Test
    void constructor_certificateWithoutTimeStampingUsage_isRejected() {
        var seal = pki().identity(vn.signdesk.pki.DemoPki.DEPARTMENT_SEAL);

        assertThatThrownBy(() -> new EmbeddedTimestampAuthority(
                        seal.privateKey(), seal.chain(), POLICY, Duration.ofSeconds(1), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RFC 3161");
    }

    @Test
    void config_invalidValues_areRejectedNamingTheField() {
        var id = pki().tsa();
        assertThatThrownBy(() -> new EmbeddedTimestampAuthority.Config(
                        id.privateKey(), null, id.chain(), "not-an-oid", Duration.ofSeconds(1), Clock.systemUTC()))
                .hasMessageStartingWith("policyOid:");
        assertThatThrownBy(() -> new EmbeddedTimestampAuthority.Config(
                        id.privateKey(), null, id.chain(), POLICY, Duration.ZERO, Clock.systemUTC()))
                .hasMessageStartingWith("accuracy:");
        assertThatThrownBy(() -> new EmbeddedTimestampAuthority.Config(
                        id.privateKey(), null, List.of(), POLICY, Duration.ofSeconds(1), Clock.systemUTC()))
                .hasMessageStartingWith("chain:");
    }

    private TimeStampToken grantedToken(TimeStampRequest request) {
        TimeStampResponse response = parseResponse(tsa.respond(encoded(request)));
        assertThat(response.getStatus()).isEqualTo(PKIStatus.GRANTED);
        return response.getTimeStampToken();
    }

    private static void assertRejected(TimeStampResponse response, int failureInfo) {
        assertThat(response.getStatus()).isEqualTo(PKIStatus.REJECTION);
        assertThat(response.getTimeStampToken()).isNull();
        assertThat(response.getFailInfo()).isNotNull();
        assertThat(response.getFailInfo().intValue()).isEqualTo(failureInfo);
    }

    private static BigInteger serialOf(byte[] token) {
        try {
            return new TimeStampToken(new CMSSignedData(token))
                    .getTimeStampInfo()
                    .getSerialNumber();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static X509Certificate tsaCertificate() {
        return pki().tsa().certificate();
    }

    private static byte[] certificateBytes() {
        try {
            return pki().tsa().certificate().getEncoded();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
