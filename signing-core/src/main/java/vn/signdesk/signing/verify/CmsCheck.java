package vn.signdesk.signing.verify;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignerDigestMismatchException;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * The CMS of one PDF signature read with Bouncy Castle, independently of DSS: whether it decodes,
 * whether a detached signature carries encapsulated content, and, where DSS cannot process the
 * document (Ed448 with SHAKE256 in DSS 6.4), whether the signature value and digest hold.
 *
 * <p>The /Contents bytes come from the file itself (the gap of a standard byte range), zero padding
 * included: the first DER object is the CMS, the padding after it is ignored.
 */
final class CmsCheck {

    private static final Provider BC = new BouncyCastleProvider();

    private CmsCheck() {}

    /** What a check found; {@code signerOrNull} only when the CMS decoded and named its signer. */
    record Result(
            boolean decodable,
            boolean encapsulatedContent,
            Boolean intactOrNull,
            boolean digestMismatch,
            X509Certificate signerOrNull,
            java.time.Instant timestampTimeOrNull) {}

    /** Decodes the hex string {@code <...>} at [from, to) of the file; null when it is not one. */
    static byte[] contentsFromGap(byte[] pdf, long from, long to) {
        if (from < 0 || to > pdf.length || to - from < 2 || pdf[(int) from] != '<' || pdf[(int) to - 1] != '>') {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) (to - from) / 2);
        int hi = -1;
        for (int i = (int) from + 1; i < to - 1; i++) {
            int v = Character.digit(pdf[i], 16);
            if (v < 0) {
                if (Character.isWhitespace(pdf[i])) {
                    continue;
                }
                return null;
            }
            if (hi < 0) {
                hi = v;
            } else {
                out.write(hi << 4 | v);
                hi = -1;
            }
        }
        return out.toByteArray();
    }

    /** The bytes a byte range covers, concatenated; null when the range does not fit the file. */
    static byte[] signedBytes(byte[] pdf, long[] range) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i + 1 < range.length; i += 2) {
            long off = range[i];
            long len = range[i + 1];
            if (off < 0 || len < 0 || off + len > pdf.length) {
                return null;
            }
            out.write(pdf, (int) off, (int) len);
        }
        return out.toByteArray();
    }

    /**
     * Checks one signature's CMS.
     *
     * @param contents the /Contents bytes
     * @param signedBytesOrNull the bytes its byte range covers, or null to skip the cryptographic check
     * @param detached whether its SubFilter says the content is detached (or it is a document timestamp)
     * @param documentTimestamp whether it is an RFC 3161 document timestamp
     */
    static Result check(byte[] contents, byte[] signedBytesOrNull, boolean detached, boolean documentTimestamp) {
        CMSSignedData cms;
        try (ASN1InputStream in = new ASN1InputStream(contents)) {
            ASN1Primitive obj = in.readObject();
            if (obj == null) {
                return new Result(false, false, null, false, null, null);
            }
            cms = new CMSSignedData(ContentInfo.getInstance(obj));
            if (cms.getSignerInfos().size() == 0) {
                return new Result(false, false, null, false, null, null);
            }
        } catch (Exception | StackOverflowError e) {
            return new Result(false, false, null, false, null, null);
        }
        boolean encapsulated = !documentTimestamp && detached && cms.getSignedContent() != null;
        SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
        X509Certificate cert = signerCertificate(cms, signer);
        if (signedBytesOrNull == null) {
            return new Result(true, encapsulated, null, false, cert, null);
        }
        try {
            if (documentTimestamp) {
                TimeStampToken token = new TimeStampToken(cms);
                DigestCalculator calc = new BcDigestCalculatorProvider()
                        .get(token.getTimeStampInfo().getHashAlgorithm());
                calc.getOutputStream().write(signedBytesOrNull);
                boolean imprint =
                        Arrays.equals(calc.getDigest(), token.getTimeStampInfo().getMessageImprintDigest());
                boolean value = cert != null
                        && token.isSignatureValid(new JcaSimpleSignerInfoVerifierBuilder()
                                .setProvider(BC)
                                .build(cert));
                return new Result(
                        true,
                        false,
                        imprint && value,
                        !imprint,
                        cert,
                        token.getTimeStampInfo().getGenTime().toInstant());
            }
            if (cert == null) {
                return new Result(true, encapsulated, false, false, null, null);
            }
            CMSSignedData withContent = new CMSSignedData(new CMSProcessableByteArray(signedBytesOrNull), contents);
            SignerInformation s =
                    withContent.getSignerInfos().getSigners().iterator().next();
            boolean ok = s.verify(
                    new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(cert));
            return new Result(true, encapsulated, ok, false, cert, null);
        } catch (CMSSignerDigestMismatchException e) {
            return new Result(true, encapsulated, false, true, cert, null);
        } catch (Exception e) {
            return new Result(true, encapsulated, false, false, cert, null);
        }
    }

    /** Whether {@code cert} is one of {@code anchors} or issued by one, by signature. */
    static boolean chainsTo(X509Certificate cert, Collection<X509Certificate> anchors) {
        for (X509Certificate a : anchors) {
            if (a.equals(cert)) {
                return true;
            }
            if (a.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                try {
                    cert.verify(a.getPublicKey(), BC);
                    return true;
                } catch (Exception e) {
                    // another anchor with the same name may have signed it
                }
            }
        }
        return false;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate signerCertificate(CMSSignedData cms, SignerInformation signer) {
        try {
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(signer.getSID());
            List<X509CertificateHolder> list = List.copyOf(matches);
            if (list.isEmpty()) {
                return null;
            }
            return new JcaX509CertificateConverter().setProvider(BC).getCertificate(list.get(0));
        } catch (Exception e) {
            return null;
        }
    }
}
