package vn.signdesk.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.signdesk.signing.TestPdfs.aPdf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.pki.Identity;
import vn.signdesk.signing.verify.ChangeKind;
import vn.signdesk.signing.verify.Finding;
import vn.signdesk.signing.verify.SignatureCoverage;
import vn.signdesk.signing.verify.SignatureVerifier;
import vn.signdesk.signing.verify.VerificationReport;
import vn.signdesk.signing.verify.VerificationReport.Indication;
import vn.signdesk.signing.verify.VerificationReport.SignatureReport;
import vn.signdesk.signing.verify.report.ReportLanguage;
import vn.signdesk.signing.verify.report.ReportWords;

/**
 * Every signature of a document is reported, wherever it is held: a second signature that poppler's
 * {@code pdfsig -add-signature} puts on the page but leaves out of /AcroForm /Fields, a signature
 * dictionary no field holds, and signature bytes a raw scan finds where the structure has none.
 */
class SignatureInventoryIT {

    private static final SigningFixture F = new SigningFixture();
    private static SignatureVerifier verifier;

    @BeforeAll
    static void verifier() {
        verifier = F.verifier();
    }

    @Test
    void verify_popplerSignatureOutsideTheForm_isListedAndSaysSo(@TempDir Path dir) throws Exception {
        byte[] signed = sign(aPdf().build(), SignatureLevel.B_LT);
        byte[] twice = popplerAddsSignature(signed, F.pki.residentRsa(), dir);
        assertThat(SigningFixture.signatureCount(twice))
                .as("PDFBox, which reads /AcroForm /Fields, sees only SignDesk's signature")
                .isEqualTo(1);
        assertThat(SigningFixture.count(SigningFixture.pdfsig(twice, dir), "Signature Validation: Signature is Valid."))
                .as("pdfsig sees and validates both")
                .isEqualTo(2);

        VerificationReport report = verifier.verify(PdfInput.of(twice));

        assertThat(report.signatures()).hasSize(2);
        SignatureReport first = report.signatures().get(0);
        assertThat(first.indication())
                .as("%s", ReportWords.sentences(first.findings(), ReportLanguage.EN))
                .isEqualTo(Indication.TOTAL_PASSED);
        assertThat(first.levelOrNull()).isEqualTo("PAdES-BASELINE-LT");
        assertThat(first.changesAfterSigning()).isEqualTo(ChangeKind.FORM_FILLING);
        assertThat(first.findings()).doesNotContain(Finding.Note.SIGNATURE_OUTSIDE_FORM);
        SignatureReport second = report.signatures().get(1);
        assertThat(second.id()).isEqualTo("SecondSigner");
        assertThat(second.intact()).as("its cryptography holds").isTrue();
        assertThat(second.signer().serialOrNull())
                .isEqualTo(F.pki.residentRsa().certificate().getSerialNumber().toString(16));
        assertThat(second.findings()).contains(Finding.Note.SIGNATURE_OUTSIDE_FORM);
        assertThat(second.indication()).as("not a signature of the form").isEqualTo(Indication.TOTAL_FAILED);
        assertThat(second.subIndicationOrNull()).isEqualTo("FORMAT_FAILURE");
        assertThat(ReportWords.sentences(second.findings(), ReportLanguage.EN))
                .anyMatch(m -> m.contains("outside the document's form"));
        assertThat(ReportWords.sentences(second.findings(), ReportLanguage.VI))
                .anyMatch(m -> m.contains("ngoài biểu mẫu"));
        assertThat(report.findings()).as("the raw scan agrees: two byte ranges").isEmpty();
    }

    @Test
    void verify_signatureBytesNoRevisionHolds_rawScanDisagreementIsAFinding() {
        // a signature dictionary written after the original's %%EOF, listed by no cross-reference section
        byte[] planted = concat(
                aPdf().build(),
                ("\n99 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached"
                                + " /ByteRange [0 10 20 30] /Contents <3082> >>\nendobj\n")
                        .getBytes(StandardCharsets.US_ASCII));
        byte[] signed = sign(planted, SignatureLevel.B_B);

        VerificationReport report = verifier.verify(PdfInput.of(signed));

        assertThat(report.signatures()).hasSize(1);
        assertThat(report.signatures().get(0).indication()).isEqualTo(Indication.TOTAL_PASSED);
        assertThat(report.findings()).containsExactly(new Finding.RawScanDisagrees(1, 2));
        assertThat(ReportWords.sentences(report.findings(), ReportLanguage.EN))
                .containsExactly("A scan of the file's raw bytes finds 2 signed byte ranges (/ByteRange) where the"
                        + " document's structure holds 1: signature data lies where a PDF reader does not look, or"
                        + " the other way round.");
    }

    @Test
    void verify_signatureDictionaryNothingRefersTo_isToldNotListed() {
        byte[] signed = sign(withUnreferencedSignatureDictionary(aPdf().build()), SignatureLevel.B_B);

        VerificationReport report = verifier.verify(PdfInput.of(signed));

        assertThat(report.signatures()).hasSize(1);
        assertThat(report.verdict()).isEqualTo(VerificationReport.Verdict.TOTAL_PASSED);
        assertThat(report.findings())
                .singleElement()
                .isInstanceOfSatisfying(Finding.UnlistedSignatureDictionary.class, u -> assertThat(u.placement())
                        .isEqualTo(SignatureCoverage.Placement.UNREFERENCED));
    }

    private static byte[] sign(byte[] pdf, SignatureLevel level) {
        return F.signer.sign(
                PdfInput.of(pdf), SigningFixture.key(F.pki.departmentSeal()), SignOptions.invisible(level));
    }

    /**
     * A second signature by poppler's pdfsig, from an NSS database holding {@code signer}'s key: pdfsig
     * places its widget on page 1 without adding its field to /AcroForm /Fields.
     */
    private static byte[] popplerAddsSignature(byte[] pdf, Identity signer, Path dir)
            throws IOException, InterruptedException {
        Path nss = Files.createDirectory(dir.resolve("nss"));
        run(List.of("certutil", "-N", "-d", "sql:" + nss, "--empty-password"));
        Path p12 = dir.resolve("signer.p12");
        Files.write(p12, signer.toPkcs12("demo".toCharArray()));
        run(List.of("pk12util", "-i", p12.toString(), "-d", "sql:" + nss, "-W", "demo", "-K", ""));
        Path in = dir.resolve("in.pdf");
        Path out = dir.resolve("out.pdf");
        Files.write(in, pdf);
        run(List.of(
                "pdfsig",
                "-nssdir",
                "sql:" + nss,
                "-add-signature",
                "-nick",
                signer.name(),
                "-new-signature-field-name",
                "SecondSigner",
                in.toString(),
                out.toString()));
        return Files.readAllBytes(out);
    }

    /** Runs a command that must succeed (exit 0) within a minute. */
    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        assertThat(p.exitValue()).as("%s said: %s", command, output).isZero();
    }

    /** The document with one more object, a signature dictionary no other object refers to. */
    private static byte[] withUnreferencedSignatureDictionary(byte[] pdf) {
        IncrementalUpdate update = IncrementalUpdate.on(pdf);
        return update.object(
                        update.nextNumber(),
                        "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached"
                                + " /ByteRange [0 10 20 30] /Contents <3082> >>")
                .build();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
