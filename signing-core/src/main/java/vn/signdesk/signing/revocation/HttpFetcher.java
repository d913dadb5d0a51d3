package vn.signdesk.signing.revocation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;
import vn.signdesk.signing.LocalResponder;

/**
 * Fetches certificate-check data by HTTP GET or POST with a deadline and a size limit, or from an
 * in-process responder for URLs under a configured base.
 *
 * <p>Implementation notes. The JDK client's request timeout only covers the wait for headers, so the
 * whole exchange is bounded by waiting on the response future for connect plus read timeout and
 * cancelling it after. The body is collected by a subscriber that cancels the stream as soon as it
 * exceeds the limit, so an oversized or endless answer never fills memory. HTTP/1.1 only: small
 * responders (openssl ocsp among them) do not understand an h2c upgrade.
 */
final class HttpFetcher {

    private final HttpClient client;
    private final Duration readTimeout;
    private final Duration deadline;
    private final Map<String, LocalResponder> local;
    private final Predicate<URI> allowedOrNull;

    /**
     * @param allowedOrNull which network URLs may be fetched; null for every http(s) URL. With a
     *     policy, redirects are not followed, since they could lead where the policy forbids
     * @param proxyOrNull an HTTP proxy for every fetch, or null for direct connections
     */
    HttpFetcher(
            Duration connectTimeout,
            Duration readTimeout,
            Map<String, LocalResponder> local,
            Predicate<URI> allowedOrNull,
            java.net.InetSocketAddress proxyOrNull,
            Executor executor) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(allowedOrNull == null ? HttpClient.Redirect.NORMAL : HttpClient.Redirect.NEVER)
                .executor(executor);
        if (proxyOrNull != null) {
            builder.proxy(java.net.ProxySelector.of(proxyOrNull));
        }
        this.client = builder.build();
        this.allowedOrNull = allowedOrNull;
        this.readTimeout = readTimeout;
        this.deadline = connectTimeout.plus(readTimeout);
        this.local = Map.copyOf(local);
    }

    /** Whether this fetcher may fetch the URL at all: under a local base, or http(s) and allowed. */
    boolean supports(String url) {
        if (url == null) {
            return false;
        }
        if (localBase(url) != null) {
            return true;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
            return false;
        }
        if (allowedOrNull == null) {
            return true;
        }
        try {
            return allowedOrNull.test(URI.create(url));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    byte[] get(String url, int maxBytes) throws IOException {
        return fetch(url, null, null, maxBytes);
    }

    byte[] post(String url, byte[] body, String contentType, int maxBytes) throws IOException {
        return fetch(url, body, contentType, maxBytes);
    }

    private byte[] fetch(String url, byte[] bodyOrNull, String contentTypeOrNull, int maxBytes) throws IOException {
        String base = localBase(url);
        if (base != null) {
            String path = url.length() == base.length() ? "/" : url.substring(base.length());
            Optional<byte[]> answer;
            try {
                answer = local.get(base).respond(path, bodyOrNull);
            } catch (RuntimeException e) {
                throw new IOException("the local responder failed: " + e, e);
            }
            byte[] bytes = answer.orElseThrow(() -> new IOException("the local responder has nothing at " + path));
            if (bytes.length > maxBytes) {
                throw new IOException("response larger than " + maxBytes + " bytes");
            }
            return bytes;
        }
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(readTimeout);
        } catch (IllegalArgumentException e) {
            throw new IOException("not a usable URL", e);
        }
        if (bodyOrNull == null) {
            request.GET();
        } else {
            request.header("Content-Type", contentTypeOrNull).POST(HttpRequest.BodyPublishers.ofByteArray(bodyOrNull));
        }
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request.build(), info -> {
            if (info.statusCode() != 200) {
                return HttpResponse.BodySubscribers.replacing(null);
            }
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            return declared > maxBytes ? new TooLarge(maxBytes) : new Capped(maxBytes);
        });
        HttpResponse<byte[]> response;
        try {
            response = future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IOException("no complete answer within " + deadline.toMillis() + " ms");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException(reason(e.getCause()), e.getCause());
        }
        if (response.statusCode() != 200 || response.body() == null) {
            throw new IOException("HTTP status " + response.statusCode());
        }
        return response.body();
    }

    private String localBase(String url) {
        for (String base : local.keySet()) {
            if (url.startsWith(base) && (url.length() == base.length() || url.charAt(base.length()) == '/')) {
                return base;
            }
        }
        return null;
    }

    /**
     * Why an exchange failed, in the words an operator acts on: "unknown host", "connection
     * refused", "connection timed out"... The JDK client's exceptions often carry no message of
     * their own (a {@code ConnectException} whose cause is an {@code UnresolvedAddressException}),
     * which was logged as "null".
     */
    static String reason(Throwable failure) {
        boolean connect = false;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "connection timed out";
            }
            if (t instanceof HttpTimeoutException) {
                return "no answer in time";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof SSLException) {
                return "TLS failed" + (t.getMessage() == null ? "" : ": " + t.getMessage());
            }
            connect |= t instanceof ConnectException;
        }
        if (connect) {
            // the JDK client's refused connection: ConnectException, without message, over a closed channel
            return "connection refused";
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return failure == null ? "failed" : failure.getClass().getSimpleName();
    }

    /** A URL fit for a log line: scheme, host, port and path, never user info or query. */
    static String forLog(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                return "(unparsable URL)";
            }
            String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            return uri.getScheme() + "://" + uri.getHost() + port + path;
        } catch (IllegalArgumentException e) {
            return "(unparsable URL)";
        }
    }

    /** Collects a body, failing as soon as it exceeds the limit. */
    private static final class Capped implements HttpResponse.BodySubscriber<byte[]> {
        private final int maxBytes;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        Capped(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if ((long) out.size() + b.remaining() > maxBytes) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("response larger than " + maxBytes + " bytes"));
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }

    /** Refuses a body whose declared length is already over the limit, without reading it. */
    private static final class TooLarge implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();

        TooLarge(int maxBytes) {
            result.completeExceptionally(new IOException("response larger than " + maxBytes + " bytes"));
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            s.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> items) {}

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onComplete() {}
    }
}
