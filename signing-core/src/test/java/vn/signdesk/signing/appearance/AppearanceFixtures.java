package vn.signdesk.signing.appearance;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.pki.Identity;

/**
 * Test data for appearance tests: a demo PKI, generated PDFs, signing with plain DSS at B-B, and the
 * poppler tools that check the result independently.
 */
final class AppearanceFixtures {

    /** The demo PKI; its URLs point to a closed loopback port, which B-B signing never calls. */
    static final DemoPki PKI = DemoPki.createInMemory(URI.create("http://127.0.0.1:1"), Clock.systemUTC());

    private AppearanceFixtures() {}

    /** An A4 document of {@code pages} pages with a Vietnamese title and body text on each. */
    static DSSDocument a4Pdf(int pages) {
        return pdf(pages, 0, document -> {});
    }

    /**
     * A4 pages with text, turned by {@code rotation} degrees, after which {@code extra} may change
     * the document (e.g. add a form field).
     */
    static DSSDocument pdf(int pages, int rotation, Consumer<PDDocument> extra) {
        try (PDDocument document = new PDDocument()) {
            PDType0Font font = PDType0Font.load(
                    document,
                    AppearanceFixtures.class.getResourceAsStream(
                            "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf"));
            for (int i = 1; i <= pages; i++) {
                PDPage page = new PDPage(PDRectangle.A4);
                page.setRotation(rotation);
                document.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(document, page)) {
                    cs.beginText();
                    cs.setFont(font, 13);
                    cs.newLineAtOffset(72, 740);
                    cs.showText("QUYẾT ĐỊNH về việc cấp bản sao điện tử – trang " + i);
                    cs.setFont(font, 11);
                    for (int line = 0; line < 10; line++) {
                        cs.newLineAtOffset(0, -18);
                        cs.showText(
                                "Điều " + (line + 1) + ". Nội dung của văn bản hành chính, dòng " + (line + 1) + ".");
                    }
                    cs.endText();
                }
            }
            extra.accept(document);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return new InMemoryDocument(out.toByteArray(), "input.pdf");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** B-B PAdES parameters for {@code signer}, without an appearance yet. */
    static PAdESSignatureParameters parameters(Identity signer) {
        PAdESSignatureParameters params = new PAdESSignatureParameters();
        params.setSignatureLevel(SignatureLevel.PAdES_BASELINE_B);
        params.setDigestAlgorithm(DigestAlgorithm.SHA256);
        params.setSigningCertificate(new CertificateToken(signer.certificate()));
        List<CertificateToken> chain = new ArrayList<>();
        signer.chain().forEach(c -> chain.add(new CertificateToken(c)));
        params.setCertificateChain(chain);
        return params;
    }

    /** A PAdES service that draws Decree 30 appearances. */
    static PAdESService service() {
        PAdESService service = new PAdESService(new CommonCertificateVerifier());
        service.setPdfObjFactory(Decree30Appearance.pdfObjectFactory());
        return service;
    }

    /** Signs {@code document} as DSS's two calls and a JCA signature over the data to be signed. */
    static DSSDocument sign(DSSDocument document, PAdESSignatureParameters params, Identity signer) {
        PAdESService service = service();
        ToBeSigned toBeSigned = service.getDataToSign(document, params);
        SignatureAlgorithm algorithm = params.getSignatureAlgorithm();
        try {
            Signature jca = Signature.getInstance(algorithm.getJCEId());
            jca.initSign(signer.privateKey());
            jca.update(toBeSigned.getBytes());
            return service.signDocument(document, params, new SignatureValue(algorithm, jca.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code document} to {@code dir/name}. */
    static Path write(DSSDocument document, Path dir, String name) {
        Path file = dir.resolve(name);
        try {
            document.save(file.toString());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command, fails loudly if it is missing or fails, returns its standard output as UTF-8. */
    static String run(String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        try {
            Process process = builder.start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command[0] + " did not finish in 60 s");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(
                    command[0] + " is needed for this test (Debian package poppler-utils): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The text of a PDF as pdftotext extracts it (UTF-8, reading order). */
    static String pdftotext(Path pdf) {
        try {
            Path txt = Files.createTempFile(pdf.getParent(), "text", ".txt");
            String out = run("pdftotext", "-enc", "UTF-8", pdf.toString(), txt.toString());
            if (Files.size(txt) == 0 && !out.isBlank()) {
                throw new IllegalStateException("pdftotext failed: " + out);
            }
            String text = Files.readString(txt, StandardCharsets.UTF_8);
            Files.delete(txt);
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Renders page {@code page} of {@code pdf} at 100 dpi to a PNG next to it and returns its path. */
    static Path render(Path pdf, int page) {
        String base = pdf.toString().replaceFirst("\\.pdf$", "");
        run(
                "pdftoppm",
                "-png",
                "-r",
                "100",
                "-f",
                String.valueOf(page),
                "-l",
                String.valueOf(page),
                "-singlefile",
                pdf.toString(),
                base);
        Path png = Path.of(base + ".png");
        if (!Files.exists(png)) {
            throw new IllegalStateException("pdftoppm wrote no image for " + pdf);
        }
        return png;
    }
}
