package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import vn.signdesk.signing.PdfReadBudget;

/** The heap arithmetic: what the crypto pool's documents may take beside workers reading worst-case documents. */
class SignDeskServerTest {

    private static final long MIB = 1L << 20;

    @Test
    void documentBytesBudget_heapTheLauncherGivesTwoCores_leaves256MiBForDocuments() {
        // -Xmx1296m: the parallel collector keeps a ninth as a survivor space, 1152 MiB can be filled
        long budget = SignDeskServer.documentBytesBudget(1152 * MIB, 2, PdfReadBudget.DEFAULT);
        assertThat(budget).isEqualTo(1152 * MIB - 256 * MIB - 2 * 320 * MIB).isEqualTo(256 * MIB);
    }

    @Test
    void documentBytesBudget_heapTooSmallForTheWorkers_keepsTheFloor() {
        assertThat(SignDeskServer.documentBytesBudget(512 * MIB, 2, PdfReadBudget.DEFAULT))
                .isEqualTo(SignDeskServer.MIN_DOCUMENT_BYTES);
        assertThat(SignDeskServer.minimumHeap(2, PdfReadBudget.DEFAULT)).isEqualTo((256 + 640 + 64) * MIB);
    }

    @Test
    void documentBytesBudget_moreWorkers_needMoreHeap() {
        long eight = SignDeskServer.documentBytesBudget(4096 * MIB, 8, PdfReadBudget.DEFAULT);
        assertThat(eight).isEqualTo(4096 * MIB - 256 * MIB - 8 * 320 * MIB);
    }
}
