package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vn.signdesk.api.CallbackSecret;
import vn.signdesk.api.config.CallbackSettings;
import vn.signdesk.api.store.JobStore;
import vn.signdesk.api.store.PostgresStore;

/**
 * {@link CallbackDeliveries} of two nodes on one PostgreSQL database ({@link TwoNodes}): a delivery
 * whose node died after a refused attempt is taken over by the other node once the lease has
 * expired; it keeps the first attempt, waits out the backoff, and signs with the secret both nodes
 * share.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CallbackDeliveriesIT {

    /** What the receiver was sent. */
    record Notification(String timestamp, String signature, byte[] body, Instant at) {}

    private final List<Notification> received = new CopyOnWriteArrayList<>();
    private TwoNodes nodes;
    private HttpServer receiver;
    private CallbackDeliveries deliveriesOfB;

    @BeforeEach
    void open() throws IOException {
        nodes = TwoNodes.open(getClass());
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        receiver.createContext("/hook", exchange -> {
            received.add(new Notification(
                    exchange.getRequestHeaders().getFirst(CallbackDeliveries.TIMESTAMP_HEADER),
                    exchange.getRequestHeaders().getFirst(CallbackDeliveries.SIGNATURE_HEADER),
                    exchange.getRequestBody().readAllBytes(),
                    Instant.now()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void close() {
        if (deliveriesOfB != null) {
            deliveriesOfB.close();
        }
        receiver.stop(0);
        nodes.close();
    }

    @Test
    void delivery_nodeADiesAfterARefusedAttempt_nodeBDeliversKeepingTheAttemptWithTheSharedSecret() throws Exception {
        PostgresStore a = nodes.a;
        PostgresStore b = nodes.b;
        int port = receiver.getAddress().getPort();
        String url = "http://127.0.0.1:" + port + "/hook";
        CallbackSettings settings = new CallbackSettings(List.of("127.0.0.1:" + port), 3, Duration.ofSeconds(2));
        // node A finishes an OCR job that names a callback, so its delivery is stored ...
        CallbackDeliveries deliveriesOfA = new CallbackDeliveries(
                a.jobs(), settings, () -> CallbackSecret.of(a.secrets()), OcrJobHandler::state, Clock.systemUTC(), 1);
        JobStore.Job job = a.jobs()
                .create(
                        OcrJobs.KIND,
                        "branch",
                        new JsonObject().put("callback", url).encode());
        assertThat(a.jobs().claim(job.id())).isPresent();
        JsonObject result = deliveriesOfA.scheduleFor(
                job, new JsonObject().put("pages", new JsonArray()).put("sourceSha256", "00ff"));
        a.jobs().complete(job.id(), result.encode());
        String deliveryId = result.getString(CallbackDeliveries.LINK);
        // ... claims the delivery, records a refused attempt, and dies
        Instant refusedAt = Instant.now();
        assertThat(a.jobs().claim(deliveryId)).isPresent();
        a.jobs().start(deliveryId, 3);
        a.jobs()
                .progress(
                        deliveryId,
                        1,
                        new JsonObject()
                                .put(
                                        "attempts",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put("at", refusedAt.toString())
                                                        .put("status", 503)))
                                .encode());

        deliveriesOfB = new CallbackDeliveries(
                        b.jobs(),
                        settings,
                        () -> CallbackSecret.of(b.secrets()),
                        OcrJobHandler::state,
                        Clock.systemUTC(),
                        1)
                .start();
        JobStore.Job delivery = TwoNodes.awaitFinished(b.jobs(), deliveryId);

        assertThat(delivery.state()).isEqualTo(JobStore.State.DONE);
        assertThat(delivery.leaseNodeOrNull()).isEqualTo("node-b");
        JobStore.Job finished = b.jobs().find(job.id()).orElseThrow();
        JsonObject callback = deliveriesOfB.describe(finished).orElseThrow();
        assertThat(callback.getString("url")).isEqualTo(url);
        assertThat(callback.getBoolean("delivered")).isTrue();
        JsonArray attempts = callback.getJsonArray("attempts");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.getJsonObject(0).getInteger("status")).isEqualTo(503);
        assertThat(attempts.getJsonObject(1).getInteger("status")).isEqualTo(204);
        assertThat(received).hasSize(1);
        Notification notification = received.get(0);
        // the backoff after the first attempt held, though another node made the second
        assertThat(Duration.between(refusedAt, notification.at())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(new JsonObject(new String(notification.body(), StandardCharsets.UTF_8)))
                .isEqualTo(OcrJobHandler.state(finished));
        // node B signed with the secret node A would have used
        assertThat(notification.signature())
                .isEqualTo(CallbackSecret.of(a.secrets())
                        .signature(Long.parseLong(notification.timestamp()), notification.body()));
    }
}
