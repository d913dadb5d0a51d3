package vn.signdesk.api.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of every {@link SharedSecrets}, run on each implementation by a subclass that opens
 * it (as one node) on a fresh store: created once, the same for every node, even when nodes create
 * at once.
 */
abstract class SharedSecretsContract {

    /** Prepares a fresh, empty store for one test. */
    abstract void createStore() throws Exception;

    /** Opens the secrets of the test's store as one more node. */
    abstract SharedSecrets openNode();

    /** Closes what the nodes opened. */
    abstract void closeAll();

    @BeforeEach
    void open() throws Exception {
        createStore();
    }

    @AfterEach
    void close() {
        closeAll();
    }

    @Test
    void getOrCreate_firstCallCreates_laterCallsOfAnyNodeReturnItWithoutCreating() {
        AtomicInteger created = new AtomicInteger();
        Supplier<byte[]> create = () -> {
            created.incrementAndGet();
            return random();
        };

        byte[] first = openNode().getOrCreate("two-step-token.key", create);
        byte[] again = openNode().getOrCreate("two-step-token.key", create);

        assertThat(created).hasValue(1);
        assertThat(again).isEqualTo(first).hasSize(32);
        assertThat(openNode().getOrCreate("other-secret", this::random))
                .as("secrets are by name")
                .isNotEqualTo(first);
    }

    @Test
    void getOrCreate_nodesCreatingAtOnce_allGetTheOneThatWon() throws Exception {
        List<SharedSecrets> nodes = List.of(openNode(), openNode(), openNode());
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(9);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < 9; t++) {
                SharedSecrets node = nodes.get(t % nodes.size());
                tasks.add(pool.submit(() -> {
                    go.await();
                    seen.add(HexFormat.of().formatHex(node.getOrCreate("raced.key", this::random)));
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> task : tasks) {
                task.get(1, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(seen).hasSize(1);
    }

    @Test
    void getOrCreate_craftedName_isRefused() {
        SharedSecrets node = openNode();

        assertThatThrownBy(() -> node.getOrCreate("../etc/passwd", this::random))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> node.getOrCreate(".hidden", this::random))
                .isInstanceOf(IllegalArgumentException.class);
    }

    byte[] random() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
