package vn.signdesk.api.http;

import ch.qos.logback.classic.Level;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.api.SignDeskConfig;
import vn.signdesk.signing.SignDeskException;

/**
 * {@code signdesk serve}: runs the HTTP service in the foreground until the process is told to
 * stop (SIGTERM, Ctrl-C), then shuts down gracefully.
 *
 * <p>Implementation notes. The command line stays quiet (WARN) but a service should say what it
 * does, so serving raises {@code vn.signdesk} to INFO unless the log configuration already asks for
 * more. Stopping is a JVM shutdown hook: it closes the server, which lets requests in flight finish,
 * then Vert.x. Printed on stdout: where the server listens, the address of the web page, and where
 * the demo API keys are, never the keys.
 */
public final class ServeCommand {

    /** Headroom over the server's own grace period. */
    private static final long STOP_TIMEOUT_SECONDS = SignDeskServer.SHUTDOWN_GRACE.toSeconds() + 5;

    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    private ServeCommand() {}

    /**
     * Serves until the JVM shuts down, or until start-up fails.
     *
     * @return the exit code when start-up fails: 1 for a configuration error, 2 for another failure
     *     (on a normal stop the JVM exits from its shutdown sequence before this returns)
     */
    public static int run(
            SignDeskConfig config, Clock clock, Map<String, String> env, PrintStream out, PrintStream err) {
        boolean demo = config.mode() == SignDeskConfig.Mode.DEMO;
        LogFormats.apply(config.logFormat());
        logAtInfo("vn.signdesk");
        // ImageIO's file cache registers a JVM shutdown hook per stream, which fails while the JVM
        // stops, and so would fail a visible signature still in flight during a graceful stop; the
        // appearance images are small and already in memory
        ImageIO.setUseCache(false);
        Vertx vertx = Vertx.vertx();
        SignDeskServer server;
        try {
            server = SignDeskServer.startFor(vertx, config, clock, env).await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            err.println("signdesk: cannot start: " + message(e));
            vertx.close();
            return isConfigurationError(e) ? 1 : 2;
        }
        String host = demo ? "127.0.0.1" : "0.0.0.0";
        out.println("SignDesk listening on http://" + host + ":" + server.port()
                + (demo ? " (demo mode)" : " (production mode)"));
        if (server.tlsPort() > 0) {
            out.println("SignDesk listening on https://" + host + ":" + server.tlsPort() + " (client certificates)");
        }
        if (demo) {
            Path keys = config.dataDir().toAbsolutePath().resolve(ApiKeys.DEMO_FILE);
            out.println(
                    "web page: http://127.0.0.1:" + server.port() + "/ (sign in with an API key from " + keys + ")");
            out.println("demo API keys: " + keys);
        } else {
            out.println("web page: " + config.publicUrl() + "/ (sign in with an API key from 'signdesk keys add')");
        }
        out.flush();

        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    LOG.info(
                            "stopping: requests in flight get up to {} s to finish",
                            SignDeskServer.SHUTDOWN_GRACE.toSeconds());
                    try {
                        server.close().await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                        // called from this thread, not chained on the server's future: that future completes
                        // on an event loop which Vert.x is about to shut down
                        vertx.close().await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        err.println("signdesk: stopped without waiting for every request: " + message(e));
                    } finally {
                        LOG.info("stopped");
                        stopped.countDown();
                    }
                },
                "signdesk-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        try {
            server.ready().await();
        } catch (RuntimeException | Error e) {
            err.println("signdesk: cannot start: " + message(e));
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
            // a key that does not open, a PIN the token refuses: the configuration's fault
            return isConfigurationError(e) ? 1 : 2;
        }
        out.println("ready");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /** A start refused by the configuration (a setting, a key, a secret file) rather than a failure. */
    private static boolean isConfigurationError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return true;
            }
        }
        return false;
    }

    static void logAtInfo(String loggerName) {
        if (LoggerFactory.getLogger(loggerName) instanceof ch.qos.logback.classic.Logger logger
                && !logger.isInfoEnabled()) {
            logger.setLevel(Level.INFO);
        }
    }

    /** The message for the operator: ours as it is, a library's or the JVM's with its class name. */
    static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t instanceof CompletionException)) {
            t = t.getCause();
        }
        boolean ours = t instanceof SignDeskException
                || t instanceof IllegalArgumentException
                || t instanceof IllegalStateException
                || t instanceof UncheckedIOException;
        return ours && t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
