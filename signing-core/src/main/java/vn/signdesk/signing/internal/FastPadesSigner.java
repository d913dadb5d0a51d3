package vn.signdesk.signing.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Calendar;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSString;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdfwriter.COSWriter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import vn.signdesk.signing.KeyAccessException;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.SignDeskException;
import vn.signdesk.signing.SignOptions;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.SigningFailedException;
import vn.signdesk.signing.SigningKey;
import vn.signdesk.signing.Timestamper;
import vn.signdesk.signing.UnsupportedDocumentException;

/**
 * PAdES baseline B-B and B-T signing of invisible signatures on unencrypted PDFs in one pass: one
 * PDFBox load, one incremental update, one CMS structure; the output validates as
 * PAdES-BASELINE-B (resp. -T) like DSS's.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>DSS loads and saves the PDF twice per signature (once to compute the data to be signed, once
 *       to write it) and copies the output again when it inserts the CMS. Here the document is loaded
 *       once, {@link PDDocument#addSignature} adds the field, widget and signature dictionary,
 *       an incremental {@link COSWriter} (as {@link PDDocument#saveIncrementalForExternalSigning} uses)
 *       writes only the changed objects after the original bytes, and the CMS goes into the reserved
 *       {@code /Contents}.
 *   <li>The CMS {@code SignedData} (RFC 5652) carries the signed attributes ETSI EN 319 142-1 §6.3
 *       requires for B-B and nothing else:
 *       content-type, message-digest and signing-certificate-v2 (an ESSCertIDv2 with SHA-256 and
 *       issuerSerial). There is no signing-time attribute: in PAdES the claimed time is the
 *       dictionary's {@code /M} (ETSI EN 319 142-1 §5.4). Certificates: the key's chain. Everything
 *       that depends only on the chain (the DER of the SignedData up to its signerInfos, the signer
 *       identifier, the signing-certificate-v2 attribute) is built once per chain and cached; per
 *       signature only the SignerInfo is encoded, with Bouncy Castle ASN.1 types.
 *   <li>B-T adds the signature-time-stamp unsigned attribute (id-aa-signatureTimeStampToken, RFC 3161
 *       Appendix A; ETSI EN 319 122-1 §5.3) over the SHA-256 of the signature value. The {@code /Contents}
 *       placeholder is sized before the token exists, from the largest token seen so far; if a CMS
 *       ever outgrows it, the signature is made again with room for it.
 *   <li>The signature value comes from JCA with the key's own provider (PKCS#11); a software RSA key
 *       signs through {@link NativeRsa} when that loads, else through the JDK.
 *   <li>The signer's certificate must be within its validity at the signing time, as DSS requires
 *       before signing; revocation is not checked at B-B and B-T, as in DSS.
 * </ul>
 *
 * <p>Thread-safe; keep one instance per timestamper.
 */
public final class FastPadesSigner {

    private static final String SUB_FILTER = "ETSI.CAdES.detached";
    private static final String APP_NAME = "SignDesk";
    private static final String SHA256_OID = NISTObjectIdentifiers.id_sha256.getId();
    /** CMS structure around the certificates and the signature value: attributes, identifiers, lengths. */
    private static final int CMS_OVERHEAD = 2_048;
    /** Room for a signature timestamp before any token has been seen. */
    private static final int INITIAL_TIMESTAMP_RESERVE = 8_192;

    private static final int TIMESTAMP_MARGIN = 1_024;

    private final Timestamper timestamperOrNull;
    private final Cache<List<X509Certificate>, ChainMaterial> chains =
            Caffeine.newBuilder().maximumSize(256).build();
    private final AtomicInteger largestTimestamp = new AtomicInteger();
    private final int initialTimestampReserve;

    /**
     * A signer for B-B, and for B-T when a timestamper is given.
     *
     * @param timestamperOrNull where B-T signature timestamps come from, or null for B-B only
     */
    public FastPadesSigner(Timestamper timestamperOrNull) {
        this(timestamperOrNull, INITIAL_TIMESTAMP_RESERVE);
    }

    /** A signer whose first B-T placeholder leaves {@code initialTimestampReserve} bytes for the token. */
    FastPadesSigner(Timestamper timestamperOrNull, int initialTimestampReserve) {
        this.timestamperOrNull = timestamperOrNull;
        this.initialTimestampReserve = initialTimestampReserve;
    }

    /**
     * Whether this signer produces the requested signature: an invisible B-B, or B-T with a
     * timestamper, on a PDF that is not encrypted, with an RSA or EC key.
     */
    public boolean handles(SignOptions options, PdfPreflight.Facts facts, SigningKey key) {
        boolean level = options.level() == SignatureLevel.B_B
                || (options.level() == SignatureLevel.B_T && timestamperOrNull != null);
        return level && !options.isVisible() && !facts.encrypted() && algorithmOf(key.certificate()) != null;
    }

    /**
     * Signs an unencrypted PDF that passed {@link PdfPreflight}, returning the input followed by one
     * incremental update that holds the signature.
     *
     * @param signingTime the claimed signing time written to {@code /M}
     * @throws KeyAccessException the certificate is not valid at {@code signingTime} or the key cannot sign
     * @throws vn.signdesk.signing.TimestampUnavailableException B-T and no timestamp could be had
     * @throws UnsupportedDocumentException a signature field of the document locks it against changes
     */
    public byte[] sign(PdfInput document, SigningKey key, SignOptions options, Instant signingTime) {
        SignatureLevel level = options.level();
        if (level != SignatureLevel.B_B && level != SignatureLevel.B_T) {
            throw new IllegalArgumentException("only B-B and B-T are signed here, not " + level.label());
        }
        if (level == SignatureLevel.B_T && timestamperOrNull == null) {
            throw new IllegalStateException("B-T needs a timestamper");
        }
        requireValidAt(key.certificate(), signingTime);
        ChainMaterial chain = chains.get(key.chain(), ChainMaterial::of);
        int reserve = chain.encodedSize
                + CMS_OVERHEAD
                + (level == SignatureLevel.B_T
                        ? Math.max(initialTimestampReserve, largestTimestamp.get() + TIMESTAMP_MARGIN)
                        : 0);
        try {
            Attempt first = attempt(document, key, options, signingTime, chain, reserve);
            if (first.pdfOrNull != null) {
                return first.pdfOrNull;
            }
            Attempt second = attempt(document, key, options, signingTime, chain, first.cmsSize + TIMESTAMP_MARGIN);
            if (second.pdfOrNull == null) {
                throw new SigningFailedException("signing failed: the signature does not fit in its placeholder");
            }
            return second.pdfOrNull;
        } catch (IOException | RuntimeException e) {
            if (e instanceof SignDeskException s) {
                throw s;
            }
            throw new SigningFailedException("signing failed", e);
        }
    }

    /** Either the signed PDF, or the size of a CMS that did not fit. */
    private record Attempt(byte[] pdfOrNull, int cmsSize) {}

    private Attempt attempt(
            PdfInput document,
            SigningKey key,
            SignOptions options,
            Instant signingTime,
            ChainMaterial chain,
            int reserve)
            throws IOException {
        try (PDDocument pdf = Loader.loadPDF(document.bytes())) {
            if (pdf.isEncrypted()) {
                throw new IllegalStateException("encrypted documents are signed through DSS");
            }
            refuseLockedDocument(pdf);
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(COSName.getPDFName(SUB_FILTER));
            Calendar time = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
            time.setTime(Date.from(signingTime));
            signature.setSignDate(time);
            if (options.reasonOrNull() != null) {
                signature.setReason(options.reasonOrNull());
            }
            if (options.locationOrNull() != null) {
                signature.setLocation(options.locationOrNull());
            }
            COSDictionary app = new COSDictionary();
            app.setName(COSName.NAME, APP_NAME);
            COSDictionary propBuild = new COSDictionary();
            propBuild.setItem(COSName.getPDFName("App"), app);
            signature.getCOSObject().setItem(COSName.getPDFName("Prop_Build"), propBuild);

            ByteArrayOutputStream out = new ByteArrayOutputStream(document.bytes().length + 2 * reserve + 16_384);
            try (SignatureOptions placeholder = new SignatureOptions()) {
                placeholder.setPreferredSignatureSize(reserve);
                pdf.addSignature(signature, placeholder);
            }
            // what PDDocument.saveIncrementalForExternalSigning does, with a writer that emits hex strings in one write
            COSWriter writer = new BulkHexWriter(out, new RandomAccessReadBuffer(document.bytes()));
            writer.write(pdf);
            byte[] cms = cms(digest(writer.getDataToSign()), key, options.level(), chain);
            if (cms.length > reserve) {
                return new Attempt(null, cms.length);
            }
            writer.writeExternalSignature(cms);
            return new Attempt(out.toByteArray(), 0);
        }
    }

    /**
     * An incremental writer that emits a hex string (the {@code /Contents} placeholder, several
     * kilobytes of zeros) in one write: {@link COSWriter} writes it a byte at a time into a
     * synchronized stream, which costs more than the rest of the increment. The bytes written are the
     * same. Only for unencrypted documents: strings are not encrypted here.
     */
    private static final class BulkHexWriter extends COSWriter {
        private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

        BulkHexWriter(OutputStream out, RandomAccessRead original) throws IOException {
            super(out, original);
        }

        @Override
        public void visitFromString(COSString string) throws IOException {
            if (!string.getForceHexForm()) {
                super.visitFromString(string);
                return;
            }
            byte[] bytes = string.getBytes();
            byte[] hex = new byte[2 * bytes.length + 2];
            hex[0] = '<';
            for (int i = 0; i < bytes.length; i++) {
                hex[1 + 2 * i] = HEX[(bytes[i] >> 4) & 0xF];
                hex[2 + 2 * i] = HEX[bytes[i] & 0xF];
            }
            hex[hex.length - 1] = '>';
            getStandardOutput().write(hex);
        }
    }

    private byte[] cms(byte[] documentDigest, SigningKey key, SignatureLevel level, ChainMaterial chain)
            throws IOException {
        ASN1EncodableVector signed = new ASN1EncodableVector(3);
        signed.add(new Attribute(CMSAttributes.contentType, new DERSet(CMSObjectIdentifiers.data)));
        signed.add(new Attribute(CMSAttributes.messageDigest, new DERSet(new DEROctetString(documentDigest))));
        signed.add(chain.signingCertificateV2);
        DERSet signedAttributes = new DERSet(signed);
        byte[] value = signatureValue(key, chain.algorithm.jca, signedAttributes.getEncoded(ASN1Encoding.DER));

        ASN1Set unsigned = null;
        if (level == SignatureLevel.B_T) {
            byte[] token = timestamperOrNull.timestamp(SHA256_OID, sha256(value));
            largestTimestamp.accumulateAndGet(token.length, Math::max);
            unsigned = new DERSet(new Attribute(
                    PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                    new DERSet(ASN1Primitive.fromByteArray(token))));
        }
        SignerInfo signerInfo = new SignerInfo(
                chain.signerId,
                chain.digestAlgorithm,
                signedAttributes,
                chain.algorithm.identifier,
                new DEROctetString(value),
                unsigned);
        // DL keeps the signed attributes' DER bytes (what was signed) and the token as the TSA encoded it
        return chain.contentInfo(signerInfo.getEncoded(ASN1Encoding.DL));
    }

    private static byte[] signatureValue(SigningKey key, String jcaAlgorithm, byte[] data) {
        if (key.providerOrNull() == null) {
            Optional<PrivateKey> nativeKey = NativeRsa.translate(key.privateKey(), key.certificate());
            if (nativeKey.isPresent()) {
                try {
                    Signature s = Signature.getInstance(
                            jcaAlgorithm, NativeRsa.provider().orElseThrow());
                    s.initSign(nativeKey.get());
                    s.update(data);
                    return s.sign();
                } catch (GeneralSecurityException | RuntimeException e) {
                    throw new KeyAccessException("the key '" + key.label() + "' could not sign", e);
                }
            }
        }
        return JcaSignatures.sign(key, jcaAlgorithm, data);
    }

    private static void requireValidAt(X509Certificate certificate, Instant signingTime) {
        try {
            certificate.checkValidity(Date.from(signingTime));
        } catch (CertificateExpiredException e) {
            throw new KeyAccessException("the signer's certificate has expired", e);
        } catch (CertificateNotYetValidException e) {
            throw new KeyAccessException("the signer's certificate is not yet valid", e);
        }
    }

    /**
     * Refuses a document whose signed signature field locks every field against change (a /Lock
     * with /P 1, ISO 32000-2 §12.7.5.5), which a new signature would break, as DSS does.
     */
    private static void refuseLockedDocument(PDDocument pdf) {
        for (PDSignatureField field : pdf.getSignatureFields()) {
            COSBase lock = field.getCOSObject().getDictionaryObject(COSName.getPDFName("Lock"));
            if (field.getValue() != null && lock instanceof COSDictionary l && l.getInt(COSName.P, 0) == 1) {
                throw new UnsupportedDocumentException("the PDF's permissions forbid adding a signature");
            }
        }
    }

    private static byte[] digest(InputStream content) throws IOException {
        MessageDigest md = sha256();
        byte[] buffer = new byte[16_384];
        try (InputStream in = content) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
        }
        return md.digest();
    }

    private static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The signature algorithm for the certificate's key: SHA-256 with RSA (PKCS #1 v1.5) or ECDSA. */
    private static SignatureAlgorithm algorithmOf(X509Certificate certificate) {
        return switch (certificate.getPublicKey().getAlgorithm()) {
            case "RSA" -> SignatureAlgorithm.RSA;
            case "EC" -> SignatureAlgorithm.ECDSA;
            default -> null;
        };
    }

    private enum SignatureAlgorithm {
        // RFC 4055 §5: sha256WithRSAEncryption has NULL parameters; RFC 5758 §3.2: ECDSA's are absent
        RSA("SHA256withRSA", new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE)),
        ECDSA("SHA256withECDSA", new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256));

        final String jca;
        final AlgorithmIdentifier identifier;

        SignatureAlgorithm(String jca, AlgorithmIdentifier identifier) {
            this.jca = jca;
            this.identifier = identifier;
        }
    }

    /**
     * The parts of the CMS that depend only on the certificate chain, the certificates already
     * encoded: Bouncy Castle would otherwise walk and re-encode every certificate on every signature.
     */
    private record ChainMaterial(
            SignatureAlgorithm algorithm,
            AlgorithmIdentifier digestAlgorithm,
            byte[] signedDataHead,
            SignerIdentifier signerId,
            Attribute signingCertificateV2,
            int encodedSize) {

        private static final byte[] SIGNED_DATA_OID = der(CMSObjectIdentifiers.signedData);

        /**
         * The DER ContentInfo (RFC 5652 §3) of a SignedData with this chain and the given encoded
         * SignerInfo: SEQUENCE { signedData, [0] EXPLICIT SEQUENCE { head, SET { signerInfo } } }.
         */
        byte[] contentInfo(byte[] signerInfo) {
            int signerInfos = headerLength(signerInfo.length) + signerInfo.length;
            int signedDataContent = signedDataHead.length + signerInfos;
            int signedData = headerLength(signedDataContent) + signedDataContent;
            int explicitContent = headerLength(signedData) + signedData;
            int contentInfoContent = SIGNED_DATA_OID.length + explicitContent;
            byte[] out = new byte[headerLength(contentInfoContent) + contentInfoContent];
            int at = header(out, 0, 0x30, contentInfoContent);
            System.arraycopy(SIGNED_DATA_OID, 0, out, at, SIGNED_DATA_OID.length);
            at = header(out, at + SIGNED_DATA_OID.length, 0xA0, signedData);
            at = header(out, at, 0x30, signedDataContent);
            System.arraycopy(signedDataHead, 0, out, at, signedDataHead.length);
            at = header(out, at + signedDataHead.length, 0x31, signerInfo.length);
            System.arraycopy(signerInfo, 0, out, at, signerInfo.length);
            return out;
        }

        /** Bytes of a DER tag and definite length (X.690 §8.1.3). */
        private static int headerLength(int length) {
            return length < 0x80 ? 2 : 2 + (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
        }

        private static int header(byte[] out, int at, int tag, int length) {
            out[at++] = (byte) tag;
            if (length < 0x80) {
                out[at++] = (byte) length;
                return at;
            }
            int n = headerLength(length) - 2;
            out[at++] = (byte) (0x80 | n);
            for (int i = n - 1; i >= 0; i--) {
                out[at++] = (byte) (length >>> (8 * i));
            }
            return at;
        }

        private static byte[] der(ASN1Encodable value) {
            try {
                return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        static ChainMaterial of(List<X509Certificate> chain) {
            try {
                X509Certificate signer = chain.get(0);
                ASN1EncodableVector certificates = new ASN1EncodableVector(chain.size());
                int size = 0;
                for (X509Certificate c : chain) {
                    byte[] encoded = c.getEncoded();
                    size += encoded.length;
                    certificates.add(Certificate.getInstance(encoded));
                }
                Certificate signerCertificate = Certificate.getInstance(signer.getEncoded());
                IssuerSerial issuerSerial = new IssuerSerial(
                        new GeneralNames(new GeneralName(X500Name.getInstance(signerCertificate.getIssuer()))),
                        signerCertificate.getSerialNumber().getValue());
                // ESSCertIDv2 with SHA-256, its default hash algorithm, therefore omitted (RFC 5035 §4)
                ESSCertIDv2 certId = new ESSCertIDv2(sha256(signer.getEncoded()), issuerSerial);
                Attribute signingCertificateV2 = new Attribute(
                        PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                        new DERSet(new SigningCertificateV2(new ESSCertIDv2[] {certId})));
                SignerIdentifier signerId = new SignerIdentifier(new IssuerAndSerialNumber(
                        signerCertificate.getIssuer(),
                        signerCertificate.getSerialNumber().getValue()));
                // RFC 5754 §2: SHA-2 AlgorithmIdentifiers are generated with absent parameters
                AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256);
                // SignedData up to its signerInfos: version 1 (issuerAndSerialNumber, id-data; RFC 5652
                // §5.1), digestAlgorithms, a detached id-data encapContentInfo, [0] IMPLICIT certificates
                // (a DER SET OF, hence sorted)
                ByteArrayOutputStream head = new ByteArrayOutputStream(size + 64);
                head.write(der(new ASN1Integer(1)));
                head.write(der(new DERSet(sha256)));
                head.write(der(new DERSequence(CMSObjectIdentifiers.data)));
                head.write(der(new DERTaggedObject(false, 0, new DERSet(certificates))));
                return new ChainMaterial(
                        algorithmOf(signer), sha256, head.toByteArray(), signerId, signingCertificateV2, size);
            } catch (CertificateEncodingException | IOException e) {
                throw new KeyAccessException("the signer's certificate chain cannot be encoded", e);
            }
        }
    }
}
