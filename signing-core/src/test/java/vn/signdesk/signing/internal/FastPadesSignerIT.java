package vn.signdesk.signing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.TimestampType;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.service.crl.OnlineCRLSource;
import eu.europa.esig.dss.service.http.commons.CommonsDataLoader;
import eu.europa.esig.dss.service.http.commons.OCSPDataLoader;
import eu.europa.esig.dss.service.ocsp.OnlineOCSPSource;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.spi.x509.aia.DefaultAIASource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.pki.Identity;
import vn.signdesk.pki.PkiResponder;
import vn.signdesk.signing.KeyAccessException;
import vn.signdesk.signing.LocalResponder;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.SignOptions;
import vn.signdesk.signing.SigningKey;
import vn.signdesk.signing.TimestampUnavailableException;
import vn.signdesk.signing.appearance.CopyStamp;
import vn.signdesk.signing.tsa.EmbeddedTimestampAuthority;

/**
 * Signs with the one-pass signer and checks the output with poppler's pdfsig (an independent
 * verifier), DSS validation with the demo root as the only trust anchor, and the CMS structure read
 * with Bouncy Castle.
 */
class FastPadesSignerIT {

    private static final String PUBLIC_URL = "http://pki.signdesk.test";
    private static final DemoPki PKI = DemoPki.createInMemory(URI.create(PUBLIC_URL), Clock.systemUTC());
    private static final EmbeddedTimestampAuthority TSA = new EmbeddedTimestampAuthority(
            PKI.tsa().privateKey(),
            PKI.tsa().chain(),
            "1.3.6.1.4.1.55555.1.1",
            Duration.ofSeconds(1),
            Clock.systemUTC());
    private static final FastPadesSigner SIGNER = new FastPadesSigner(TSA);

    @TempDir
    Path tmp;

    @Test
    void sign_bBWithRsaSeal_isBaselineBForDssAndValidForPdfsig() throws Exception {
        byte[] pdf = pdf(2);

        byte[] signed = sign(SIGNER, pdf, PKI.departmentSeal(), vn.signdesk.signing.SignatureLevel.B_B);

        assertThat(signed).startsWith(pdf);
        assertPdfsigValid(signed, 1);
        SignatureWrapper signature = assertDssPassed(signed, SignatureLevel.PAdES_BASELINE_B);
        assertThat(signature.getTimestampList()).isEmpty();
        try (PDDocument doc = Loader.loadPDF(signed)) {
            PDSignature sig = doc.getLastSignatureDictionary();
            assertThat(sig.getSubFilter()).isEqualTo("ETSI.CAdES.detached");
            assertThat(sig.getFilter()).isEqualTo("Adobe.PPKLite");
            assertThat(sig.getSignDate()).isNotNull();
        }
    }

    @Test
    void sign_bT_isBaselineTWithOneSignatureTimestamp() throws Exception {
        byte[] signed = sign(SIGNER, pdf(1), PKI.departmentSeal(), vn.signdesk.signing.SignatureLevel.B_T);

        assertPdfsigValid(signed, 1);
        SignatureWrapper signature = assertDssPassed(signed, SignatureLevel.PAdES_BASELINE_T);
        assertThat(signature.getTimestampList()).singleElement().satisfies(t -> {
            assertThat(t.getType()).isEqualTo(TimestampType.SIGNATURE_TIMESTAMP);
            assertThat(t.isMessageImprintDataIntact()).isTrue();
            assertThat(t.isSignatureValid()).isTrue();
        });
    }

    @Test
    void sign_ecKey_isBaselineBForDssAndValidForPdfsig() throws Exception {
        byte[] signed = sign(SIGNER, pdf(1), PKI.residentEc(), vn.signdesk.signing.SignatureLevel.B_B);

        assertPdfsigValid(signed, 1);
        assertDssPassed(signed, SignatureLevel.PAdES_BASELINE_B);
    }

    @Test
    void sign_anySignature_carriesExactlyTheBaselineBSignedAttributes() throws Exception {
        Identity seal = PKI.departmentSeal();
        Instant signingTime = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        byte[] signed = SIGNER.sign(
                PdfInput.of(pdf(1)),
                key(seal),
                new SignOptions(vn.signdesk.signing.SignatureLevel.B_B, null, null, "Phê duyệt", "Hà Nội"),
                signingTime);

        try (PDDocument doc = Loader.loadPDF(signed)) {
            PDSignature sig = doc.getLastSignatureDictionary();
            assertThat(sig.getReason()).isEqualTo("Phê duyệt");
            assertThat(sig.getLocation()).isEqualTo("Hà Nội");
            assertThat(sig.getSignDate().toInstant()).isEqualTo(signingTime);
            byte[] contents = sig.getContents(signed);
            byte[] der = new ASN1InputStream(contents).readObject().getEncoded(ASN1Encoding.DER);
            assertThat(Arrays.copyOf(contents, der.length)).as("the CMS is DER").isEqualTo(der);
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(sig.getSignedContent(signed)), contents);
            SignerInformation signer =
                    cms.getSignerInfos().getSigners().iterator().next();

            assertThat(signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(seal.certificate())))
                    .isTrue();
            AttributeTable signedAttributes = signer.getSignedAttributes();
            assertThat(Arrays.stream(signedAttributes.toASN1Structure().getAttributes())
                            .map(a -> a.getAttrType()))
                    .containsExactlyInAnyOrder(
                            CMSAttributes.contentType,
                            CMSAttributes.messageDigest,
                            PKCSObjectIdentifiers.id_aa_signingCertificateV2);
            assertThat(signer.getUnsignedAttributes()).isNull();

            ESSCertIDv2 certId = SigningCertificateV2.getInstance(signedAttributes
                            .get(PKCSObjectIdentifiers.id_aa_signingCertificateV2)
                            .getAttrValues()
                            .getObjectAt(0))
                    .getCerts()[0];
            assertThat(certId.getHashAlgorithm().getAlgorithm()).isEqualTo(NISTObjectIdentifiers.id_sha256);
            assertThat(certId.getCertHash())
                    .isEqualTo(MessageDigest.getInstance("SHA-256")
                            .digest(seal.certificate().getEncoded()));
            assertThat(certId.getIssuerSerial().getSerial().getValue())
                    .isEqualTo(seal.certificate().getSerialNumber());

            assertThat(signer.getDigestAlgOID()).isEqualTo(NISTObjectIdentifiers.id_sha256.getId());
            assertThat(cms.getSignedContentTypeOID()).isEqualTo(PKCSObjectIdentifiers.data.getId());
            assertThat(cms.isDetachedSignature()).isTrue();
            assertThat(cms.getCertificates().getMatches(null))
                    .extracting(X509CertificateHolder::getSerialNumber)
                    .containsExactlyInAnyOrderElementsOf(seal.chain().stream()
                            .map(X509Certificate::getSerialNumber)
                            .toList());
        }
    }

    @Test
    void sign_residentThenSeal_bothSignaturesStayValid() throws Exception {
        byte[] byResident = sign(SIGNER, pdf(1), PKI.residentEc(), vn.signdesk.signing.SignatureLevel.B_T);
        byte[] bySeal = sign(SIGNER, byResident, PKI.departmentSeal(), vn.signdesk.signing.SignatureLevel.B_B);

        assertThat(bySeal).startsWith(byResident);
        assertPdfsigValid(bySeal, 2);
        SimpleReport report = validate(bySeal).getSimpleReport();
        assertThat(report.getSignatureIdList()).hasSize(2);
        for (String id : report.getSignatureIdList()) {
            assertThat(report.getIndication(id)).as(report.getSignedBy(id)).isEqualTo(Indication.TOTAL_PASSED);
        }
    }

    @Test
    void sign_timestampLargerThanPlaceholder_signsAgainWithRoom() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        FastPadesSigner tight = new FastPadesSigner(
                (oid, digest) -> {
                    calls.incrementAndGet();
                    return TSA.timestamp(oid, digest);
                },
                256);

        byte[] first = sign(tight, pdf(1), PKI.departmentSeal(), vn.signdesk.signing.SignatureLevel.B_T);
        int callsForFirst = calls.getAndSet(0);
        byte[] second = sign(tight, pdf(1), PKI.departmentSeal(), vn.signdesk.signing.SignatureLevel.B_T);

        assertThat(callsForFirst)
                .as("the first placeholder is too small, so one retry")
                .isEqualTo(2);
        assertThat(calls.get())
                .as("the second placeholder is sized from the first token")
                .isEqualTo(1);
        assertDssPassed(first, SignatureLevel.PAdES_BASELINE_T);
        assertDssPassed(second, SignatureLevel.PAdES_BASELINE_T);
        assertPdfsigValid(first, 1);
    }

    @Test
    void sign_expiredCertificate_isKeyAccessError() {
        assertThatThrownBy(() -> sign(SIGNER, pdf(1), PKI.expired(), vn.signdesk.signing.SignatureLevel.B_B))
                .isInstanceOf(KeyAccessException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void sign_timestampAuthorityDown_failsInsteadOfDowngrading() {
        FastPadesSigner noTsa = new FastPadesSigner((oid, digest) -> {
            throw new TimestampUnavailableException(
                    "timestamp unavailable: no timestamp authority answered (1 tried)", null);
        });

        assertThatThrownBy(() -> sign(noTsa, pdf(1), PKI.departmentSeal(), vn.signdesk.signing.SignatureLevel.B_T))
                .isInstanceOf(TimestampUnavailableException.class);
    }

    @Test
    void handles_onlyInvisibleBBAndBTOnUnencryptedPdfs() {
        SignOptions stamped = SignOptions.copyStamp(
                vn.signdesk.signing.SignatureLevel.B_B, CopyStamp.electronicCopy("Chi nhánh số 1"));
        SigningKey seal = key(PKI.departmentSeal());
        PdfPreflight.Facts plain = new PdfPreflight.Facts(1, false);
        PdfPreflight.Facts encrypted = new PdfPreflight.Facts(1, true);

        assertThat(SIGNER.handles(SignOptions.invisible(vn.signdesk.signing.SignatureLevel.B_B), plain, seal))
                .isTrue();
        assertThat(SIGNER.handles(SignOptions.invisible(vn.signdesk.signing.SignatureLevel.B_T), plain, seal))
                .isTrue();
        assertThat(SIGNER.handles(SignOptions.invisible(vn.signdesk.signing.SignatureLevel.B_LT), plain, seal))
                .isFalse();
        assertThat(SIGNER.handles(SignOptions.invisible(vn.signdesk.signing.SignatureLevel.B_LTA), plain, seal))
                .isFalse();
        assertThat(SIGNER.handles(SignOptions.invisible(vn.signdesk.signing.SignatureLevel.B_B), encrypted, seal))
                .isFalse();
        assertThat(SIGNER.handles(stamped, plain, seal)).isFalse();
        assertThat(new FastPadesSigner(null)
                        .handles(SignOptions.invisible(vn.signdesk.signing.SignatureLevel.B_T), plain, seal))
                .isFalse();
    }

    private static byte[] sign(
            FastPadesSigner signer, byte[] pdf, Identity id, vn.signdesk.signing.SignatureLevel level) {
        return signer.sign(
                PdfInput.of(pdf),
                key(id),
                SignOptions.invisible(level),
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    private static SigningKey key(Identity id) {
        return new SigningKey(id.name(), id.privateKey(), null, id.chain());
    }

    private static SignatureWrapper assertDssPassed(byte[] signed, SignatureLevel expected) {
        Reports reports = validate(signed);
        SimpleReport simple = reports.getSimpleReport();
        assertThat(simple.getSignatureIdList()).hasSize(1);
        String id = simple.getFirstSignatureId();
        assertThat(simple.getIndication(id)).as(simple.toString()).isEqualTo(Indication.TOTAL_PASSED);
        assertThat(simple.getSignatureFormat(id)).isEqualTo(expected);
        return reports.getDiagnosticData().getSignatureById(id);
    }

    private void assertPdfsigValid(byte[] signed, int signatures) throws IOException, InterruptedException {
        Path file = Files.createTempFile(tmp, "signed", ".pdf");
        Files.write(file, signed);
        Process p = new ProcessBuilder("pdfsig", file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("pdfsig finished").isTrue();
        assertThat(count(out, "Signature #")).as(out).isEqualTo(signatures);
        assertThat(count(out, "Signature Validation: Signature is Valid."))
                .as(out)
                .isEqualTo(signatures);
        assertThat(out).contains("Total document signed");
    }

    /** DSS validation with the demo root as the only trust anchor and the demo responder for revocation. */
    private static Reports validate(byte[] pdf) {
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(PKI.rootCa()));
        verifier.setTrustedCertSources(trusted);
        Map<String, LocalResponder> local = Map.of(PUBLIC_URL, (path, body) -> {
            PkiResponder.Response r = PKI.responder().handle(body == null ? "GET" : "POST", path, body);
            return r.status() == 200 ? Optional.of(r.body()) : Optional.empty();
        });
        verifier.setOcspSource(new OnlineOCSPSource(new RoutingDataLoader(local, new OCSPDataLoader())));
        verifier.setCrlSource(new OnlineCRLSource(new RoutingDataLoader(local, new CommonsDataLoader())));
        verifier.setAIASource(new DefaultAIASource(new RoutingDataLoader(local, new CommonsDataLoader())));
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(pdf));
        validator.setCertificateVerifier(verifier);
        return validator.validateDocument();
    }

    private static byte[] pdf(int pages) {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int i = 1; i <= pages; i++) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, 12);
                    cs.newLineAtOffset(72, 770);
                    cs.showText("Decision no. " + i + " on the application for a certified copy");
                    cs.endText();
                }
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
