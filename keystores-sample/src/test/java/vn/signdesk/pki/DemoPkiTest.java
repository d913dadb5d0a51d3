package vn.signdesk.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoPkiTest {

    private static final URI URL = URI.create("http://127.0.0.1:18080");
    /** Milliseconds on purpose: certificate times are whole seconds. */
    private static final Instant NOW = Instant.parse("2026-03-02T08:15:30.250Z");

    private static final Instant NOW_SECONDS = Instant.parse("2026-03-02T08:15:30Z");

    private static DemoPki pki;

    @BeforeAll
    static void createPki() {
        pki = DemoPki.createInMemory(URI.create(URL + "/"), new MutableClock(NOW));
    }

    @Test
    void createInMemory_anyIdentityButExpired_chainsToTheRootNow() throws Exception {
        for (String name : DemoPki.ALL_NAMES) {
            if (name.equals(DemoPki.EXPIRED) || name.equals(DemoPki.ROOT_CA)) {
                continue;
            }
            validate(pki.identity(name).chain(), NOW);
        }
    }

    @Test
    void createInMemory_expiredSigner_failsValidationNowButChainedWhileValid() throws Exception {
        List<X509Certificate> chain = pki.expired().chain();
        assertThatThrownBy(() -> validate(chain, NOW))
                .isInstanceOf(CertPathValidatorException.class)
                .hasCauseInstanceOf(CertificateExpiredException.class);
        validate(chain, NOW.minus(Duration.ofDays(30)));
        assertThat(pki.expired().certificate().getNotAfter().toInstant())
                .isEqualTo(NOW_SECONDS.minus(Duration.ofDays(1)));
    }

    @Test
    void createInMemory_chains_areLeafIssuingRoot() {
        for (String name : DemoPki.SIGNER_NAMES) {
            assertThat(pki.identity(name).chain())
                    .containsExactly(pki.identity(name).certificate(), pki.issuingCa(), pki.rootCa());
        }
        assertThat(pki.tsa().chain()).containsExactly(pki.tsa().certificate(), pki.issuingCa(), pki.rootCa());
        assertThat(pki.ocspResponder().chain()).hasSize(3);
        assertThat(pki.rootCaIdentity().chain()).containsExactly(pki.rootCa());
        assertThat(pki.issuingCaIdentity().chain()).containsExactly(pki.issuingCa(), pki.rootCa());
    }

    @Test
    void createInMemory_names_areExactUtf8VietnameseText() {
        assertThat(DemoPki.DEPARTMENT_SEAL_NAME)
                .isEqualTo(Normalizer.normalize("Sở Tư pháp Thành phố Hà Nội", Normalizer.Form.NFC));
        assertThat(DemoPki.RESIDENT_NAME).isEqualTo(Normalizer.normalize(DemoPki.RESIDENT_NAME, Normalizer.Form.NFC));
        assertThat(DemoPki.BRANCH_COPY_NAME)
                .isEqualTo(Normalizer.normalize(DemoPki.BRANCH_COPY_NAME, Normalizer.Form.NFC));

        assertName(pki.departmentSeal().certificate(), BCStyle.CN, "Sở Tư pháp Thành phố Hà Nội");
        assertName(pki.departmentSeal().certificate(), BCStyle.O, "Sở Tư pháp Thành phố Hà Nội");
        assertName(
                pki.branchCopy().certificate(),
                BCStyle.CN,
                "Chi nhánh số 1 - Trung tâm Phục vụ hành chính công Hà Nội");
        assertName(pki.branchCopy().certificate(), BCStyle.O, "Trung tâm Phục vụ hành chính công Hà Nội");
        assertName(pki.residentRsa().certificate(), BCStyle.CN, "Nguyễn Thị Lấp Lánh Ánh");
        assertName(pki.residentEc().certificate(), BCStyle.CN, "Nguyễn Thị Lấp Lánh Ánh");
        assertName(pki.rootCa(), BCStyle.CN, "SignDesk Demo Root CA");
        assertName(pki.issuingCa(), BCStyle.CN, "SignDesk Demo Issuing CA");
        for (String name : DemoPki.ALL_NAMES) {
            ASN1Encodable country = rdnValue(pki.identity(name).certificate(), BCStyle.C);
            assertThat(country).isInstanceOf(DERPrintableString.class);
            assertThat(country.toString()).isEqualTo("VN");
        }
    }

    @Test
    void createInMemory_keys_areRsa2048ExceptResidentEcOnP256() {
        for (String name : DemoPki.ALL_NAMES) {
            X509Certificate cert = pki.identity(name).certificate();
            if (name.equals(DemoPki.RESIDENT_EC)) {
                assertThat(cert.getPublicKey()).isInstanceOf(ECPublicKey.class);
                assertThat(((ECPublicKey) cert.getPublicKey())
                                .getParams()
                                .getCurve()
                                .getField()
                                .getFieldSize())
                        .isEqualTo(256);
                assertThat(pki.identity(name).privateKey().getAlgorithm()).isEqualTo("EC");
            } else {
                assertThat(cert.getPublicKey()).as(name).isInstanceOf(RSAPublicKey.class);
                assertThat(((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength())
                        .as(name)
                        .isEqualTo(2048);
            }
            assertThat(cert.getSigAlgName()).isEqualTo("SHA256withRSA");
        }
    }

    @Test
    void createInMemory_privateKeys_matchTheirCertificates() throws Exception {
        byte[] data = "Hồ sơ số 1".getBytes(StandardCharsets.UTF_8);
        for (String name : DemoPki.ALL_NAMES) {
            Identity identity = pki.identity(name);
            String algorithm = identity.privateKey().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(identity.privateKey());
            signer.update(data);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(identity.certificate().getPublicKey());
            verifier.update(data);
            assertThat(verifier.verify(signature)).as(name).isTrue();
        }
    }

    @Test
    void createInMemory_tsa_hasOnlyCriticalTimeStampingPurpose() throws Exception {
        X509Certificate tsa = pki.tsa().certificate();
        assertThat(tsa.getCriticalExtensionOIDs())
                .contains(Extension.extendedKeyUsage.getId(), Extension.keyUsage.getId());
        assertThat(tsa.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_timeStamping.getId());
        assertThat(tsa.getKeyUsage()).startsWith(true, false);
    }

    @Test
    void createInMemory_ocspResponder_hasOcspSigningAndNocheck() throws Exception {
        X509Certificate ocsp = pki.ocspResponder().certificate();
        assertThat(ocsp.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_OCSPSigning.getId());
        assertThat(ocsp.getExtensionValue(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck.getId()))
                .isNotNull();
        assertThat(ocsp.getIssuerX500Principal()).isEqualTo(pki.issuingCa().getSubjectX500Principal());
    }

    @Test
    void createInMemory_signers_haveCriticalDigitalSignatureAndNonRepudiation() {
        for (String name : DemoPki.SIGNER_NAMES) {
            X509Certificate cert = pki.identity(name).certificate();
            assertThat(cert.getCriticalExtensionOIDs()).as(name).contains(Extension.keyUsage.getId());
            assertThat(cert.getKeyUsage()).as(name).startsWith(true, true, false, false, false, false, false);
            assertThat(cert.getBasicConstraints()).as(name).isEqualTo(-1);
        }
    }

    @Test
    void createInMemory_cas_areRootAndIssuingWithPathLengthZero() {
        assertThat(pki.rootCa().getSubjectX500Principal())
                .isEqualTo(pki.rootCa().getIssuerX500Principal());
        assertThat(pki.rootCa().getBasicConstraints()).isEqualTo(Integer.MAX_VALUE);
        assertThat(pki.issuingCa().getBasicConstraints()).isZero();
        assertThat(pki.issuingCa().getIssuerX500Principal())
                .isEqualTo(pki.rootCa().getSubjectX500Principal());
        assertThat(pki.rootCa().getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(pki.issuingCa().getKeyUsage()[6]).as("cRLSign").isTrue();
    }

    @Test
    void createInMemory_nonRootCertificates_pointAtThePublicUrl() throws Exception {
        for (String name : DemoPki.ALL_NAMES) {
            if (name.equals(DemoPki.ROOT_CA)) {
                continue;
            }
            Identity identity = pki.identity(name);
            X509Certificate cert = identity.certificate();
            X509Certificate issuer = identity.chain().get(1);
            String issuerName = name.equals(DemoPki.ISSUING_CA) ? "root-ca" : "issuing-ca";

            AuthorityInformationAccess aia =
                    AuthorityInformationAccess.getInstance(extension(cert, Extension.authorityInfoAccess));
            List<String> ocsp = new ArrayList<>();
            List<String> caIssuers = new ArrayList<>();
            for (AccessDescription description : aia.getAccessDescriptions()) {
                String uri = description.getAccessLocation().getName().toString();
                (description.getAccessMethod().equals(AccessDescription.id_ad_ocsp) ? ocsp : caIssuers).add(uri);
            }
            assertThat(ocsp).as(name).containsExactly("http://127.0.0.1:18080/pki/ocsp");
            assertThat(caIssuers).as(name).containsExactly("http://127.0.0.1:18080/pki/ca/" + issuerName + ".crt");

            CRLDistPoint crlDp = CRLDistPoint.getInstance(extension(cert, Extension.cRLDistributionPoints));
            DistributionPoint point = crlDp.getDistributionPoints()[0];
            GeneralName crlUri = GeneralNames.getInstance(
                            point.getDistributionPoint().getName())
                    .getNames()[0];
            assertThat(crlUri.getTagNo()).isEqualTo(GeneralName.uniformResourceIdentifier);
            assertThat(crlUri.getName().toString())
                    .as(name)
                    .isEqualTo("http://127.0.0.1:18080/pki/crl/" + issuerName + ".crl");

            byte[] authorityKeyId = AuthorityKeyIdentifier.getInstance(
                            extension(cert, Extension.authorityKeyIdentifier))
                    .getKeyIdentifierObject()
                    .getOctets();
            byte[] issuerKeyId = SubjectKeyIdentifier.getInstance(extension(issuer, Extension.subjectKeyIdentifier))
                    .getKeyIdentifier();
            assertThat(authorityKeyId).as(name).isEqualTo(issuerKeyId);
            assertThat(cert.getExtensionValue(Extension.subjectKeyIdentifier.getId()))
                    .as(name)
                    .isNotNull();
        }
        assertThat(pki.ocspUrl()).isEqualTo(URI.create("http://127.0.0.1:18080/pki/ocsp"));
        assertThat(pki.crlUrl("issuing-ca")).isEqualTo(URI.create("http://127.0.0.1:18080/pki/crl/issuing-ca.crl"));
        assertThat(pki.caCertificateUrl("root-ca")).isEqualTo(URI.create("http://127.0.0.1:18080/pki/ca/root-ca.crt"));
    }

    @Test
    void createInMemory_serials_areUniquePositiveAndOver64Bits() {
        Set<BigInteger> serials = new HashSet<>();
        for (String name : DemoPki.ALL_NAMES) {
            BigInteger serial = pki.identity(name).certificate().getSerialNumber();
            assertThat(serial.signum()).isPositive();
            assertThat(serial.bitLength()).isGreaterThan(64);
            serials.add(serial);
        }
        assertThat(serials).hasSize(DemoPki.ALL_NAMES.size());
    }

    @Test
    void createInMemory_validity_isRelativeToTheClock() {
        assertThat(pki.createdAt()).isEqualTo(NOW_SECONDS);
        for (String name :
                List.of("tsa", "ocsp", "department-seal", "branch-copy", "resident-rsa", "resident-ec", "revoked")) {
            X509Certificate cert = pki.identity(name).certificate();
            assertThat(cert.getNotBefore().toInstant()).as(name).isEqualTo(NOW_SECONDS.minus(Duration.ofDays(1)));
            assertThat(cert.getNotAfter().toInstant()).as(name).isEqualTo(plusYears(NOW_SECONDS, 2));
        }
        X509Certificate expired = pki.expired().certificate();
        assertThat(expired.getNotAfter().toInstant()).isBefore(NOW);
        assertThat(expired.getNotBefore().toInstant())
                .isAfter(pki.issuingCa().getNotBefore().toInstant());
        Instant caStart = pki.rootCa().getNotBefore().toInstant();
        assertThat(caStart).isBefore(NOW.minus(Duration.ofDays(366)));
        assertThat(pki.rootCa().getNotAfter().toInstant()).isEqualTo(plusYears(caStart, 10));
        assertThat(pki.issuingCa().getNotAfter().toInstant()).isEqualTo(plusYears(caStart, 5));
    }

    @Test
    void createInMemory_revokedSigner_revokedAnHourBeforeCreation() {
        assertThat(pki.revocationTime()).isEqualTo(NOW_SECONDS.minus(Duration.ofHours(1)));
        assertThat(pki.revoked().certificate().getNotBefore().toInstant()).isBefore(pki.revocationTime());
    }

    @Test
    void createInMemory_twice_givesDifferentKeysAndSerials() {
        DemoPki other = DemoPki.createInMemory(URL, new MutableClock(NOW));
        assertThat(other.rootCa()).isNotEqualTo(pki.rootCa());
        assertThat(other.residentRsa().certificate().getSerialNumber())
                .isNotEqualTo(pki.residentRsa().certificate().getSerialNumber());
        assertThat(other.dirOrNull()).isNull();
        assertThat(other.dirOrEmpty()).isEmpty();
        assertThat(other.p12File("resident-rsa")).isEmpty();
    }

    @Test
    void identity_byFileName_isTheNamedIdentity() {
        assertThat(pki.identity("department-seal")).isSameAs(pki.departmentSeal());
        assertThat(pki.identity("branch-copy")).isSameAs(pki.branchCopy());
        assertThat(pki.identity("resident-rsa")).isSameAs(pki.residentRsa());
        assertThat(pki.identity("resident-ec")).isSameAs(pki.residentEc());
        assertThat(pki.identity("revoked")).isSameAs(pki.revoked());
        assertThat(pki.identity("expired")).isSameAs(pki.expired());
        assertThat(pki.identity("tsa")).isSameAs(pki.tsa());
        assertThat(pki.identity("ocsp")).isSameAs(pki.ocspResponder());
        assertThat(pki.identity("root-ca").certificate()).isEqualTo(pki.rootCa());
        for (String name : DemoPki.ALL_NAMES) {
            assertThat(pki.identity(name).name()).isEqualTo(name);
        }
    }

    @Test
    void identity_unknownName_throwsNamingTheKnownOnes() {
        assertThatThrownBy(() -> pki.identity("resident"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resident-rsa");
    }

    @Test
    void publicUrl_trailingSlash_isStripped() {
        assertThat(pki.publicUrl()).isEqualTo(URL);
    }

    @Test
    void createInMemory_notAnHttpUrl_isRejected() {
        MutableClock clock = new MutableClock(NOW);
        assertThatThrownBy(() -> DemoPki.createInMemory(URI.create("file:///tmp/pki"), clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DemoPki.createInMemory(URI.create("http://localhost:8080/?x=1"), clock))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void identityToString_namesTheCertificateButNotTheKey() throws Exception {
        String text = pki.residentRsa().toString();
        assertThat(text).contains("resident-rsa").contains("Nguyễn Thị Lấp Lánh Ánh");
        String exponent = ((RSAPrivateKey) pki.residentRsa().privateKey())
                .getPrivateExponent()
                .toString();
        assertThat(text).doesNotContain(exponent.substring(0, 40));
    }

    @Test
    void toPkcs12_readBackWithThePassword_givesKeyAndChainUnderItsName() throws Exception {
        byte[] p12 = pki.residentEc().toPkcs12(DemoPki.PASSWORD.toCharArray());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(new ByteArrayInputStream(p12), DemoPki.PASSWORD.toCharArray());
        assertThat(Collections.list(store.aliases())).containsExactly("resident-ec");
        assertThat(store.getKey("resident-ec", DemoPki.PASSWORD.toCharArray()))
                .isEqualTo(pki.residentEc().privateKey());
        assertThat(store.getCertificateChain("resident-ec"))
                .containsExactly(pki.residentEc().chain().toArray(new X509Certificate[0]));
    }

    private static void validate(List<X509Certificate> chain, Instant at) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(pki.rootCa(), null)));
        parameters.setRevocationEnabled(false);
        parameters.setDate(Date.from(at));
        CertPathValidator.getInstance("PKIX")
                .validate(factory.generateCertPath(chain.subList(0, chain.size() - 1)), parameters);
    }

    private static void assertName(X509Certificate cert, ASN1ObjectIdentifier type, String expected) {
        ASN1Encodable value = rdnValue(cert, type);
        assertThat(value).isInstanceOf(DERUTF8String.class);
        assertThat(((DERUTF8String) value).getString()).isEqualTo(expected);
    }

    private static ASN1Encodable rdnValue(X509Certificate cert, ASN1ObjectIdentifier type) {
        RDN[] rdns = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded())
                .getRDNs(type);
        assertThat(rdns).hasSize(1);
        return rdns[0].getFirst().getValue();
    }

    private static ASN1Primitive extension(X509Certificate cert, ASN1ObjectIdentifier oid) throws IOException {
        byte[] value = cert.getExtensionValue(oid.getId());
        assertThat(value).as(oid.getId()).isNotNull();
        return ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(value).getOctets());
    }

    private static Instant plusYears(Instant instant, int years) {
        return instant.atOffset(ZoneOffset.UTC).plusYears(years).toInstant();
    }
}
