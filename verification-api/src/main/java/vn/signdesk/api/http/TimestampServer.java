package vn.signdesk.api.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.signing.tsa.EmbeddedTimestampAuthority;

/**
 * A standalone RFC 3161 timestamp authority over HTTP ({@code signdesk tsa serve}): {@code POST /tsa}
 * exactly as the service serves it ({@link IssueTimestampHandler}), with an authority of its own key
 * and nothing else: no credentials, no audit trail, no demo PKI. For operators who need an external
 * TSA of their own (tests, the production example), and as a second authority for failover.
 *
 * <p>Each request is logged in one line ({@link LogRequestHandler}); errors are problem+json
 * ({@link ProblemHandler}). Tokens are made on a bounded pool ({@link CryptoPool}), so a burst gets
 * 503 with {@code Retry-After} rather than an unbounded queue.
 */
public final class TimestampServer {

    private static final Logger LOG = LoggerFactory.getLogger(TimestampServer.class);

    private final HttpServer server;
    private final CryptoPool pool;
    private final ServiceMetrics metrics;

    private TimestampServer(HttpServer server, CryptoPool pool, ServiceMetrics metrics) {
        this.server = server;
        this.pool = pool;
        this.metrics = metrics;
    }

    /**
     * Listens on {@code host:port} (0: a free port) and serves {@code POST /tsa} with {@code tsa}.
     *
     * @return completes when the server listens
     */
    public static Future<TimestampServer> start(Vertx vertx, EmbeddedTimestampAuthority tsa, String host, int port) {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        CryptoPool pool = new CryptoPool(
                vertx, threads, threads * 64, Runtime.getRuntime().maxMemory() / 4);
        ServiceMetrics metrics = new ServiceMetrics();
        Router router = Router.router(vertx);
        ProblemHandler problems = new ProblemHandler();
        for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
            router.errorHandler(status, problems);
        }
        router.route()
                .handler(new LogRequestHandler(new RoutePatterns(router), metrics))
                .failureHandler(problems);
        IssueTimestampHandler.serve(router.post("/tsa"), () -> tsa, pool);
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                .requestHandler(router)
                .listen()
                .map(server -> new TimestampServer(server, pool, metrics))
                .onFailure(e -> {
                    pool.close();
                    metrics.close();
                });
    }

    /**
     * Serves in the foreground until the JVM is told to stop (SIGTERM, Ctrl-C), then lets requests in
     * flight finish.
     *
     * @return 2 when the server cannot start (the reason on {@code err}); on a normal stop the JVM
     *     exits from its shutdown sequence before this returns
     */
    public static int runUntilStopped(
            EmbeddedTimestampAuthority tsa, String host, int port, PrintStream out, PrintStream err) {
        ServeCommand.logAtInfo("vn.signdesk");
        Vertx vertx = Vertx.vertx();
        TimestampServer server;
        try {
            server = start(vertx, tsa, host, port).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            err.println("signdesk: cannot start the timestamp authority: " + ServeCommand.message(e));
            vertx.close();
            return 2;
        }
        out.println("SignDesk TSA listening on http://" + host + ":" + server.port() + "/tsa (policy "
                + tsa.policyOid() + ", TSA certificate "
                + tsa.certificate().getSubjectX500Principal().getName()
                + ")");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                server.close().await(SignDeskServer.SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS);
                                vertx.close().await(10, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                err.println("signdesk: stopped without waiting for every request: "
                                        + ServeCommand.message(e));
                            } finally {
                                LOG.info("stopped");
                                stopped.countDown();
                            }
                        },
                        "signdesk-tsa-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** The port the server listens on. */
    public int port() {
        return server.actualPort();
    }

    /** Stops accepting connections and lets requests in flight finish, then stops the pool. */
    public Future<Void> close() {
        return server.shutdown(SignDeskServer.SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS)
                .eventually(pool::close)
                .andThen(done -> metrics.close());
    }
}
