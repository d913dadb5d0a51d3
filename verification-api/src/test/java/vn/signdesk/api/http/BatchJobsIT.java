package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vn.signdesk.api.SigningProfile;
import vn.signdesk.api.SigningRuntime;
import vn.signdesk.api.store.JobStore;
import vn.signdesk.api.store.PostgresStore;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.SigningKey;
import vn.signdesk.signing.verify.SignatureVerifier;
import vn.signdesk.signing.verify.VerificationReport;
import vn.signdesk.signing.verify.VerificationReport.Verdict;

/**
 * {@link BatchJobs} of two nodes on one PostgreSQL database ({@link TwoNodes}) with the demo
 * signer: a batch whose node died after signing its first document is finished by the other node
 * once the lease has expired, without signing that document again.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BatchJobsIT {

    @TempDir
    static Path dataDir;

    static SigningRuntime runtime;

    private TwoNodes nodes;
    private PostgresStore nodeA;
    private PostgresStore nodeB;
    private BatchJobs batchesOfB;

    @BeforeAll
    static void signer() {
        runtime = SigningRuntime.demo(DemoServerCalls.demoConfig(dataDir), Clock.systemUTC());
    }

    @BeforeEach
    void open() {
        nodes = TwoNodes.open(getClass());
        nodeA = nodes.a;
        nodeB = nodes.b;
    }

    @AfterEach
    void close() {
        if (batchesOfB != null) {
            batchesOfB.close();
        }
        nodes.close();
    }

    @Test
    void batch_nodeADiesAfterItsFirstDocument_nodeBFinishesWithoutSigningItAgain() throws Exception {
        SigningProfile seal = runtime.profile("department-seal");
        SignDocumentHandler.SignRequest request = new SignDocumentHandler.SignRequest(seal, SignatureLevel.B_B, false);
        List<String> names = List.of("001-a.pdf", "002-b.pdf", "003-c.pdf");
        JobStore.Job job = nodeA.jobs().create(BatchJobs.KIND, "department", BatchJobs.params(request, names, null));
        for (int n = 1; n <= 3; n++) {
            nodeA.files()
                    .write(
                            job.id(),
                            BatchJobs.input(n),
                            TestPdfs.aPdf().pages(n).build());
        }
        // node A claims the batch, signs the first document, and dies
        assertThat(nodeA.jobs().claim(job.id())).isPresent();
        SigningKey key = runtime.key(seal);
        byte[] signedByA = runtime.signer()
                .sign(
                        PdfInput.of(
                                nodeA.files().read(job.id(), BatchJobs.input(1)).orElseThrow()),
                        key,
                        runtime.options(seal, key, SignatureLevel.B_B, false));
        nodeA.files().write(job.id(), BatchJobs.output(1), signedByA);

        batchesOfB = new BatchJobs(
                        nodeB.jobs(), nodeB.files(), () -> runtime, CallbackDeliveries.none(nodeB.jobs()), 1, 8)
                .start();

        JobStore.Job done = TwoNodes.awaitFinished(nodeB.jobs(), job.id());
        assertThat(done.state()).isEqualTo(JobStore.State.DONE);
        assertThat(done.leaseNodeOrNull()).isEqualTo("node-b");
        assertThat(done.pagesDone()).isEqualTo(3);
        assertThat(batchesOfB.signed(job.id(), 1))
                .hasValueSatisfying(b -> assertThat(b).isEqualTo(signedByA));
        SignatureVerifier verifier = runtime.verifier();
        for (int n = 1; n <= 3; n++) {
            byte[] signed = batchesOfB.signed(job.id(), n).orElseThrow();
            VerificationReport report = verifier.verify(PdfInput.of(signed));
            assertThat(report.verdict()).as("document " + n).isEqualTo(Verdict.TOTAL_PASSED);
            assertThat(report.signatures()).as("document " + n).hasSize(1);
        }
    }
}
