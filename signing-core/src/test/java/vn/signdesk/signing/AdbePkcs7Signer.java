package vn.signdesk.signing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Calendar;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Signs a PDF the way portals such as OpenCPS do, with no ETSI profile: SubFilter
 * {@code adbe.pkcs7.detached}, a CMS SignedData made by Bouncy Castle over the byte range with the
 * default signed attributes (content type, message digest, signing time; no ESS signing-certificate
 * attribute), carrying exactly the certificates given. PDFBox writes the signature dictionary.
 */
final class AdbePkcs7Signer {

    private AdbePkcs7Signer() {}

    /**
     * The PDF with one more signature, as an incremental update.
     *
     * @param embedded the certificates put in the CMS, the signer's first
     */
    static byte[] sign(byte[] pdf, PrivateKey key, List<X509Certificate> embedded) throws IOException {
        X509Certificate signer = embedded.get(0);
        try (PDDocument doc = Loader.loadPDF(pdf);
                SignatureOptions options = new SignatureOptions();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ADBE_PKCS7_DETACHED);
            signature.setName(signer.getSubjectX500Principal().getName());
            signature.setSignDate(Calendar.getInstance());
            options.setPreferredSignatureSize(32 * 1024);
            doc.addSignature(signature, content -> cms(content.readAllBytes(), key, embedded), options);
            doc.saveIncremental(out);
            return out.toByteArray();
        }
    }

    private static byte[] cms(byte[] signedBytes, PrivateKey key, List<X509Certificate> embedded) throws IOException {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(
                    new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                            .build(new JcaContentSignerBuilder(algorithm).build(key), embedded.get(0)));
            generator.addCertificates(new JcaCertStore(embedded));
            return generator
                    .generate(new CMSProcessableByteArray(signedBytes), false)
                    .getEncoded();
        } catch (OperatorCreationException | CertificateEncodingException | CMSException e) {
            throw new IOException("cannot make the CMS signature", e);
        }
    }
}
