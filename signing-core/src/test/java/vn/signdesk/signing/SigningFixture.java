package vn.signdesk.signing;

import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.service.crl.OnlineCRLSource;
import eu.europa.esig.dss.service.http.commons.CommonsDataLoader;
import eu.europa.esig.dss.service.http.commons.OCSPDataLoader;
import eu.europa.esig.dss.service.ocsp.OnlineOCSPSource;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.spi.x509.aia.DefaultAIASource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1InputStream;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.pki.Identity;
import vn.signdesk.pki.PkiResponder;
import vn.signdesk.signing.internal.RoutingDataLoader;
import vn.signdesk.signing.tsa.EmbeddedTimestampAuthority;
import vn.signdesk.signing.verify.PadesSignatureVerifier;
import vn.signdesk.signing.verify.SignatureVerifier;

/**
 * The demo PKI, an embedded TSA and a signer wired together the way the command line does it in
 * demo mode: certificate checks answered in-process by the demo responder.
 */
final class SigningFixture {

    static final String PUBLIC_URL = "http://pki.signdesk.test";
    static final String TSA_POLICY = "1.3.6.1.4.1.55555.1.1";

    final DemoPki pki;
    final EmbeddedTimestampAuthority tsa;
    final byte[] tokenKey = randomKey();
    final PadesDocumentSigner signer;

    SigningFixture() {
        this(DemoPki.createInMemory(URI.create(PUBLIC_URL), Clock.systemUTC()));
    }

    /** A fixture over an existing demo PKI, whose certificate URLs are answered in-process. */
    SigningFixture(DemoPki pki) {
        this.pki = pki;
        this.tsa = new EmbeddedTimestampAuthority(
                pki.tsa().privateKey(), pki.tsa().chain(), TSA_POLICY, Duration.ofSeconds(1), Clock.systemUTC());
        this.signer = signerBuilder().build();
    }

    PadesDocumentSigner.Builder signerBuilder() {
        return PadesDocumentSigner.builder()
                .timestamper(tsa)
                .trustAnchors(List.of(pki.rootCa()))
                .localResponder(pki.publicUrl().toString(), responder(pki))
                .tokenKey(tokenKey);
    }

    /** SignDesk's verifier trusting the demo root, its certificate checks answered by the demo responder. */
    SignatureVerifier verifier() {
        return PadesSignatureVerifier.builder()
                .trustAnchors(List.of(pki.rootCa()))
                .localResponder(pki.publicUrl().toString(), responder(pki))
                .build();
    }

    static LocalResponder responder(DemoPki pki) {
        return (path, body) -> {
            PkiResponder.Response r = pki.responder().handle(body == null ? "GET" : "POST", path, body);
            return r.status() == 200 ? Optional.of(r.body()) : Optional.empty();
        };
    }

    static SigningKey key(Identity id) {
        return new SigningKey(id.name(), id.privateKey(), null, id.chain());
    }

    /** DSS validation with the demo root as the only trust anchor and the demo responder for revocation. */
    Reports validate(byte[] pdf) {
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(pki.rootCa()));
        verifier.setTrustedCertSources(trusted);
        Map<String, LocalResponder> local = Map.of(pki.publicUrl().toString(), responder(pki));
        verifier.setOcspSource(new OnlineOCSPSource(new RoutingDataLoader(local, new OCSPDataLoader())));
        verifier.setCrlSource(new OnlineCRLSource(new RoutingDataLoader(local, new CommonsDataLoader())));
        verifier.setAIASource(new DefaultAIASource(new RoutingDataLoader(local, new CommonsDataLoader())));
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(pdf));
        validator.setCertificateVerifier(verifier);
        return validator.validateDocument();
    }

    /** Runs a command, returns its combined output; fails loudly if the tool is missing or hangs. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** poppler's pdfsig on the given bytes, as an independent verifier. */
    static String pdfsig(byte[] pdf, Path dir) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "signed", ".pdf");
        Files.write(file, pdf);
        return run(new ArrayList<>(List.of("pdfsig", file.toString())));
    }

    /** poppler's pdftotext of the given bytes, NFC-normalised, every run of white space (line wraps too) made one space. */
    static String pdftotext(byte[] pdf, Path dir) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "text", ".pdf");
        Files.write(file, pdf);
        return java.text.Normalizer.normalize(
                        run(List.of("pdftotext", "-enc", "UTF-8", file.toString(), "-")), java.text.Normalizer.Form.NFC)
                .replaceAll("\\s+", " ");
    }

    /**
     * Checks every signature of a PDF with independent tools: poppler's pdfsig for CMS signatures and
     * {@code openssl ts -verify} for document timestamps (poppler 22 cannot validate ETSI.RFC3161).
     *
     * @return the number of signatures and document timestamps that verified, to compare with the total
     */
    int independentlyVerified(byte[] pdf, Path dir) throws IOException, InterruptedException {
        String pdfsig = pdfsig(pdf, dir);
        int verified = count(pdfsig, "Signature Validation: Signature is Valid.");
        Path root = pem(dir, "root", List.of(pki.rootCa()));
        Path chain = pem(dir, "tsa-chain", pki.tsa().chain());
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            for (PDSignature sig : doc.getSignatureDictionaries()) {
                if (!"ETSI.RFC3161".equals(sig.getSubFilter())) {
                    continue;
                }
                byte[] token =
                        new ASN1InputStream(sig.getContents(pdf)).readObject().getEncoded("DER");
                Path tokenFile = Files.createTempFile(dir, "doc-ts", ".der");
                Files.write(tokenFile, token);
                // -data, not -digest: openssl hashes with the token's own imprint algorithm (DSS may use SHA-512)
                Path signedBytes = Files.createTempFile(dir, "doc-ts", ".bin");
                Files.write(signedBytes, sig.getSignedContent(pdf));
                String out = run(List.of(
                        "openssl",
                        "ts",
                        "-verify",
                        "-data",
                        signedBytes.toString(),
                        "-token_in",
                        "-in",
                        tokenFile.toString(),
                        "-CAfile",
                        root.toString(),
                        "-untrusted",
                        chain.toString()));
                if (out.contains("Verification: OK")) {
                    verified++;
                }
            }
        }
        return verified;
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    static int signatureCount(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return doc.getSignatureDictionaries().size();
        }
    }

    private static Path pem(Path dir, String name, List<X509Certificate> certs) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (X509Certificate c : certs) {
            try {
                sb.append("-----BEGIN CERTIFICATE-----\n")
                        .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (CertificateEncodingException e) {
                throw new IOException(e);
            }
        }
        Path file = dir.resolve(name + ".pem");
        Files.writeString(file, sb);
        return file;
    }

    private static byte[] randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }
}
