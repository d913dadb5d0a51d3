package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crypto pool's backpressure over real HTTP: a route that hands its work to a pool of one
 * thread and one pending task, behind the service's {@link ProblemHandler}. While the pool is
 * full a request is refused at once with a 503 problem and {@code Retry-After}, never queued.
 */
@ExtendWith(VertxExtension.class)
class CryptoPoolIT {

    @TempDir
    Path dir;

    @Test
    void submit_poolFull_is503ProblemWithRetryAfter_andServesAgainWhenFree(Vertx vertx) throws Exception {
        CryptoPool pool = new CryptoPool(vertx, 1, 1, 1024);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Router router = Router.router(vertx);
        ProblemHandler problems = new ProblemHandler();
        router.route()
                .handler(new LogRequestHandler(new RoutePatterns(router), new ServiceMetrics()))
                .failureHandler(problems);
        router.get("/work").handler(ctx -> pool.submit(() -> {
                    started.countDown();
                    return release.await(30, TimeUnit.SECONDS) ? "done" : "timed out";
                })
                .onComplete(done -> {
                    if (done.failed()) {
                        ctx.fail(done.cause());
                    } else {
                        ctx.response().end(done.result());
                    }
                }));
        HttpServer server = vertx.createHttpServer()
                .requestHandler(router)
                .listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
        WebClient client = WebClient.create(vertx);
        try {
            var first = client.get(server.actualPort(), "127.0.0.1", "/work").send();
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

            HttpResponse<Buffer> refused =
                    DemoServerCalls.send(client, server.actualPort(), HttpMethod.GET, "/work", null, null, null);
            DemoServerCalls.assertProblem(refused, 503, "service-busy", dir);
            assertThat(refused.getHeader("Retry-After")).isEqualTo("1");

            release.countDown();
            assertThat(first.await(10, TimeUnit.SECONDS).bodyAsString()).isEqualTo("done");
            HttpResponse<Buffer> again =
                    DemoServerCalls.send(client, server.actualPort(), HttpMethod.GET, "/work", null, null, null);
            assertThat(again.statusCode()).isEqualTo(200);
        } finally {
            release.countDown();
            server.close().await(10, TimeUnit.SECONDS);
            pool.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void submit_documentsOverTheByteBudget_areRefusedUnlessAlone(Vertx vertx) throws Exception {
        CryptoPool pool = new CryptoPool(vertx, 1, 10, 100);
        CountDownLatch release = new CountDownLatch(1);
        try {
            var holding = pool.submit(60, () -> release.await(30, TimeUnit.SECONDS));

            var overBudget = pool.submit(60, () -> true);
            var withinBudget = pool.submit(30, () -> true);
            var noDocument = pool.submit(() -> true);

            assertThat(overBudget.failed()).isTrue();
            assertThat(overBudget.cause()).isInstanceOf(HttpProblem.class);
            assertThat(((HttpProblem) overBudget.cause()).status()).isEqualTo(503);
            release.countDown();
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(withinBudget.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(noDocument.await(10, TimeUnit.SECONDS)).isTrue();
            // every document's bytes were given back: one larger than the whole budget is taken alone
            assertThat(pool.submit(500, () -> true).await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            release.countDown();
            pool.close().await(10, TimeUnit.SECONDS);
        }
    }
}
