package vn.signdesk.pki;

import java.math.BigInteger;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Generates a fresh demo PKI: keys, certificates and the revocation of the revoked signer.
 *
 * <p>Implementation notes. Validity is relative to the clock's instant {@code now} (whole seconds):
 * leaves from {@code now - 1 day} to {@code now + 2 years}; the expired signer from
 * {@code now - 1 year - 1 day} to {@code now - 1 day}; the CAs start 400 days before {@code now}, so
 * that the expired signer's whole life lies inside its issuers' validity (a chain that held when it
 * was used, RFC 5280 §6.1), and last 10 years (root) and 5 years (issuing CA) from their start.
 * RSA key generation dominates the cost (about 100 ms per key on a small machine, much more before
 * the JIT warms up), so the keys are generated on up to two threads. One {@link SecureRandom} serves
 * every key and serial number; it is thread-safe. Certificates carry UTF8String names (BCStyle's
 * default for everything but C), SHA-1 key identifiers (RFC 5280 §4.2.1.2 method 1) and 126-bit
 * positive random serials (CA/B BR §7.1 asks for at least 64 random bits).
 */
final class PkiGenerator {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SIGNATURE_ALGORITHM = "SHA256withRSA";
    private static final Duration CA_BACKDATE = Duration.ofDays(400);
    private static final Duration LEAF_BACKDATE = Duration.ofDays(1);
    private static final Duration REVOKED_BEFORE_CREATION = Duration.ofHours(1);
    private static final String DEMO_ORGANIZATION = "SignDesk Demo";

    private enum Profile {
        SIGNER,
        TSA,
        OCSP
    }

    private record LeafSpec(String name, X500Name subject, boolean ec, Profile profile) {}

    private static final List<LeafSpec> LEAVES = List.of(
            new LeafSpec(DemoPki.TSA, name(DEMO_ORGANIZATION, "SignDesk Demo TSA"), false, Profile.TSA),
            new LeafSpec(DemoPki.OCSP, name(DEMO_ORGANIZATION, "SignDesk Demo OCSP Responder"), false, Profile.OCSP),
            new LeafSpec(
                    DemoPki.DEPARTMENT_SEAL,
                    name(DemoPki.DEPARTMENT_SEAL_NAME, DemoPki.DEPARTMENT_SEAL_NAME),
                    false,
                    Profile.SIGNER),
            new LeafSpec(
                    DemoPki.BRANCH_COPY,
                    name(DemoPki.BRANCH_ORGANIZATION_NAME, DemoPki.BRANCH_COPY_NAME),
                    false,
                    Profile.SIGNER),
            new LeafSpec(DemoPki.RESIDENT_RSA, name(null, DemoPki.RESIDENT_NAME), false, Profile.SIGNER),
            new LeafSpec(DemoPki.RESIDENT_EC, name(null, DemoPki.RESIDENT_NAME), true, Profile.SIGNER),
            new LeafSpec(DemoPki.REVOKED, name(DEMO_ORGANIZATION, DemoPki.REVOKED_NAME), false, Profile.SIGNER),
            new LeafSpec(DemoPki.EXPIRED, name(DEMO_ORGANIZATION, DemoPki.EXPIRED_NAME), false, Profile.SIGNER));

    private final URI publicUrl;
    private final Instant now;
    private final JcaX509ExtensionUtils extensionUtils;
    private final JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    private final Set<BigInteger> serials = new HashSet<>();

    private PkiGenerator(URI publicUrl, Clock clock) throws GeneralSecurityException {
        this.publicUrl = publicUrl;
        this.now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        this.extensionUtils = new JcaX509ExtensionUtils();
    }

    /** Generates a complete demo PKI for the given (normalised) public URL, valid around the clock's now. */
    static PkiMaterial generate(URI publicUrl, Clock clock) {
        try {
            return new PkiGenerator(publicUrl, clock).generate();
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("could not generate the demo PKI", e);
        }
    }

    private PkiMaterial generate() throws GeneralSecurityException, OperatorCreationException, CertIOException {
        List<KeyPair> rsaKeys = generateKeys(2 + LEAVES.size());
        Map<String, Identity> identities = new LinkedHashMap<>();

        X500Name rootName = name(DEMO_ORGANIZATION, "SignDesk Demo Root CA");
        KeyPair rootKeys = rsaKeys.get(0);
        Instant caStart = now.minus(CA_BACKDATE);
        X509v3CertificateBuilder root = new JcaX509v3CertificateBuilder(
                rootName, newSerial(), date(caStart), date(plusYears(caStart, 10)), rootName, rootKeys.getPublic());
        root.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        root.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        root.addExtension(
                Extension.subjectKeyIdentifier, false, extensionUtils.createSubjectKeyIdentifier(rootKeys.getPublic()));
        X509Certificate rootCert = sign(root, rootKeys.getPrivate());
        identities.put(DemoPki.ROOT_CA, new Identity(DemoPki.ROOT_CA, rootKeys.getPrivate(), List.of(rootCert)));

        X500Name issuingName = name(DEMO_ORGANIZATION, "SignDesk Demo Issuing CA");
        KeyPair issuingKeys = rsaKeys.get(1);
        X509v3CertificateBuilder issuing = new JcaX509v3CertificateBuilder(
                rootCert,
                newSerial(),
                date(caStart),
                date(plusYears(caStart, 5)),
                issuingName,
                issuingKeys.getPublic());
        issuing.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        issuing.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        addIdentifiersAndLocations(issuing, issuingKeys.getPublic(), rootKeys.getPublic(), DemoPki.ROOT_CA);
        X509Certificate issuingCert = sign(issuing, rootKeys.getPrivate());
        identities.put(
                DemoPki.ISSUING_CA,
                new Identity(DemoPki.ISSUING_CA, issuingKeys.getPrivate(), List.of(issuingCert, rootCert)));

        KeyPair ecKeys = generateEcKey();
        Instant revocationTime = now.minus(REVOKED_BEFORE_CREATION);
        BigInteger revokedSerial = null;
        for (int i = 0; i < LEAVES.size(); i++) {
            LeafSpec spec = LEAVES.get(i);
            KeyPair keys = spec.ec() ? ecKeys : rsaKeys.get(2 + i);
            X509Certificate cert = issueLeaf(spec, keys.getPublic(), issuingCert, issuingKeys);
            identities.put(
                    spec.name(), new Identity(spec.name(), keys.getPrivate(), List.of(cert, issuingCert, rootCert)));
            if (spec.name().equals(DemoPki.REVOKED)) {
                revokedSerial = cert.getSerialNumber();
            }
        }
        return new PkiMaterial(
                publicUrl,
                now,
                identities,
                new PkiMaterial.Revocation(revokedSerial, revocationTime, CRLReason.keyCompromise));
    }

    private X509Certificate issueLeaf(LeafSpec spec, PublicKey key, X509Certificate issuingCert, KeyPair issuingKeys)
            throws GeneralSecurityException, OperatorCreationException, CertIOException {
        Instant notBefore = now.minus(LEAF_BACKDATE);
        Instant notAfter = plusYears(now, 2);
        if (spec.name().equals(DemoPki.EXPIRED)) {
            notAfter = now.minus(LEAF_BACKDATE);
            notBefore = plusYears(notAfter, -1);
        }
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuingCert, newSerial(), date(notBefore), date(notAfter), spec.subject(), key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        switch (spec.profile()) {
            case SIGNER ->
                builder.addExtension(
                        Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            case TSA -> {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                // RFC 3161 §2.3: the TSA certificate must have exactly this purpose, marked critical
                builder.addExtension(
                        Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
            }
            case OCSP -> {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(
                        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
                // RFC 6960 §4.2.2.2.1: clients need not check the responder's own status
                builder.addExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nocheck, false, DERNull.INSTANCE);
            }
        }
        addIdentifiersAndLocations(builder, key, issuingKeys.getPublic(), DemoPki.ISSUING_CA);
        return sign(builder, issuingKeys.getPrivate());
    }

    private void addIdentifiersAndLocations(
            X509v3CertificateBuilder builder, PublicKey subjectKey, PublicKey issuerKey, String issuerName)
            throws GeneralSecurityException, CertIOException {
        builder.addExtension(
                Extension.subjectKeyIdentifier, false, extensionUtils.createSubjectKeyIdentifier(subjectKey));
        builder.addExtension(
                Extension.authorityKeyIdentifier, false, extensionUtils.createAuthorityKeyIdentifier(issuerKey));
        builder.addExtension(
                Extension.authorityInfoAccess, false, new AuthorityInformationAccess(new AccessDescription[] {
                    new AccessDescription(AccessDescription.id_ad_ocsp, uri(DemoPki.ocspUrl(publicUrl))),
                    new AccessDescription(
                            AccessDescription.id_ad_caIssuers, uri(DemoPki.caCertificateUrl(publicUrl, issuerName)))
                }));
        builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
            new DistributionPoint(
                    new DistributionPointName(new GeneralNames(uri(DemoPki.crlUrl(publicUrl, issuerName)))), null, null)
        }));
    }

    private X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws GeneralSecurityException, OperatorCreationException {
        return converter.getCertificate(
                builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(issuerKey)));
    }

    private BigInteger newSerial() {
        while (true) {
            BigInteger serial = new BigInteger(126, RANDOM).setBit(125);
            if (serials.add(serial)) {
                return serial;
            }
        }
    }

    private static List<KeyPair> generateKeys(int count) throws GeneralSecurityException {
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "demo-pki-keygen");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<KeyPair>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(() -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(2048, RANDOM);
                    return generator.generateKeyPair();
                }));
            }
            List<KeyPair> keys = new ArrayList<>(count);
            for (Future<KeyPair> future : futures) {
                keys.add(future.get());
            }
            return keys;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while generating the demo keys", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GeneralSecurityException cause) {
                throw cause;
            }
            throw new IllegalStateException("could not generate the demo keys", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static KeyPair generateEcKey() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    /** A DN with C=VN, then O if given, then CN; BCStyle encodes O and CN as UTF8String. */
    static X500Name name(String organizationOrNull, String commonName) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "VN");
        if (organizationOrNull != null) {
            builder.addRDN(BCStyle.O, organizationOrNull);
        }
        return builder.addRDN(BCStyle.CN, commonName).build();
    }

    private static GeneralName uri(String uri) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, uri);
    }

    private static Date date(Instant instant) {
        return Date.from(instant);
    }

    private static Instant plusYears(Instant instant, int years) {
        return instant.atOffset(ZoneOffset.UTC).plusYears(years).toInstant();
    }
}
