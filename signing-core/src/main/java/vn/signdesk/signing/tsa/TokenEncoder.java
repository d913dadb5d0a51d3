package vn.signdesk.signing.tsa;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAlgorithmProtection;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.tsp.Accuracy;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;

/**
 * Encodes RFC 3161 time-stamp tokens (a CMS {@code SignedData} over a {@code TSTInfo}, RFC 5652)
 * directly in DER, with everything that does not change between tokens encoded once.
 *
 * <p>Implementation notes. The certificates, the signer identifier, the digest and signature
 * algorithm identifiers, the {@code TSTInfo} fields fixed by the configuration (version, policy,
 * accuracy, TSA name) and three of the five signed attributes (content type, CMS algorithm
 * protection of RFC 6211, ESSCertIDv2 signing certificate of RFC 5816) are DER bytes built with
 * Bouncy Castle at construction. Per token only the variable parts are written (the imprint as the
 * request encoded it, serial, genTime, nonce, message digest, signing time) and the fixed ones are
 * copied around them: no CMS generator, certificate store or content signer is built or walked per
 * token. The signed attributes are the ones Bouncy Castle's generator wrote before (content type,
 * signing time, algorithm protection, message digest, signing certificate v2), sorted as DER
 * requires of a SET OF (X.690 §11.6). Signatures come from a fresh {@link Signature} per token, so
 * the encoder is thread-safe; with a software RSA key the native provider signs ({@code NativeRsa}).
 */
final class TokenEncoder {

    private static final byte SEQUENCE = 0x30;
    private static final byte SET = 0x31;
    private static final byte INTEGER = 0x02;
    private static final byte OCTET_STRING = 0x04;
    private static final byte UTC_TIME = 0x17;
    private static final byte GENERALIZED_TIME = 0x18;
    private static final byte CONTEXT_0 = (byte) 0xA0;

    // RFC 3161 §2.4.2 TSTInfo field order: version, policy, messageImprint, serialNumber, genTime,
    // accuracy, ordering (FALSE, the default, so absent), nonce, tsa
    private static final byte[] INTEGER_1 = {INTEGER, 1, 1};
    private static final byte[] INTEGER_3 = {INTEGER, 1, 3};
    private static final byte[] SIGNED_DATA_OID = der(CMSObjectIdentifiers.signedData);
    private static final byte[] TST_INFO_OID = der(PKCSObjectIdentifiers.id_ct_TSTInfo);
    private static final byte[] MESSAGE_DIGEST_OID = der(CMSAttributes.messageDigest);
    private static final byte[] SIGNING_TIME_OID = der(CMSAttributes.signingTime);

    private final String signatureAlgorithm;
    private final PrivateKey key;
    private final Provider providerOrNull;

    private final byte[] tstInfoPrefix;
    private final byte[] accuracyField;
    private final byte[] tsaField;
    private final byte[] digestAlgorithms;
    private final byte[] certificates;
    private final byte[] signerInfoPrefix;
    private final byte[] signatureAlgorithmId;
    private final byte[][] fixedAttributes;

    /**
     * Encodes the fixed parts once.
     *
     * @param chain the TSA certificate first, then its CAs
     * @param includedCertificates the certificates a token carries when the request asks for them
     * @param key the signing key, already translated for {@code providerOrNull} where needed
     * @param providerOrNull the provider that signs, or null for the JDK's
     * @param signatureAlgorithm JCA name, e.g. {@code SHA256withRSA}
     */
    TokenEncoder(
            List<X509Certificate> chain,
            List<X509Certificate> includedCertificates,
            PrivateKey key,
            Provider providerOrNull,
            String signatureAlgorithm,
            ASN1ObjectIdentifier policy,
            Duration accuracy,
            GeneralName tsaName) {
        this.signatureAlgorithm = signatureAlgorithm;
        this.key = key;
        this.providerOrNull = providerOrNull;
        X509Certificate tsa = chain.get(0);
        try {
            AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);
            AlgorithmIdentifier signatureId = new DefaultSignatureAlgorithmIdentifierFinder().find(signatureAlgorithm);
            this.tstInfoPrefix = concat(INTEGER_1, der(policy));
            this.accuracyField = der(accuracy(accuracy));
            this.tsaField = der(new DERTaggedObject(true, 0, tsaName));
            this.digestAlgorithms = der(new DERSet(sha256));
            ASN1EncodableVector certs = new ASN1EncodableVector();
            for (X509Certificate c : includedCertificates) {
                certs.add(Certificate.getInstance(c.getEncoded()));
            }
            this.certificates = der(new DERTaggedObject(false, 0, new DERSet(certs)));
            X500Name issuer = X500Name.getInstance(tsa.getIssuerX500Principal().getEncoded());
            this.signerInfoPrefix =
                    concat(INTEGER_1, der(new IssuerAndSerialNumber(issuer, tsa.getSerialNumber())), der(sha256));
            this.signatureAlgorithmId = der(signatureId);
            byte[] certHash = MessageDigest.getInstance("SHA-256").digest(tsa.getEncoded());
            ESSCertIDv2 essCertId = new ESSCertIDv2(
                    certHash, new IssuerSerial(new GeneralNames(new GeneralName(issuer)), tsa.getSerialNumber()));
            this.fixedAttributes = new byte[][] {
                der(new Attribute(CMSAttributes.contentType, new DERSet(PKCSObjectIdentifiers.id_ct_TSTInfo))),
                der(new Attribute(
                        CMSAttributes.cmsAlgorithmProtect,
                        new DERSet(new CMSAlgorithmProtection(sha256, CMSAlgorithmProtection.SIGNATURE, signatureId)))),
                der(new Attribute(
                        PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                        new DERSet(new SigningCertificateV2(new ESSCertIDv2[] {essCertId}))))
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the TSA certificate chain cannot be encoded", e);
        }
    }

    /**
     * A DER {@code ContentInfo} holding the token.
     *
     * @param messageImprint the DER {@code MessageImprint} to copy into the {@code TSTInfo}
     * @param nonceOrNull the request's nonce as a DER INTEGER, or null
     * @param withCertificates whether the token carries the certificates (the request's certReq)
     */
    byte[] encode(
            byte[] messageImprint, byte[] nonceOrNull, boolean withCertificates, BigInteger serial, Instant genTime)
            throws GeneralSecurityException {
        byte[] tstInfo = tlv(
                SEQUENCE,
                tstInfoPrefix,
                messageImprint,
                tlv(INTEGER, serial.toByteArray()),
                tlv(GENERALIZED_TIME, generalizedTime(genTime)),
                accuracyField,
                nonceOrNull == null ? new byte[0] : nonceOrNull,
                tsaField);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(tstInfo);
        byte[][] attributes = {
            fixedAttributes[0],
            fixedAttributes[1],
            fixedAttributes[2],
            tlv(SEQUENCE, MESSAGE_DIGEST_OID, tlv(SET, tlv(OCTET_STRING, digest))),
            tlv(SEQUENCE, SIGNING_TIME_OID, tlv(SET, signingTime(genTime)))
        };
        Arrays.sort(attributes, TokenEncoder::compareDer);
        byte[] attributeBody = concat(attributes);
        byte[] signature = sign(tlv(SET, attributeBody));
        byte[] signerInfo = tlv(
                SEQUENCE,
                signerInfoPrefix,
                tlv(CONTEXT_0, attributeBody),
                signatureAlgorithmId,
                tlv(OCTET_STRING, signature));
        byte[] signedData = tlv(
                SEQUENCE,
                INTEGER_3,
                digestAlgorithms,
                tlv(SEQUENCE, TST_INFO_OID, tlv(CONTEXT_0, tlv(OCTET_STRING, tstInfo))),
                withCertificates ? certificates : new byte[0],
                tlv(SET, signerInfo));
        return tlv(SEQUENCE, SIGNED_DATA_OID, tlv(CONTEXT_0, signedData));
    }

    private byte[] sign(byte[] data) throws GeneralSecurityException {
        Signature s = providerOrNull == null
                ? Signature.getInstance(signatureAlgorithm)
                : Signature.getInstance(signatureAlgorithm, providerOrNull);
        s.initSign(key);
        s.update(data);
        return s.sign();
    }

    /** RFC 3161 §2.4.2 accuracy: seconds, millis and micros, each present only when not zero. */
    private static Accuracy accuracy(Duration accuracy) {
        long seconds = accuracy.getSeconds();
        int millis = accuracy.getNano() / 1_000_000;
        int micros = (accuracy.getNano() / 1_000) % 1_000;
        return new Accuracy(
                seconds > 0 ? new ASN1Integer(seconds) : null,
                millis > 0 ? new ASN1Integer(millis) : null,
                micros > 0 ? new ASN1Integer(micros) : null);
    }

    /** GeneralizedTime in UTC with milliseconds, trailing zeros and an empty fraction dropped (X.690 §11.7). */
    static byte[] generalizedTime(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        StringBuilder s = new StringBuilder(19);
        pad(s, t.getYear(), 4);
        pad(s, t.getMonthValue(), 2);
        pad(s, t.getDayOfMonth(), 2);
        pad(s, t.getHour(), 2);
        pad(s, t.getMinute(), 2);
        pad(s, t.getSecond(), 2);
        int millis = t.getNano() / 1_000_000;
        if (millis > 0) {
            s.append('.');
            pad(s, millis, 3);
            while (s.charAt(s.length() - 1) == '0') {
                s.setLength(s.length() - 1);
            }
        }
        return s.append('Z').toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** signingTime (RFC 5652 §11.3): UTCTime from 1950 to 2049, GeneralizedTime outside, whole seconds. */
    static byte[] signingTime(Instant instant) {
        LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
        StringBuilder s = new StringBuilder(15);
        boolean utc = t.getYear() >= 1950 && t.getYear() <= 2049;
        pad(s, utc ? t.getYear() % 100 : t.getYear(), utc ? 2 : 4);
        pad(s, t.getMonthValue(), 2);
        pad(s, t.getDayOfMonth(), 2);
        pad(s, t.getHour(), 2);
        pad(s, t.getMinute(), 2);
        pad(s, t.getSecond(), 2);
        byte[] text = s.append('Z').toString().getBytes(StandardCharsets.US_ASCII);
        return tlv(utc ? UTC_TIME : GENERALIZED_TIME, text);
    }

    private static void pad(StringBuilder s, int value, int digits) {
        String v = Integer.toString(value);
        for (int i = v.length(); i < digits; i++) {
            s.append('0');
        }
        s.append(v);
    }

    /** DER SET OF order: encodings compared as unsigned octet strings, a prefix first (X.690 §11.6). */
    static int compareDer(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int d = (a[i] & 0xff) - (b[i] & 0xff);
            if (d != 0) {
                return d;
            }
        }
        return a.length - b.length;
    }

    /** A DER tag-length-value over the concatenated parts. */
    static byte[] tlv(byte tag, byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        int lengthBytes = length < 0x80 ? 0 : length < 0x100 ? 1 : length < 0x10000 ? 2 : length < 0x1000000 ? 3 : 4;
        byte[] out = new byte[2 + lengthBytes + length];
        out[0] = tag;
        int pos = 1;
        if (lengthBytes == 0) {
            out[pos++] = (byte) length;
        } else {
            out[pos++] = (byte) (0x80 | lengthBytes);
            for (int i = lengthBytes - 1; i >= 0; i--) {
                out[pos++] = (byte) (length >>> (8 * i));
            }
        }
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    private static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            // encoding a structure held in memory cannot fail
            throw new IllegalStateException(e);
        }
    }
}
