package vn.signdesk.ocr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import vn.signdesk.fixtures.VietnameseScans;

/**
 * The searchable PDF/A checked by independent tools: veraPDF for conformance, poppler for the text; on
 * generated Vietnamese scans in every run, and on the corpus's scans in the conformance suite.
 */
class SearchablePdfIT {

    private static final Instant NOW = Instant.parse("2026-03-01T08:30:00Z");
    private static TesseractOcr ocr;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        ocr = TesseractOcr.start(OcrConfig.defaults().withWorkers(2), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterAll
    static void stop() {
        ocr.close();
    }

    @Tag("conformance")
    @Test
    void searchablePdfA_bilevelVietnameseTiff_isPdfA2bAndPdftotextFindsTheWords() throws Exception {
        OcrResult r = ocr.ocr(Corpus.input("vietocr-vietsample1.tif"), OcrOptions.defaults(), ProgressListener.NONE);
        byte[] pdf = r.searchablePdfA();

        assertThat(r.pdfaPart()).isEqualTo(2);
        assertThat(PdfA.failures(pdf, PDFAFlavour.PDFA_2_B)).isEmpty();
        String text = pdftotext(pdf);
        assertThat(text)
                .contains("Đôi")
                .contains("Mắt")
                .contains("Người")
                .contains("Sơn")
                .contains("Tây");
        assertThat(text.split("\f")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void searchablePdfA_generatedTwoPageBilevelVietnameseTiff_isPdfA2bAndPdftotextFindsTheWords() throws Exception {
        byte[] tiff = VietnameseScans.tiff(List.of(
                VietnameseScans.aScan().bilevel().noise(0.003).image(),
                VietnameseScans.aScan().bilevel().skewed(1.2).seed(2).image()));

        OcrResult r = ocr.ocr(OcrInput.of(tiff), OcrOptions.defaults(), ProgressListener.NONE);
        byte[] pdf = r.searchablePdfA();

        assertThat(r.pdfaPart()).isEqualTo(2);
        assertThat(PdfA.failures(pdf, PDFAFlavour.PDFA_2_B)).isEmpty();
        String text = pdftotext(pdf);
        assertThat(text)
                .contains("Độc")
                .contains("Hạnh")
                .contains("Nguyễn")
                .contains("Lấp")
                .contains("Đống");
        assertThat(text.split("\f")).hasSizeGreaterThanOrEqualTo(2);
    }

    @Tag("conformance")
    @Test
    void searchablePdfA_colourPng_isPdfA2bWithTheWordsOverTheImage() throws Exception {
        OcrResult r = ocr.ocr(
                Corpus.input("tess4j-eurotext_deskew.png"),
                OcrOptions.defaults().withLanguages("eng"),
                ProgressListener.NONE);
        byte[] pdf = r.searchablePdfA();

        assertThat(PdfA.failures(pdf, PDFAFlavour.PDFA_2_B)).isEmpty();
        assertThat(pdftotext(pdf)).contains("quick").contains("brown").contains("jumps");
    }

    @Test
    void searchablePdfA_generatedColourPng_isPdfA2bWithTheWordsOverTheImage() throws Exception {
        OcrResult r = ocr.ocr(
                OcrInput.of(VietnameseScans.aScan().colour().png()), OcrOptions.defaults(), ProgressListener.NONE);
        byte[] pdf = r.searchablePdfA();

        assertThat(PdfA.failures(pdf, PDFAFlavour.PDFA_2_B)).isEmpty();
        assertThat(pdftotext(pdf)).contains("Hạnh").contains("phúc").contains("Huỳnh");
    }

    @Test
    void searchablePdfA_records_theOriginalsSha256InXmpAndInfo() throws Exception {
        OcrInput in = OcrInput.of(VietnameseScans.aScan().dpi(150).tiff());

        byte[] pdf = ocr.ocr(in, OcrOptions.defaults().withLanguages("eng"), ProgressListener.NONE)
                .searchablePdfA();

        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String xmp = new String(doc.getDocumentCatalog().getMetadata().toByteArray(), StandardCharsets.UTF_8);
            assertThat(xmp)
                    .contains("<dc:source>urn:sha256:" + in.sha256() + "</dc:source>")
                    .contains("<pdfaid:part>2</pdfaid:part>")
                    .contains("2026-03-01T08:30:00Z");
            assertThat(doc.getDocumentInformation().getCustomMetadataValue("SourceSHA256"))
                    .isEqualTo(in.sha256());
        }
    }

    @Tag("conformance")
    @Test
    void ocr_signedPdf_leavesTheOriginalAndAttachesItToAPdfA3b() throws Exception {
        assertLeftAloneAndAttached(
                Path.of("../../shared/corpus/B_signed_known_verdict/dss-pades-bes.pdf"), "eng", "Hello World");
    }

    @Test
    void ocr_generatedPdfWithASignature_leavesTheOriginalAndAttachesItToAPdfA3b() throws Exception {
        Path signed = tmp.resolve("don-de-nghi-da-ky.pdf");
        Files.write(signed, VietnameseScans.textPdfWithSignatureDictionary());

        assertLeftAloneAndAttached(signed, "vie", "Hạnh phúc");
    }

    @Tag("conformance")
    @Test
    void veraPdf_ordinarySignedPdf_isNotPdfA() throws Exception {
        // the control: the validator does reject a PDF that is not PDF/A, so the checks above mean something
        byte[] plain = Files.readAllBytes(Path.of("../../shared/corpus/B_signed_known_verdict/dss-pades-bes.pdf"));

        assertThat(PdfA.failures(plain, PDFAFlavour.PDFA_2_B)).isNotEmpty();
    }

    @Test
    void veraPdf_generatedOrdinaryPdf_isNotPdfA() throws Exception {
        // the same control on a generated file
        assertThat(PdfA.failures(VietnameseScans.textPdfWithSignatureDictionary(), PDFAFlavour.PDFA_2_B))
                .isNotEmpty();
    }

    /** OCR of a signed PDF: the original untouched, kept whole inside a PDF/A-3b whose text has the word. */
    private void assertLeftAloneAndAttached(Path signed, String languages, String word) throws Exception {
        byte[] before = Files.readAllBytes(signed);
        OcrInput in = OcrInput.of(signed);

        OcrResult r =
                ocr.ocr(in, OcrOptions.defaults().withLanguages(languages).embeddingOriginal(), ProgressListener.NONE);

        assertThat(r.signedSource()).isTrue();
        assertThat(in.bytes()).isEqualTo(before);
        assertThat(r.sourceSha256()).isEqualTo(in.sha256());
        assertThat(r.pdfaPart()).isEqualTo(3);
        assertThat(r.text()).contains(word);
        byte[] pdf = r.searchablePdfA();
        assertThat(PdfA.failures(pdf, PDFAFlavour.PDFA_3_B)).isEmpty();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getSignatureDictionaries()).isEmpty();
            PDComplexFileSpecification spec = doc.getDocumentCatalog()
                    .getNames()
                    .getEmbeddedFiles()
                    .getNames()
                    .get(signed.getFileName().toString());
            assertThat(spec.getCOSObject().getNameAsString("AFRelationship")).isEqualTo("Source");
            assertThat(spec.getEmbeddedFile().toByteArray()).isEqualTo(before);
        }
        assertThat(pdftotext(pdf)).contains(word);
    }

    private String pdftotext(byte[] pdf) throws IOException, InterruptedException {
        Path in = tmp.resolve("in-" + System.nanoTime() + ".pdf");
        Path out = tmp.resolve("out-" + System.nanoTime() + ".txt");
        Files.write(in, pdf);
        List<String> cmd = new ArrayList<>(List.of("pdftotext", "-enc", "UTF-8", in.toString(), out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("pdftotext finished").isTrue();
        assertThat(p.exitValue()).as("pdftotext: " + log).isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
