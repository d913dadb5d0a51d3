package vn.signdesk.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.signdesk.signing.TestPdfs.aPdf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.signing.revocation.CertificateCheckConfig;
import vn.signdesk.signing.revocation.CertificateChecks;
import vn.signdesk.signing.verify.CertificateCheckSources;
import vn.signdesk.signing.verify.Finding;
import vn.signdesk.signing.verify.PadesSignatureVerifier;
import vn.signdesk.signing.verify.SignatureVerifier;
import vn.signdesk.signing.verify.TrustBundle;
import vn.signdesk.signing.verify.TrustBundles;
import vn.signdesk.signing.verify.VerificationReport.CertificateInfo;
import vn.signdesk.signing.verify.VerificationReport.Indication;
import vn.signdesk.signing.verify.VerificationReport.SignatureReport;
import vn.signdesk.signing.verify.VerificationReport.TrustAnchor;
import vn.signdesk.signing.verify.internal.TrustBundleLoader;
import vn.signdesk.signing.verify.report.ReportHtml;
import vn.signdesk.signing.verify.report.ReportJson;
import vn.signdesk.signing.verify.report.ReportLanguage;
import vn.signdesk.signing.verify.report.ReportWords;

/**
 * Trust bundles in verification, on the demo PKI (root, issuing CA, signer) made into a bundle
 * folder and read by the same loader as the shipped {@code vn} bundle: a document that embeds only its
 * signer's certificate is trusted through the bundle's intermediate and the report names the root;
 * an intermediate alone trusts nothing; the {@code vn} bundle does not trust the demo PKI; and an
 * {@code adbe.pkcs7.detached} signature, as portals such as OpenCPS make them, verifies as an ETSI
 * one does. Certificate checks are answered in-process by the demo responder, with AIA fetching off
 * where the bundle alone must supply the intermediate.
 */
class TrustBundleVerificationIT {

    private static final SigningFixture F = new SigningFixture();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static CertificateChecks checks;
    /** OCSP and CRL from the demo responder, no AIA: a missing intermediate can only come from a bundle. */
    private static CertificateCheckSources noAia;
    /** Signed by the department seal, adbe.pkcs7.detached, its CMS holding only the signer's certificate. */
    private static byte[] signerOnlyAdbe;

    @BeforeAll
    static void signOnce() throws IOException {
        checks = CertificateChecks.builder(CertificateCheckConfig.defaults())
                .localResponder(F.pki.publicUrl().toString(), SigningFixture.responder(F.pki))
                .build();
        CertificateCheckSources cached = CertificateCheckSources.cached(checks);
        noAia = new CertificateCheckSources(cached.ocspOrNull(), cached.crlOrNull(), null);
        signerOnlyAdbe = AdbePkcs7Signer.sign(
                aPdf().build(),
                F.pki.departmentSeal().privateKey(),
                List.of(F.pki.departmentSeal().certificate()));
    }

    @AfterAll
    static void closeChecks() {
        checks.close();
    }

    /** The signer-only ADBE document verified against this bundle alone, fetching no issuer. */
    private static SignatureReport signerOnlyVerifiedWith(TrustBundle bundle) {
        return verifierOf(bundle)
                .verify(PdfInput.of(signerOnlyAdbe))
                .signatures()
                .get(0);
    }

    private static SignatureVerifier verifierOf(TrustBundle bundle) {
        return PadesSignatureVerifier.builder()
                .trustBundle(bundle)
                .certificateChecks(noAia)
                .build();
    }

    @Test
    void verify_signerOnlyDocumentChainedThroughBundleIntermediate_isTrustedAndNamesTheRoot() throws Exception {
        TrustBundle bundle = bundleFolder("demo", List.of(F.pki.rootCa()), List.of(F.pki.issuingCa()));
        SignatureVerifier verifier = verifierOf(bundle);

        SignatureReport s =
                verifier.verify(PdfInput.of(signerOnlyAdbe)).signatures().get(0);

        String rootName = commonName(F.pki.rootCa());
        assertThat(s.indication())
                .as(ReportWords.sentences(s.findings(), ReportLanguage.EN).toString())
                .isEqualTo(Indication.TOTAL_PASSED);
        assertThat(s.trustAnchorOrNull()).isEqualTo(new TrustAnchor(rootName, sha256(F.pki.rootCa()), "demo"));
        assertThat(s.chain())
                .extracting(CertificateInfo::sha256, CertificateInfo::trusted)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                sha256(F.pki.departmentSeal().certificate()), false),
                        org.assertj.core.groups.Tuple.tuple(sha256(F.pki.issuingCa()), false),
                        org.assertj.core.groups.Tuple.tuple(sha256(F.pki.rootCa()), true));
        assertThat(s.findings()).contains(new Finding.TrustAnchorReached(rootName, "demo"));
        assertThat(ReportWords.sentences(s.findings(), ReportLanguage.EN))
                .contains("The certificate chain ends at the trust anchor \"" + rootName
                        + "\" of the trust bundle \"demo\".");
        assertThat(ReportWords.sentences(s.findings(), ReportLanguage.VI))
                .contains("Chuỗi chứng thư dẫn tới điểm tin cậy “" + rootName + "” thuộc bộ chứng thư tin cậy “demo”.");

        JsonNode anchor = JSON.readTree(ReportJson.write(verifier.verify(PdfInput.of(signerOnlyAdbe))))
                .get("signatures")
                .get(0)
                .get("trustAnchor");
        assertThat(anchor.get("commonName").textValue()).isEqualTo(rootName);
        assertThat(anchor.get("sha256").textValue()).isEqualTo(sha256(F.pki.rootCa()));
        assertThat(anchor.get("bundle").textValue()).isEqualTo("demo");
        assertThat(ReportHtml.write(verifier.verify(PdfInput.of(signerOnlyAdbe)), ReportLanguage.EN))
                .contains("Trust anchor")
                .contains(rootName + " (trust bundle &quot;demo&quot;)");
    }

    @Test
    void verify_bundleWithoutTheIntermediate_findsNoChain() throws Exception {
        TrustBundle rootOnly = bundleFolder("root-only", List.of(F.pki.rootCa()), List.of());
        SignatureReport s = signerOnlyVerifiedWith(rootOnly);

        assertThat(s.indication()).isEqualTo(Indication.INDETERMINATE);
        assertThat(s.subIndicationOrNull()).isEqualTo("NO_CERTIFICATE_CHAIN_FOUND");
        assertThat(s.trustAnchorOrNull()).isNull();
    }

    @Test
    void verify_issuingCaOnlyAsBundleIntermediate_isNeverAnAnchor() throws Exception {
        // the bundle's root is another PKI's: the demo issuing CA, although in the bundle, trusts nothing
        DemoPki other = DemoPki.createInMemory(URI.create("http://other.signdesk.test"), Clock.systemUTC());
        TrustBundle bundle = bundleFolder("other", List.of(other.rootCa()), List.of(F.pki.issuingCa()));
        SignatureReport s = signerOnlyVerifiedWith(bundle);

        assertThat(s.indication()).isEqualTo(Indication.INDETERMINATE);
        assertThat(s.subIndicationOrNull()).isEqualTo("NO_CERTIFICATE_CHAIN_FOUND");
        assertThat(s.trustAnchorOrNull()).isNull();
        assertThat(s.chain()).noneMatch(CertificateInfo::trusted);
    }

    @Test
    void verify_vnBundleOnly_documentSignedUnderTheDemoPkiIsNotTrusted() {
        byte[] signed = F.signer.sign(
                PdfInput.of(aPdf().build()),
                SigningFixture.key(F.pki.departmentSeal()),
                SignOptions.invisible(SignatureLevel.B_B));
        SignatureVerifier verifier = PadesSignatureVerifier.builder()
                .trustBundle(TrustBundles.vn(true))
                .certificateChecks(CertificateCheckSources.cached(checks))
                .build();

        SignatureReport s = verifier.verify(PdfInput.of(signed)).signatures().get(0);

        assertThat(s.indication()).isEqualTo(Indication.INDETERMINATE);
        assertThat(s.subIndicationOrNull()).isEqualTo("NO_CERTIFICATE_CHAIN_FOUND");
        assertThat(s.trustAnchorOrNull()).isNull();
        assertThat(s.chain()).isNotEmpty().noneMatch(CertificateInfo::trusted);
        assertThat(ReportWords.sentences(s.findings(), ReportLanguage.EN)).noneMatch(m -> m.contains("trust anchor"));
    }

    @Test
    void verify_adbePkcs7Detached_getsTheIndicationOfAnEtsiCadesDetachedSignature() throws Exception {
        byte[] pdf = aPdf().build();
        byte[] etsi = F.signer.sign(
                PdfInput.of(pdf),
                SigningFixture.key(F.pki.departmentSeal()),
                SignOptions.invisible(SignatureLevel.B_B));
        byte[] adbe = AdbePkcs7Signer.sign(
                pdf, F.pki.departmentSeal().privateKey(), F.pki.departmentSeal().chain());
        SignatureVerifier verifier = PadesSignatureVerifier.builder()
                .trustAnchors(List.of(F.pki.rootCa()))
                .certificateChecks(CertificateCheckSources.cached(checks))
                .build();

        SignatureReport e = verifier.verify(PdfInput.of(etsi)).signatures().get(0);
        SignatureReport a = verifier.verify(PdfInput.of(adbe)).signatures().get(0);

        assertThat(subFilter(etsi)).isEqualTo("ETSI.CAdES.detached");
        assertThat(subFilter(adbe)).isEqualTo("adbe.pkcs7.detached");
        assertThat(e.indication())
                .as(ReportWords.sentences(e.findings(), ReportLanguage.EN).toString())
                .isEqualTo(Indication.TOTAL_PASSED);
        assertThat(a.indication())
                .as(ReportWords.sentences(a.findings(), ReportLanguage.EN).toString())
                .isEqualTo(e.indication());
        assertThat(a.subIndicationOrNull()).isEqualTo(e.subIndicationOrNull());
        assertThat(a.levelOrNull()).isEqualTo("PKCS7-B");
        assertThat(a.intact()).isTrue();
        assertThat(a.coversWholeDocument()).isTrue();
        assertThat(a.revocation().status()).isEqualTo(e.revocation().status());
        assertThat(a.signer()).isEqualTo(e.signer());
        // an anchor configured as a PEM or keystore belongs to no bundle
        TrustAnchor root = new TrustAnchor(commonName(F.pki.rootCa()), sha256(F.pki.rootCa()), null);
        assertThat(a.trustAnchorOrNull()).isEqualTo(root);
        assertThat(e.trustAnchorOrNull()).isEqualTo(root);
        assertThat(SigningFixture.pdfsig(adbe, dir)).contains("Signature is Valid.");
    }

    /** A bundle folder laid out as the shipped ones, written and then read through {@link TrustBundles}. */
    private static TrustBundle bundleFolder(
            String name, List<X509Certificate> roots, List<X509Certificate> intermediates)
            throws IOException, CertificateEncodingException {
        Path folder = Files.createDirectories(dir.resolve(name));
        StringBuilder manifest = new StringBuilder();
        int n = 0;
        for (X509Certificate c : roots) {
            manifest.append(write(folder, "roots/root-" + n++ + ".pem", c));
        }
        for (X509Certificate c : intermediates) {
            manifest.append(write(folder, "intermediates/ca-" + n++ + ".pem", c));
        }
        Files.writeString(folder.resolve(TrustBundleLoader.MANIFEST), manifest);
        return TrustBundles.fromFolder(name, "test bundle " + name, folder, false);
    }

    /** Writes the certificate as PEM and returns its manifest line. */
    private static String write(Path folder, String path, X509Certificate c)
            throws IOException, CertificateEncodingException {
        byte[] pem = ("-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(c.getEncoded())
                        + "\n-----END CERTIFICATE-----\n")
                .getBytes(StandardCharsets.US_ASCII);
        Path file = folder.resolve(path);
        Files.createDirectories(file.getParent());
        Files.write(file, pem);
        return TrustBundleLoader.sha256(pem) + "  " + path + "\n";
    }

    private static String sha256(X509Certificate c) throws CertificateEncodingException {
        return TrustBundleLoader.sha256(c.getEncoded());
    }

    private static String commonName(X509Certificate c) {
        for (String part : c.getSubjectX500Principal().getName().split(",")) {
            if (part.startsWith("CN=")) {
                return part.substring(3);
            }
        }
        throw new AssertionError("no CN in " + c.getSubjectX500Principal());
    }

    private static String subFilter(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return doc.getSignatureDictionaries().get(0).getSubFilter();
        }
    }
}
