package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.signdesk.api.store.JobStore;
import vn.signdesk.api.store.PostgresStore;
import vn.signdesk.ocr.OcrConfig;
import vn.signdesk.ocr.TesseractOcr;

/**
 * {@link OcrJobs} of two nodes on one PostgreSQL database ({@link TwoNodes}), with real
 * Tesseract: a job stored through one node runs on the other, and a job whose node died holding
 * it runs on the other once the lease has expired, completed once.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OcrJobsIT {

    private static final Path SCAN = Path.of("../../shared/corpus/D_ocr/tess-phototest.tif");

    private TwoNodes nodes;
    private PostgresStore nodeA;
    private PostgresStore nodeB;
    private OcrJobs jobsOfB;

    @BeforeEach
    void open() {
        nodes = TwoNodes.open(getClass());
        nodeA = nodes.a;
        nodeB = nodes.b;
    }

    @AfterEach
    void close() {
        if (jobsOfB != null) {
            jobsOfB.close();
        }
        nodes.close();
    }

    @Test
    void ocr_jobStoredThroughNodeA_runsOnNodeBWithItsFilesInTheDatabase() throws Exception {
        JobStore.Job job = storeJob(nodeA);

        jobsOfB = startOcr(nodeB);

        JobStore.Job done = TwoNodes.awaitFinished(nodeA.jobs(), job.id());
        assertThat(done.state()).isEqualTo(JobStore.State.DONE);
        assertThat(done.leaseNodeOrNull()).isEqualTo("node-b");
        assertThat(done.pagesDone()).isEqualTo(1);
        assertThat(new String(nodeA.files().read(job.id(), OcrJobs.TEXT_FILE).orElseThrow(), StandardCharsets.UTF_8))
                .contains("This is a lot of 12 point text");
        assertThat(nodeA.files().read(job.id(), OcrJobs.PDF_FILE).orElseThrow()).startsWith("%PDF-".getBytes());
    }

    @Test
    void ocr_nodeADiesHoldingAJob_nodeBTakesItWhenTheLeaseExpiresAndCompletesItOnce() throws Exception {
        JobStore.Job job = storeJob(nodeA);
        // node A claims the job and dies at once: it never renews its lease
        assertThat(nodeA.jobs().claim(job.id())).isPresent();
        long claimed = System.nanoTime();

        jobsOfB = startOcr(nodeB);

        JobStore.Job done = TwoNodes.awaitFinished(nodeB.jobs(), job.id());
        double waited = (System.nanoTime() - claimed) / 1e9;
        assertThat(done.state()).isEqualTo(JobStore.State.DONE);
        assertThat(done.leaseNodeOrNull()).isEqualTo("node-b");
        assertThat(waited)
                .as("node B waited for node A's lease")
                .isGreaterThanOrEqualTo(TwoNodes.LEASE_OF_A.toMillis() / 1000.0);
        assertThat(nodeA.jobs().renew(job.id()))
                .as("node A, back, has lost the job")
                .isFalse();
        assertThat(new String(nodeB.files().read(job.id(), OcrJobs.TEXT_FILE).orElseThrow(), StandardCharsets.UTF_8))
                .contains("This is a lot of 12 point text");
    }

    /** What {@link OcrJobs#accept} stores, done through another node's store. */
    private static JobStore.Job storeJob(PostgresStore node) throws Exception {
        JobStore.Job job = node.jobs().create(OcrJobs.KIND, "branch", "{\"lang\":\"eng\"}");
        node.files().write(job.id(), OcrJobs.INPUT_FILE, Files.readAllBytes(SCAN));
        return job;
    }

    private static OcrJobs startOcr(PostgresStore node) {
        return new OcrJobs(
                        node.jobs(),
                        node.files(),
                        TesseractOcr.start(OcrConfig.defaults()),
                        CallbackDeliveries.none(node.jobs()),
                        1,
                        8)
                .start();
    }
}
