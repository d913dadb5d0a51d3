package vn.signdesk.signing.tsa;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIFreeText;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.cmp.PKIStatusInfo;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.tsp.MessageImprint;
import org.bouncycastle.asn1.tsp.TimeStampReq;
import org.bouncycastle.asn1.tsp.TimeStampResp;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TSPUtil;
import org.bouncycastle.tsp.TSPValidationException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.signing.TimestampUnavailableException;
import vn.signdesk.signing.Timestamper;
import vn.signdesk.signing.internal.NativeRsa;

/**
 * An RFC 3161 time-stamp authority that runs inside the service: it answers DER
 * {@code TimeStampReq}s for the {@code POST /tsa} route and issues tokens in-process for B-T signing.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>Everything that does not depend on the request is encoded once, in DER, by a {@code
 *       TokenEncoder}: the certificates, the signer identifier, the ESSCertIDv2 (SHA-256, with
 *       issuerSerial) signing-certificate attribute, the TSA name, policy and accuracy, the
 *       algorithm identifiers. A token is then the request's imprint, serial, genTime and nonce
 *       written around those bytes and one signature: no Bouncy Castle CMS generator, certificate
 *       store or content signer per call (they used to cost several times the RSA signature
 *       itself), and nothing shared that needs a lock or a pool.
 *   <li>A software RSA key signs through the native provider when it loads ({@link NativeRsa}:
 *       OpenSSL-derived, about three times the JDK's RSA speed), with the JDK as fallback; a key
 *       of a configured provider (PKCS#11) always signs there.
 *   <li>Accepted imprints: SHA-256, SHA-384, SHA-512. SHA-1 is refused with {@code badAlg}: a SHA-1
 *       imprint proves only that <em>some</em> document with that hash existed, and chosen-prefix
 *       SHA-1 collisions are practical (2020), so such a token is weak evidence; the validation
 *       policies SignDesk uses (DSS defaults, ETSI TS 119 312) reject SHA-1 for new timestamps anyway.
 *   <li>Serial numbers are {@code max(previous + 1, millisecondsSinceEpoch << 20)}: strictly
 *       increasing within a process (one CAS per token) and across restarts as long as the clock
 *       does not step back and fewer than 2<sup>20</sup> tokens are issued per millisecond.
 *   <li>Requests are handled per RFC 3161 §2.4.1: a request that cannot be parsed is answered with
 *       {@code rejection/badRequest}; unknown algorithm {@code badAlg}; wrong imprint length
 *       {@code badDataFormat}; a policy other than ours {@code unacceptedPolicy}; any extension
 *       {@code unacceptedExtension}; an internal failure {@code systemFailure}. {@link #respond}
 *       never throws for any input.
 *   <li>{@code genTime} comes from the injected {@link Clock} with millisecond resolution and the
 *       configured accuracy; {@code certReq} decides whether the TSA certificate and its
 *       intermediate CAs (not a self-signed root) go into the token.
 * </ul>
 */
public final class EmbeddedTimestampAuthority implements Timestamper {

    /** Requests above this size are refused unread: a real TimeStampReq is a few hundred bytes. */
    public static final int MAX_REQUEST_BYTES = 8 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTimestampAuthority.class);

    private static final int SERIAL_SHIFT = 20;

    /** DER {@code PKIStatusInfo} with status granted (RFC 3161 §2.4.2). */
    private static final byte[] GRANTED = {0x30, 0x03, 0x02, 0x01, 0x00};

    /** Accepted imprint algorithms and their digest lengths. */
    private static final Map<ASN1ObjectIdentifier, Integer> ACCEPTED_DIGESTS = Map.of(
            NISTObjectIdentifiers.id_sha256, 32,
            NISTObjectIdentifiers.id_sha384, 48,
            NISTObjectIdentifiers.id_sha512, 64);

    // RFC 5754 §2: SHA-2 AlgorithmIdentifiers are generated with absent parameters.
    private static final Map<String, AlgorithmIdentifier> IN_PROCESS_ALGORITHMS = Map.of(
            NISTObjectIdentifiers.id_sha256.getId(), new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256),
            NISTObjectIdentifiers.id_sha384.getId(), new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha384),
            NISTObjectIdentifiers.id_sha512.getId(), new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha512));

    private final Config config;
    private final ASN1ObjectIdentifier policy;
    private final Set<ASN1ObjectIdentifier> acceptedPolicies;
    private final String signatureAlgorithm;
    private final TokenEncoder encoder;
    private final AtomicLong lastSerial = new AtomicLong();

    /**
     * The settings of an embedded authority.
     *
     * @param privateKey the TSA signing key (RSA or EC)
     * @param providerOrNull the JCA provider that must use the key (a PKCS#11 provider), or null
     * @param chain the TSA certificate first (with the critical timeStamping extended key usage
     *     required by RFC 3161 §2.3), then its CAs
     * @param policyOid the TSA policy under which tokens are issued, e.g. {@code 1.3.6.1.4.1.55555.1.1}
     * @param accuracy how far genTime may be from UTC, between 1 µs and 1 hour, e.g. one second
     * @param clock the time source of genTime
     */
    public record Config(
            PrivateKey privateKey,
            Provider providerOrNull,
            List<X509Certificate> chain,
            String policyOid,
            Duration accuracy,
            Clock clock) {

        public Config {
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(chain, "chain");
            Objects.requireNonNull(policyOid, "policyOid");
            Objects.requireNonNull(accuracy, "accuracy");
            Objects.requireNonNull(clock, "clock");
            chain = List.copyOf(chain);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("chain: needs at least the TSA certificate");
            }
            if (ASN1ObjectIdentifier.tryFromID(policyOid) == null) {
                throw new IllegalArgumentException("policyOid: '" + policyOid + "' is not an object identifier");
            }
            if (accuracy.compareTo(Duration.ofNanos(1000)) < 0 || accuracy.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException(
                        "accuracy: must be between 1 microsecond and 1 hour, was " + accuracy);
            }
        }

        @Override
        public String toString() {
            return "EmbeddedTimestampAuthority.Config[tsa="
                    + chain.get(0).getSubjectX500Principal().getName() + ", policyOid=" + policyOid + ", accuracy="
                    + accuracy + "]";
        }
    }

    /**
     * Creates an authority with the key in the default JCA providers.
     *
     * @see Config
     */
    public EmbeddedTimestampAuthority(
            PrivateKey privateKey, List<X509Certificate> chain, String policyOid, Duration accuracy, Clock clock) {
        this(new Config(privateKey, null, chain, policyOid, accuracy, clock));
    }

    /**
     * Creates an authority from its settings, checking once that the key, the certificate and the
     * policy can produce a valid token.
     *
     * @throws IllegalArgumentException when the key does not match the certificate, the certificate is
     *     not a TSA certificate, or the key type is not RSA or EC
     */
    public EmbeddedTimestampAuthority(Config config) {
        this.config = Objects.requireNonNull(config, "config");
        this.policy = new ASN1ObjectIdentifier(config.policyOid());
        this.acceptedPolicies = Set.of(policy);
        this.signatureAlgorithm = signatureAlgorithmFor(config.privateKey());
        X509Certificate tsaCertificate = config.chain().get(0);
        checkKeyMatchesCertificate(config, signatureAlgorithm);
        checkTimestampingCertificate(tsaCertificate);
        GeneralName tsaName;
        try {
            tsaName = new GeneralName(X500Name.getInstance(
                    tsaCertificate.getSubjectX500Principal().getEncoded()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the TSA certificate chain cannot be used", e);
        }
        List<X509Certificate> included = config.chain().stream()
                .filter(c -> c == tsaCertificate || !isSelfSigned(c))
                .toList();
        PrivateKey key = config.privateKey();
        Provider provider = config.providerOrNull();
        if (provider == null && signatureAlgorithm.equals("SHA256withRSA")) {
            Optional<PrivateKey> translated = NativeRsa.translate(key, tsaCertificate);
            if (translated.isPresent()) {
                key = translated.get();
                provider = NativeRsa.provider().orElseThrow();
            }
        }
        this.encoder = new TokenEncoder(
                config.chain(), included, key, provider, signatureAlgorithm, policy, config.accuracy(), tsaName);
    }

    /** Creates an authority from its settings; the same as {@code new EmbeddedTimestampAuthority(config)}. */
    public static EmbeddedTimestampAuthority create(Config config) {
        return new EmbeddedTimestampAuthority(config);
    }

    /** The TSA certificate that signs the tokens. */
    public X509Certificate certificate() {
        return config.chain().get(0);
    }

    /** The policy OID written into every token. */
    public String policyOid() {
        return config.policyOid();
    }

    /**
     * Answers a DER-encoded RFC 3161 {@code TimeStampReq} with a DER-encoded {@code TimeStampResp}
     * (media types {@code application/timestamp-query} and {@code application/timestamp-reply}).
     * Never throws: every problem becomes a rejection with the matching {@code PKIFailureInfo}.
     */
    public byte[] respond(byte[] derTimeStampReq) {
        TimeStampRequest request;
        try {
            request = parse(derTimeStampReq);
        } catch (IOException | RuntimeException e) {
            LOG.debug("malformed timestamp request: {}", e.toString());
            return rejection(PKIFailureInfo.badRequest, "malformed request");
        }
        try {
            request.validate(ACCEPTED_DIGESTS.keySet(), acceptedPolicies, Set.of());
        } catch (TSPValidationException e) {
            LOG.debug("timestamp request rejected: {}", e.getMessage());
            return rejection(e.getFailureCode(), e.getMessage());
        } catch (TSPException | RuntimeException e) {
            LOG.debug("timestamp request rejected: {}", e.toString());
            return rejection(PKIFailureInfo.badRequest, "malformed request");
        }
        try {
            TimeStampReq req = request.toASN1Structure();
            byte[] token = issue(
                    req.getMessageImprint().getEncoded(ASN1Encoding.DER),
                    req.getNonce() == null ? null : req.getNonce().getEncoded(ASN1Encoding.DER),
                    request.getCertReq());
            return TokenEncoder.tlv((byte) 0x30, GRANTED, token);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.warn("embedded TSA could not issue a token", e);
            return rejection(PKIFailureInfo.systemFailure, "system failure");
        }
    }

    /**
     * Issues a token in-process, with the TSA certificate included and without a nonce (there is no
     * network to replay on). Thread-safe.
     *
     * @param digestAlgorithmOid SHA-256, SHA-384 or SHA-512
     * @throws IllegalArgumentException for another algorithm or a digest of the wrong length
     * @throws TimestampUnavailableException when signing the token fails (e.g. a token key gone)
     */
    @Override
    public byte[] timestamp(String digestAlgorithmOid, byte[] digest) {
        AlgorithmIdentifier algorithm = IN_PROCESS_ALGORITHMS.get(digestAlgorithmOid);
        if (algorithm == null) {
            throw new IllegalArgumentException("unsupported imprint algorithm " + digestAlgorithmOid
                    + ": the embedded TSA accepts SHA-256, SHA-384 and SHA-512");
        }
        int expected = ACCEPTED_DIGESTS.get(algorithm.getAlgorithm());
        if (digest == null || digest.length != expected) {
            throw new IllegalArgumentException("imprint of " + (digest == null ? "null" : digest.length + " bytes")
                    + " does not fit " + digestAlgorithmOid + " (" + expected + " bytes)");
        }
        try {
            return issue(new MessageImprint(algorithm, digest).getEncoded(ASN1Encoding.DER), null, true);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new TimestampUnavailableException(
                    "timestamp unavailable: the embedded timestamp authority failed", e);
        }
    }

    private static TimeStampRequest parse(byte[] der) throws IOException {
        if (der == null || der.length == 0) {
            throw new IOException("empty request");
        }
        if (der.length > MAX_REQUEST_BYTES) {
            throw new IOException("request of " + der.length + " bytes");
        }
        // fromByteArray refuses trailing bytes after the request, which a lenient stream parse would ignore.
        TimeStampReq req = TimeStampReq.getInstance(ASN1Primitive.fromByteArray(der));
        if (req.getVersion() == null || !req.getVersion().hasValue(1) || req.getMessageImprint() == null) {
            throw new IOException("not a version 1 TimeStampReq");
        }
        return new TimeStampRequest(req);
    }

    private byte[] issue(byte[] messageImprint, byte[] nonceOrNull, boolean withCertificates)
            throws GeneralSecurityException {
        Instant now = config.clock().instant();
        // genTime has millisecond resolution: the same instant goes into the serial and the token
        Instant genTime = Instant.ofEpochMilli(now.toEpochMilli());
        BigInteger serial = BigInteger.valueOf(nextSerial(genTime.toEpochMilli()));
        return encoder.encode(messageImprint, nonceOrNull, withCertificates, serial, genTime);
    }

    private long nextSerial(long epochMillis) {
        long floor = epochMillis << SERIAL_SHIFT;
        return lastSerial.updateAndGet(previous -> Math.max(previous + 1, floor));
    }

    /** RFC 3161 §2.3: exactly one extended key usage, timeStamping, marked critical. */
    private static void checkTimestampingCertificate(X509Certificate certificate) {
        try {
            TSPUtil.validateCertificate(new X509CertificateHolder(certificate.getEncoded()));
        } catch (TSPValidationException e) {
            throw new IllegalArgumentException(
                    "the TSA certificate is not usable for timestamps (RFC 3161 §2.3 requires a critical"
                            + " extended key usage with timeStamping only): " + e.getMessage(),
                    e);
        } catch (CertificateEncodingException | IOException e) {
            throw new IllegalArgumentException("the TSA key or certificate cannot be used for signing", e);
        }
    }

    private static byte[] rejection(int failureInfo, String text) {
        PKIStatusInfo status =
                new PKIStatusInfo(PKIStatus.rejection, new PKIFreeText(text), new PKIFailureInfo(failureInfo));
        try {
            return new TimeStampResp(status, null).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            // Encoding a fixed structure in memory cannot fail.
            throw new IllegalStateException(e);
        }
    }

    private static String signatureAlgorithmFor(PrivateKey key) {
        String algorithm = key.getAlgorithm().toUpperCase(Locale.ROOT);
        switch (algorithm) {
            case "RSA":
                return "SHA256withRSA";
            case "EC":
            case "ECDSA": {
                int bits = key instanceof ECKey ec ? ec.getParams().getOrder().bitLength() : 256;
                return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
            }
            default:
                throw new IllegalArgumentException(
                        "privateKey: a TSA key must be RSA or EC, was " + key.getAlgorithm());
        }
    }

    private static void checkKeyMatchesCertificate(Config config, String signatureAlgorithm) {
        byte[] probe = "signdesk-tsa-key-check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = config.providerOrNull() == null
                    ? Signature.getInstance(signatureAlgorithm)
                    : Signature.getInstance(signatureAlgorithm, config.providerOrNull());
            signer.initSign(config.privateKey());
            signer.update(probe);
            byte[] value = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(config.chain().get(0).getPublicKey());
            verifier.update(probe);
            if (!verifier.verify(value)) {
                throw new IllegalArgumentException("privateKey: does not belong to the TSA certificate");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("privateKey: cannot sign with " + signatureAlgorithm, e);
        }
    }

    private static boolean isSelfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "EmbeddedTimestampAuthority["
                + certificate().getSubjectX500Principal().getName() + ", policy " + policy.getId() + "]";
    }
}
