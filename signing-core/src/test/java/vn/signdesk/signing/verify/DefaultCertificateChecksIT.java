package vn.signdesk.signing.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.pki.Identity;
import vn.signdesk.pki.LoopbackPkiServer;
import vn.signdesk.signing.PadesDocumentSigner;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.SignOptions;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.SigningKey;
import vn.signdesk.signing.verify.VerificationReport.RevocationStatus;
import vn.signdesk.signing.verify.VerificationReport.SignatureReport;
import vn.signdesk.signing.verify.VerificationReport.Verdict;

/**
 * A verifier built without certificate-check sources caches what it fetches: the second verification
 * of a document asks the demo responder on loopback nothing, two verifiers do not share a cache, and
 * verifications from the cache write the same reports as the one that fetched.
 */
class DefaultCertificateChecksIT {

    private static LoopbackPkiServer server;
    private static DemoPki pki;
    private static byte[] signed;

    @BeforeAll
    static void signOnePage() throws IOException {
        server = LoopbackPkiServer.start(0);
        pki = DemoPki.createInMemory(server.baseUrl(), Clock.systemUTC());
        server.setResponder(pki.responder());
        signed = sign(pki, pki.departmentSeal());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void resetCounts() {
        server.resetCounts();
    }

    @Test
    void verify_builtWithoutSources_secondVerificationMakesNoRequest() {
        SignatureVerifier verifier = newVerifier();

        VerificationReport first = verifier.verify(PdfInput.of(signed));
        long firstRequests = server.requestCount();
        server.resetCounts();
        VerificationReport second = verifier.verify(PdfInput.of(signed));

        assertThat(first.verdict()).isEqualTo(Verdict.TOTAL_PASSED);
        assertThat(firstRequests).isPositive();
        SignatureReport again = second.signatures().get(0);
        assertThat(second.verdict()).isEqualTo(Verdict.TOTAL_PASSED);
        assertThat(again.revocation().status()).isEqualTo(RevocationStatus.GOOD);
        assertThat(again.revocation().cached()).isTrue();
        assertThat(server.requestCount()).isZero();

        // a second verifier has its own cache: it asks again
        server.resetCounts();
        newVerifier().verify(PdfInput.of(signed));
        assertThat(server.requestCount(LoopbackPkiServer.OCSP)).isPositive();
    }

    @Test
    void verify_again_withCachedAnswersAndTokens_writesTheSameReports() {
        SignatureVerifier verifier = newVerifier();
        VerifyOptions options = VerifyOptions.DEFAULT.at(Instant.now()).withAllRawReports();

        // the first verification fetches; the later ones reuse the answer and, on this thread, its token
        VerificationReport.RawReports first =
                verifier.verify(PdfInput.of(signed), options).raw();
        VerificationReport.RawReports second =
                verifier.verify(PdfInput.of(signed), options).raw();
        VerificationReport.RawReports third =
                verifier.verify(PdfInput.of(signed), options).raw();

        assertThat(server.requestCount(LoopbackPkiServer.OCSP)).isPositive();
        assertThat(first.diagnosticDataOrNull()).contains("<Revocations>").contains("<CertificateRevocation");
        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
    }

    /** A verifier with the demo root as trust anchor and no certificate-check sources: its own cache. */
    private static SignatureVerifier newVerifier() {
        return PadesSignatureVerifier.builder()
                .trustAnchors(List.of(pki.rootCa()))
                .build();
    }

    /** A one-page PDF signed invisibly at B-B by {@code id}. */
    static byte[] sign(DemoPki pki, Identity id) throws IOException {
        PadesDocumentSigner signer = PadesDocumentSigner.builder()
                .trustAnchors(List.of(pki.rootCa()))
                .build();
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.addPage(new PDPage());
            doc.save(out);
            return signer.sign(
                    PdfInput.of(out.toByteArray()),
                    new SigningKey(id.name(), id.privateKey(), null, id.chain()),
                    SignOptions.invisible(SignatureLevel.B_B));
        }
    }
}
