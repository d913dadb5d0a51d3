package vn.signdesk.signing.tsa;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 with a free port that serves {@code POST /tsa} through a
 * {@link Behaviour}: an honest embedded authority, or one that misbehaves in a chosen way.
 */
final class LoopbackTsaServer implements AutoCloseable {

    /** What the server does with one exchange. */
    @FunctionalInterface
    interface Behaviour {
        void handle(HttpExchange exchange, byte[] requestBody) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch released = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();

    /** Starts a server; a null behaviour hangs (see {@link #hanging()}). */
    LoopbackTsaServer(Behaviour behaviour) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/tsa", exchange -> {
            requests.incrementAndGet();
            try {
                byte[] body = exchange.getRequestBody().readAllBytes();
                if (behaviour == null) {
                    released.await();
                } else {
                    behaviour.handle(exchange, body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // the client went away (timeout, size limit): nothing left to answer
            } catch (Exception e) {
                throw new IllegalStateException("test TSA behaviour failed", e);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** Answers with what the authority says, as {@code application/timestamp-reply}. */
    static Behaviour honest(EmbeddedTimestampAuthority tsa) {
        return (exchange, body) -> reply(exchange, 200, tsa.respond(body));
    }

    static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/timestamp-reply");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A TSA that accepts the connection and the request, then never answers until closed. */
    static LoopbackTsaServer hanging() throws IOException {
        return new LoopbackTsaServer(null);
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/tsa");
    }

    int port() {
        return server.getAddress().getPort();
    }

    int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
