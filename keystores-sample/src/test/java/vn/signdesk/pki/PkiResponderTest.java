package vn.signdesk.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PkiResponderTest {

    private static final Instant NOW = Instant.parse("2026-05-04T03:02:01Z");
    private static final AlgorithmIdentifier SHA256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);

    private static MutableClock clock;
    private static DemoPki pki;
    private static DemoPki otherPki;
    private static PkiResponder responder;

    @BeforeAll
    static void createPki() {
        clock = new MutableClock(NOW);
        pki = DemoPki.createInMemory(URI.create("http://127.0.0.1:9"), clock);
        otherPki = DemoPki.createInMemory(URI.create("http://127.0.0.1:9"), clock);
        responder = pki.responder();
    }

    @BeforeEach
    void resetClock() {
        clock.set(NOW);
    }

    @Test
    void ocsp_residentWithSha256CertId_isGoodSignedByTheDelegatedResponder() throws Exception {
        CertificateID id = certId(SHA256, pki.issuingCa(), pki.residentRsa().certificate());
        BasicOCSPResp response = basic(responder.ocsp(request(null, id)));

        SingleResp single = response.getResponses()[0];
        assertThat(single.getCertID()).isEqualTo(id);
        assertThat(single.getCertStatus()).isEqualTo(CertificateStatus.GOOD);
        assertSignedBy(response, pki.ocspResponder().certificate());
        assertThat(response.getCerts())
                .extracting(X509CertificateHolder::getSerialNumber)
                .contains(pki.ocspResponder().certificate().getSerialNumber());
    }

    @Test
    void ocsp_residentEcWithSha1CertId_isGood() throws Exception {
        CertificateID id = certId(
                CertificateID.HASH_SHA1, pki.issuingCa(), pki.residentEc().certificate());
        BasicOCSPResp response = basic(responder.ocsp(request(null, id)));
        assertThat(response.getResponses()[0].getCertID()).isEqualTo(id);
        assertThat(response.getResponses()[0].getCertStatus()).isEqualTo(CertificateStatus.GOOD);
    }

    @Test
    void ocsp_revokedSigner_isRevokedAnHourBeforeCreationForKeyCompromise() throws Exception {
        BasicOCSPResp response = basic(responder.ocsp(
                request(null, certId(SHA256, pki.issuingCa(), pki.revoked().certificate()))));
        assertThat(response.getResponses()[0].getCertStatus()).isInstanceOf(RevokedStatus.class);
        RevokedStatus status = (RevokedStatus) response.getResponses()[0].getCertStatus();
        assertThat(status.getRevocationTime().toInstant()).isEqualTo(pki.revocationTime());
        assertThat(status.getRevocationReason()).isEqualTo(CRLReason.keyCompromise);
    }

    @Test
    void ocsp_expiredSigner_isStillAnsweredGood() throws Exception {
        BasicOCSPResp response = basic(responder.ocsp(
                request(null, certId(SHA256, pki.issuingCa(), pki.expired().certificate()))));
        assertThat(response.getResponses()[0].getCertStatus()).isEqualTo(CertificateStatus.GOOD);
    }

    @Test
    void ocsp_serialNotIssuedHere_isUnknown() throws Exception {
        CertificateID issued = certId(SHA256, pki.issuingCa(), pki.residentRsa().certificate());
        CertificateID stranger = CertificateID.deriveCertificateID(issued, BigInteger.valueOf(424242));
        BasicOCSPResp response = basic(responder.ocsp(request(null, stranger)));
        assertThat(response.getResponses()[0].getCertStatus()).isInstanceOf(UnknownStatus.class);
    }

    @Test
    void ocsp_issuingCa_isGoodSignedByTheRoot() throws Exception {
        BasicOCSPResp response = basic(responder.ocsp(request(null, certId(SHA256, pki.rootCa(), pki.issuingCa()))));
        assertThat(response.getResponses()[0].getCertStatus()).isEqualTo(CertificateStatus.GOOD);
        assertSignedBy(response, pki.rootCa());
    }

    @Test
    void ocsp_severalCertificatesOfOneIssuer_answersEachInOrder() throws Exception {
        CertificateID good =
                certId(SHA256, pki.issuingCa(), pki.departmentSeal().certificate());
        CertificateID revoked =
                certId(CertificateID.HASH_SHA1, pki.issuingCa(), pki.revoked().certificate());
        SingleResp[] answers =
                basic(responder.ocsp(request(null, good, revoked))).getResponses();
        assertThat(answers).hasSize(2);
        assertThat(answers[0].getCertID()).isEqualTo(good);
        assertThat(answers[0].getCertStatus()).isEqualTo(CertificateStatus.GOOD);
        assertThat(answers[1].getCertID()).isEqualTo(revoked);
        assertThat(answers[1].getCertStatus()).isInstanceOf(RevokedStatus.class);
    }

    @Test
    void ocsp_nonce_isEchoed() throws Exception {
        byte[] nonce = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        BasicOCSPResp response = basic(responder.ocsp(
                request(nonce, certId(SHA256, pki.issuingCa(), pki.branchCopy().certificate()))));
        Extension echoed = response.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        assertThat(echoed).isNotNull();
        assertThat(DEROctetString.getInstance(echoed.getParsedValue()).getOctets())
                .isEqualTo(nonce);
    }

    @Test
    void ocsp_noNonce_hasNoNonce() throws Exception {
        BasicOCSPResp response = basic(responder.ocsp(
                request(null, certId(SHA256, pki.issuingCa(), pki.branchCopy().certificate()))));
        assertThat(response.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce))
                .isNull();
    }

    @Test
    void ocsp_times_followTheInjectedClock() throws Exception {
        clock.set(NOW.plus(Duration.ofDays(3)).plusMillis(700));
        BasicOCSPResp response = basic(responder.ocsp(
                request(null, certId(SHA256, pki.issuingCa(), pki.residentRsa().certificate()))));
        Instant expected = NOW.plus(Duration.ofDays(3));
        assertThat(response.getProducedAt().toInstant()).isEqualTo(expected);
        assertThat(response.getResponses()[0].getThisUpdate().toInstant()).isEqualTo(expected);
        assertThat(response.getResponses()[0].getNextUpdate().toInstant())
                .isEqualTo(expected.plus(PkiResponder.OCSP_VALIDITY));
    }

    @Test
    void ocsp_certificateOfAnotherPki_isUnauthorized() throws Exception {
        byte[] answer = responder.ocsp(request(
                null,
                certId(SHA256, otherPki.issuingCa(), otherPki.residentRsa().certificate())));
        assertThat(new OCSPResp(answer).getStatus()).isEqualTo(OCSPResp.UNAUTHORIZED);
    }

    @Test
    void ocsp_garbage_isMalformedRequest() throws Exception {
        byte[] valid =
                request(null, certId(SHA256, pki.issuingCa(), pki.residentRsa().certificate()));
        byte[][] hostile = {
            null,
            new byte[0],
            "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            Arrays.copyOf(valid, valid.length / 2),
            {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},
            {0x30, 0x03, 0x30, 0x01, 0x00},
            {0x30, 0x02, 0x30, 0x00},
            deeplyNested(5000),
            new byte[PkiResponder.MAX_OCSP_REQUEST_BYTES + 1],
        };
        for (byte[] bytes : hostile) {
            OCSPResp response = new OCSPResp(responder.ocsp(bytes));
            assertThat(response.getStatus())
                    .as(bytes == null ? "null" : bytes.length + " bytes")
                    .isEqualTo(OCSPResp.MALFORMED_REQUEST);
        }
    }

    @Test
    void ocsp_randomMutationsOfAValidRequest_alwaysAnswerWithAnOcspResponse() throws Exception {
        byte[] valid = request(
                "nonce-nonce-nonce".getBytes(StandardCharsets.US_ASCII),
                certId(SHA256, pki.issuingCa(), pki.residentRsa().certificate()));
        Random random = new Random(6960);
        int successful = 0;
        for (int i = 0; i < 400; i++) {
            byte[] mutated = valid.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
            }
            byte[][] answer = new byte[1][];
            assertThatCode(() -> answer[0] = responder.ocsp(mutated)).doesNotThrowAnyException();
            OCSPResp response = new OCSPResp(answer[0]);
            assertThat(response.getStatus())
                    .isIn(OCSPResp.SUCCESSFUL, OCSPResp.MALFORMED_REQUEST, OCSPResp.UNAUTHORIZED);
            if (response.getStatus() == OCSPResp.SUCCESSFUL) {
                successful++;
                assertSignedBy(
                        (BasicOCSPResp) response.getResponseObject(),
                        pki.ocspResponder().certificate());
            }
        }
        assertThat(successful)
                .as("some mutations only touch the nonce or serial")
                .isPositive();
    }

    @Test
    void crl_issuingCa_listsTheRevokedSerialWithItsReason() throws Exception {
        X509CRL crl = crl(responder.crl("issuing-ca").orElseThrow());
        crl.verify(pki.issuingCa().getPublicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(pki.issuingCa().getSubjectX500Principal());
        assertThat(crl.getRevokedCertificates()).hasSize(1);
        X509CRLEntry entry = crl.getRevokedCertificate(pki.revoked().certificate());
        assertThat(entry).isNotNull();
        assertThat(entry.getRevocationDate().toInstant()).isEqualTo(pki.revocationTime());
        assertThat(entry.getRevocationReason()).isEqualTo(java.security.cert.CRLReason.KEY_COMPROMISE);
        assertThat(crl.isRevoked(pki.residentRsa().certificate())).isFalse();
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(NOW);
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(NOW.plus(PkiResponder.CRL_VALIDITY));
        assertThat(crl.getExtensionValue(Extension.cRLNumber.getId())).isNotNull();
        assertThat(crl.getExtensionValue(Extension.authorityKeyIdentifier.getId()))
                .isNotNull();
    }

    @Test
    void crl_rootCa_isEmptyAndSignedByTheRoot() throws Exception {
        X509CRL crl = crl(responder.crl("root-ca").orElseThrow());
        crl.verify(pki.rootCa().getPublicKey());
        assertThat(crl.getRevokedCertificates()).isNull();
        assertThat(crl.isRevoked(pki.issuingCa())).isFalse();
    }

    @Test
    void crl_withinTheReuseWindow_isTheSameThenFresh() throws Exception {
        byte[] first = responder.crl("issuing-ca").orElseThrow();
        clock.advance(Duration.ofMinutes(1));
        assertThat(responder.crl("issuing-ca").orElseThrow()).isEqualTo(first);
        clock.advance(PkiResponder.CRL_REUSE);
        X509CRL fresh = crl(responder.crl("issuing-ca").orElseThrow());
        assertThat(fresh.getThisUpdate().toInstant())
                .isEqualTo(NOW.plus(Duration.ofMinutes(1)).plus(PkiResponder.CRL_REUSE));
    }

    @Test
    void crl_unknownName_isEmpty() {
        assertThat(responder.crl("resident-rsa")).isEmpty();
        assertThat(responder.crl("../root-ca")).isEmpty();
    }

    @Test
    void caCertificate_knownCa_isItsDerCertificate() throws Exception {
        assertThat(responder.caCertificate("root-ca")).hasValue(pki.rootCa().getEncoded());
        assertThat(responder.caCertificate("issuing-ca"))
                .hasValue(pki.issuingCa().getEncoded());
        assertThat(responder.caCertificate("tsa")).isEmpty();
    }

    @Test
    void handle_routes_answerWithTypesAndStatuses() throws Exception {
        PkiResponder.Response ca = responder.handle("GET", "/pki/ca/issuing-ca.crt", null);
        assertThat(ca.status()).isEqualTo(200);
        assertThat(ca.contentType()).isEqualTo("application/pkix-cert");
        assertThat(ca.body()).isEqualTo(pki.issuingCa().getEncoded());

        PkiResponder.Response crl = responder.handle("GET", "/pki/crl/root-ca.crl?x=1", null);
        assertThat(crl.status()).isEqualTo(200);
        assertThat(crl.contentType()).isEqualTo("application/pkix-crl");
        crl(crl.body()).verify(pki.rootCa().getPublicKey());

        byte[] request =
                request(null, certId(SHA256, pki.issuingCa(), pki.revoked().certificate()));
        PkiResponder.Response post = responder.handle("POST", "/pki/ocsp", request);
        assertThat(post.status()).isEqualTo(200);
        assertThat(post.contentType()).isEqualTo("application/ocsp-response");
        assertThat(basic(post.body()).getResponses()[0].getCertStatus()).isInstanceOf(RevokedStatus.class);

        assertThat(responder.handle("GET", "/pki/ca/nobody.crt", null).status()).isEqualTo(404);
        assertThat(responder.handle("GET", "/elsewhere", null).status()).isEqualTo(404);
        assertThat(responder.handle("GET", "/pki/ocsp", null).status()).isEqualTo(405);
        assertThat(responder.handle("POST", "/pki/crl/root-ca.crl", new byte[0]).status())
                .isEqualTo(405);
        assertThat(new OCSPResp(responder.handle("POST", "/pki/ocsp", null).body()).getStatus())
                .isEqualTo(OCSPResp.MALFORMED_REQUEST);
    }

    @Test
    void handle_getOcspWithUrlEncodedBase64_isAnswered() throws Exception {
        byte[] request =
                request(null, certId(SHA256, pki.issuingCa(), pki.residentEc().certificate()));
        String base64 = Base64.getEncoder().encodeToString(request);
        for (String path : new String[] {
            "/pki/ocsp/" + URLEncoder.encode(base64, StandardCharsets.US_ASCII),
            "/pki/ocsp/" + base64,
            "/pki/ocsp/" + Base64.getUrlEncoder().encodeToString(request),
        }) {
            PkiResponder.Response response = responder.handle("GET", path, null);
            assertThat(response.status()).isEqualTo(200);
            assertThat(basic(response.body()).getResponses()[0].getCertStatus())
                    .as(path)
                    .isEqualTo(CertificateStatus.GOOD);
        }
        assertThat(new OCSPResp(responder.handle("GET", "/pki/ocsp/%zz", null).body()).getStatus())
                .isEqualTo(OCSPResp.MALFORMED_REQUEST);
        assertThat(new OCSPResp(responder.handle("GET", "/pki/ocsp/abc%", null).body()).getStatus())
                .isEqualTo(OCSPResp.MALFORMED_REQUEST);
    }

    private static CertificateID certId(AlgorithmIdentifier hash, X509Certificate issuer, X509Certificate cert)
            throws Exception {
        DigestCalculator digest = new BcDigestCalculatorProvider().get(hash);
        return new CertificateID(digest, new JcaX509CertificateHolder(issuer), cert.getSerialNumber());
    }

    private static byte[] request(byte[] nonceOrNull, CertificateID... ids) throws Exception {
        OCSPReqBuilder builder = new OCSPReqBuilder();
        for (CertificateID id : ids) {
            builder.addRequest(id);
        }
        if (nonceOrNull != null) {
            // RFC 8954 §2.1: the extension value is the DER encoding of an OCTET STRING holding the nonce
            builder.setRequestExtensions(new Extensions(new Extension(
                    OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, new DEROctetString(nonceOrNull).getEncoded())));
        }
        OCSPReq request = builder.build();
        return request.getEncoded();
    }

    private static BasicOCSPResp basic(byte[] der) throws Exception {
        OCSPResp response = new OCSPResp(der);
        assertThat(response.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
        return (BasicOCSPResp) response.getResponseObject();
    }

    private static void assertSignedBy(BasicOCSPResp response, X509Certificate signer) throws Exception {
        assertThat(response.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer.getPublicKey())))
                .isTrue();
    }

    private static X509CRL crl(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }

    private static byte[] deeplyNested(int depth) {
        byte[] bytes = new byte[depth * 2];
        for (int i = 0; i < depth; i++) {
            bytes[2 * i] = 0x30;
            bytes[2 * i + 1] = (byte) 0x80;
        }
        return bytes;
    }
}
