package vn.signdesk.pki;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP server on 127.0.0.1 that serves a {@link PkiResponder}: {@code GET /pki/ca/{name}.crt},
 * {@code GET /pki/crl/{name}.crl}, {@code POST /pki/ocsp} and {@code GET /pki/ocsp/{base64}}. For tests
 * and offline use; it counts requests by kind so that tests can prove what was (not) fetched.
 *
 * <p>Implementation notes. The certificates embed the server's URL, so the port must exist before
 * the PKI: {@code start(0)}, then {@code DemoPki.createInMemory(server.baseUrl(), clock)}, then
 * {@link #setResponder}. Until a responder is set, and while {@link #setUnavailable} is on, every
 * request gets 503, which lets tests exercise an OCSP/CRL outage. Built on the JDK's
 * {@code com.sun.net.httpserver} with a small daemon pool, so a forgotten server never keeps a JVM alive.
 */
public final class LoopbackPkiServer implements AutoCloseable {

    /** Request kind of OCSP requests, for {@link #requestCount(String)}. */
    public static final String OCSP = "ocsp";
    /** Request kind of CRL downloads. */
    public static final String CRL = "crl";
    /** Request kind of CA certificate downloads. */
    public static final String CA = "ca";

    private static final Logger LOG = LoggerFactory.getLogger(LoopbackPkiServer.class);
    private static final AtomicInteger SERVER_NUMBER = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI baseUrl;
    private final LongAdder total = new LongAdder();
    private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();
    private volatile PkiResponder responder;
    private volatile boolean unavailable;

    private LoopbackPkiServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.baseUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        for (String kind : new String[] {OCSP, CRL, CA}) {
            byKind.put(kind, new LongAdder());
        }
    }

    /**
     * Starts a server on 127.0.0.1.
     *
     * @param port the port, or 0 for a free one
     * @throws UncheckedIOException when the port cannot be bound
     */
    public static LoopbackPkiServer start(int port) {
        int number = SERVER_NUMBER.incrementAndGet();
        AtomicInteger thread = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread t = new Thread(runnable, "loopback-pki-" + number + "-" + thread.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            server.setExecutor(executor);
            LoopbackPkiServer pkiServer = new LoopbackPkiServer(server, executor);
            server.createContext("/", pkiServer::serve);
            server.start();
            LOG.debug("demo PKI server listening on {}", pkiServer.baseUrl);
            return pkiServer;
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("could not start the demo PKI server on port " + port, e);
        }
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash: the public URL to give the PKI. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** Sets (or, with null, removes) the responder that answers from now on. */
    public void setResponder(PkiResponder responder) {
        this.responder = responder;
    }

    /** While on, every request gets 503 Service Unavailable (still counted), as in an outage. */
    public void setUnavailable(boolean unavailable) {
        this.unavailable = unavailable;
    }

    /** The number of requests received since start or the last {@link #resetCounts()}. */
    public long requestCount() {
        return total.sum();
    }

    /**
     * The number of requests of one kind: {@value #OCSP}, {@value #CRL} or {@value #CA}.
     *
     * @throws IllegalArgumentException for another kind
     */
    public long requestCount(String kind) {
        LongAdder counter = byKind.get(kind);
        if (counter == null) {
            throw new IllegalArgumentException("unknown request kind '" + kind + "'; known: " + byKind.keySet());
        }
        return counter.sum();
    }

    /** Sets every count back to zero. */
    public void resetCounts() {
        total.reset();
        byKind.values().forEach(LongAdder::reset);
    }

    /** Stops the server and its threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void serve(HttpExchange exchange) {
        try {
            String path = exchange.getRequestURI().getRawPath();
            total.increment();
            String kind = kindOrNull(path);
            if (kind != null) {
                byKind.get(kind).increment();
            }
            PkiResponder current = responder;
            PkiResponder.Response response;
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                response = PkiResponder.Response.text(413, "request too large");
            } else if (unavailable || current == null) {
                response = PkiResponder.Response.text(503, "the demo PKI is not available");
            } else {
                response = current.handle(exchange.getRequestMethod(), path, body);
            }
            send(exchange, response);
        } catch (IOException | RuntimeException e) {
            LOG.warn("demo PKI server failed on a request: {}", e.toString());
            send(exchange, PkiResponder.Response.text(500, "internal error"));
        } finally {
            exchange.close();
        }
    }

    private static String kindOrNull(String path) {
        if (path.equals("/pki/ocsp") || path.startsWith("/pki/ocsp/")) {
            return OCSP;
        }
        if (path.startsWith("/pki/crl/")) {
            return CRL;
        }
        if (path.startsWith("/pki/ca/")) {
            return CA;
        }
        return null;
    }

    /** Reads at most {@link PkiResponder#MAX_OCSP_REQUEST_BYTES}; returns null when the body is larger. */
    private static byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            if (out.size() + read > PkiResponder.MAX_OCSP_REQUEST_BYTES) {
                return null;
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    private static void send(HttpExchange exchange, PkiResponder.Response response) {
        try {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            if (response.status() == 503) {
                exchange.getResponseHeaders().set("Retry-After", "1");
            }
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
        } catch (IOException e) {
            // the client went away; nothing to tell it
            LOG.debug("could not send a demo PKI response: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "LoopbackPkiServer[" + baseUrl + "]";
    }
}
