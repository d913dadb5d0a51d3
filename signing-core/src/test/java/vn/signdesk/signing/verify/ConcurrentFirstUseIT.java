package vn.signdesk.signing.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.pki.LoopbackPkiServer;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.verify.VerificationReport.Verdict;

/**
 * A verifier is shared by every request from the start: its very first verifications, made at
 * once on several threads, must give the same verdict as later ones. This once failed: DSS builds
 * a policy's algorithm tables lazily, and concurrent first reads of the shared policy saw them half
 * built (CRYPTO_CONSTRAINTS_FAILURE_NO_POE, then NO_CERTIFICATE_CHAIN_FOUND) on a valid document.
 */
class ConcurrentFirstUseIT {

    private static final int THREADS = 8;
    private static final int FRESH_VERIFIERS = 6;

    @Test
    void verify_freshVerifierOnEightThreadsAtOnce_everyVerdictIsTotalPassed() throws Exception {
        try (LoopbackPkiServer server = LoopbackPkiServer.start(0)) {
            DemoPki pki = DemoPki.createInMemory(server.baseUrl(), Clock.systemUTC());
            server.setResponder(pki.responder());
            byte[] signed = DefaultCertificateChecksIT.sign(pki, pki.departmentSeal());
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            try {
                List<Verdict> verdicts = new ArrayList<>();
                for (int round = 0; round < FRESH_VERIFIERS; round++) {
                    SignatureVerifier verifier = PadesSignatureVerifier.builder()
                            .trustAnchors(List.of(pki.rootCa()))
                            .build();
                    CyclicBarrier together = new CyclicBarrier(THREADS);
                    List<Future<Verdict>> results = new ArrayList<>();
                    for (int t = 0; t < THREADS; t++) {
                        results.add(threads.submit(() -> {
                            together.await(30, TimeUnit.SECONDS);
                            return verifier.verify(PdfInput.of(signed)).verdict();
                        }));
                    }
                    for (Future<Verdict> r : results) {
                        verdicts.add(r.get(2, TimeUnit.MINUTES));
                    }
                }
                assertThat(verdicts).hasSize(THREADS * FRESH_VERIFIERS).containsOnly(Verdict.TOTAL_PASSED);
            } finally {
                threads.shutdownNow();
            }
        }
    }
}
