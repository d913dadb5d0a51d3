package vn.signdesk.signing.tsa;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;
import org.bouncycastle.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.signing.TimestampUnavailableException;
import vn.signdesk.signing.Timestamper;

/**
 * A client of external RFC 3161 time-stamp authorities over HTTP, with failover between them, that
 * returns only tokens it has checked.
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>Order: priority with back-off. Endpoints are tried in the configured order, except that one
 *       which failed within the last {@link Config#backoff()} goes to the end of the line. Priority
 *       rather than round-robin because operators list the TSA they have a contract or a qualified
 *       policy with first, and tokens from one TSA keep validation results uniform; the back-off
 *       keeps a dead first TSA from costing every signature a connect timeout.
 *   <li>{@link Config#attempts()} bounds the requests of one call across all endpoints (cycling
 *       through them), so the worst-case latency of a call is
 *       {@code attempts × (connectTimeout + readTimeout)}.
 *   <li>Each attempt: a fresh random 64-bit nonce, {@code certReq=true}; the whole exchange, body
 *       included, must finish within {@code connectTimeout + readTimeout}; the body is cut off
 *       beyond {@link Config#maxResponseBytes()}. The reply must be granted, echo the nonce, carry
 *       the imprint that was sent, and its token must verify (signature, ESSCertID binding,
 *       certificate valid at genTime) with the signer certificate from the token, or with the
 *       pinned {@link Endpoint#certificateOrNull()}, which must carry the timeStamping EKU
 *       (RFC 3161 §2.3). Trust in the TSA's chain is decided later by validation, not here.
 *   <li>URLs are logged without user info or query; credentials travel only in the
 *       {@code Authorization} header; the exception a caller sees names no URL.
 *   <li>One {@link HttpClient} (HTTP/1.1, no redirects) per instance, shared by all calls;
 *       thread-safe. The back-off uses {@link System#nanoTime()} because it measures elapsed time
 *       and must not jump with the wall clock.
 * </ul>
 */
public final class Rfc3161Timestamper implements Timestamper {

    private static final Logger LOG = LoggerFactory.getLogger(Rfc3161Timestamper.class);

    private static final String TIME_STAMPING_EKU = "1.3.6.1.5.5.7.3.8";
    private static final long ROUND_PAUSE_MILLIS = 100;

    private final Config config;
    /** Per endpoint, its HTTP client: one shared client, or a dedicated one for a TLS client certificate. */
    private final List<HttpClient> clients;

    private final List<X509Certificate> anchors;
    private final SecureRandom random = new SecureRandom();
    /** Per endpoint, the {@link System#nanoTime()} until which it is in back-off; 0 when healthy. */
    private final AtomicLongArray backoffUntil;

    /**
     * An external TSA.
     *
     * @param url the {@code http} or {@code https} URL that takes {@code application/timestamp-query};
     *     user info in the URL ({@code https://user:pw@host/}) is moved to the credentials
     * @param usernameOrNull HTTP basic user, or null for none
     * @param passwordOrNull HTTP basic password, or null
     * @param certificateOrNull the TSA certificate to pin, or null to accept the signer certificate
     *     that the token carries
     * @param policyOidOrNull the TSA policy to request (RFC 3161 §2.4.1 reqPolicy), which the token
     *     must then carry; null for the TSA's default
     * @param tlsOrNull the TLS context for an {@code https} TSA that wants a client certificate, or
     *     null for the default context
     */
    public record Endpoint(
            URI url,
            String usernameOrNull,
            String passwordOrNull,
            X509Certificate certificateOrNull,
            String policyOidOrNull,
            javax.net.ssl.SSLContext tlsOrNull) {

        /** An endpoint that requests no policy and uses the default TLS context. */
        public Endpoint(URI url, String usernameOrNull, String passwordOrNull, X509Certificate certificateOrNull) {
            this(url, usernameOrNull, passwordOrNull, certificateOrNull, null, null);
        }

        public Endpoint {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
                throw new IllegalArgumentException(
                        "url: a TSA URL must be http or https with a host, was " + redact(url));
            }
            if (url.getRawUserInfo() != null) {
                String[] userInfo = url.getUserInfo().split(":", 2);
                if (usernameOrNull == null) {
                    usernameOrNull = userInfo[0];
                    passwordOrNull = userInfo.length > 1 ? userInfo[1] : "";
                }
                url = withoutUserInfo(url);
            }
            if (usernameOrNull != null && usernameOrNull.contains(":")) {
                throw new IllegalArgumentException("usernameOrNull: an HTTP basic user name cannot contain ':'");
            }
            if (usernameOrNull == null && passwordOrNull != null) {
                throw new IllegalArgumentException("passwordOrNull: a password needs a user name");
            }
            if (policyOidOrNull != null && ASN1ObjectIdentifier.tryFromID(policyOidOrNull) == null) {
                throw new IllegalArgumentException("policyOidOrNull: not an object identifier");
            }
        }

        /** An endpoint without credentials or pinned certificate. */
        public static Endpoint of(URI url) {
            return new Endpoint(url, null, null, null);
        }

        /** An endpoint without credentials or pinned certificate. */
        public static Endpoint of(String url) {
            return of(URI.create(url));
        }

        /** The URL as it may appear in logs: no user info, no query, no fragment. */
        public String redactedUrl() {
            return redact(url);
        }

        @Override
        public String toString() {
            return "Endpoint[" + redactedUrl() + (usernameOrNull == null ? "" : ", basic auth")
                    + (policyOidOrNull == null ? "" : ", policy " + policyOidOrNull)
                    + (tlsOrNull == null ? "" : ", client certificate") + "]";
        }

        private String authorizationOrNull() {
            if (usernameOrNull == null) {
                return null;
            }
            String pair = usernameOrNull + ":" + (passwordOrNull == null ? "" : passwordOrNull);
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }

        private static URI withoutUserInfo(URI url) {
            try {
                return new URI(
                        url.getScheme(),
                        null,
                        url.getHost(),
                        url.getPort(),
                        url.getPath(),
                        url.getQuery(),
                        url.getFragment());
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("url: cannot be used without its user info", e);
            }
        }

        private static String redact(URI url) {
            String host = url.getHost() == null ? "?" : url.getHost();
            return url.getScheme() + "://" + host + (url.getPort() < 0 ? "" : ":" + url.getPort())
                    + (url.getRawPath() == null ? "" : url.getRawPath());
        }
    }

    /**
     * The settings of a TSA client pool.
     *
     * @param endpoints the TSAs in order of preference, at least one
     * @param connectTimeout the bound on opening a connection, positive
     * @param readTimeout the bound on waiting for and reading the reply once connected, positive
     * @param attempts how many requests one call may make in total across the endpoints, 1 to 20
     * @param maxResponseBytes the largest reply accepted, 1 KiB to 16 MiB (a token with a chain is a
     *     few KiB)
     * @param backoff how long an endpoint that just failed is tried last, zero or positive
     */
    public record Config(
            List<Endpoint> endpoints,
            Duration connectTimeout,
            Duration readTimeout,
            int attempts,
            int maxResponseBytes,
            Duration backoff) {

        /** Default connect timeout. */
        public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
        /** Default read timeout. */
        public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(10);
        /** Default response size limit, 64 KiB. */
        public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;
        /** Default back-off of a failed endpoint. */
        public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(30);

        public Config {
            Objects.requireNonNull(endpoints, "endpoints");
            endpoints = List.copyOf(endpoints);
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("endpoints: at least one TSA URL is needed");
            }
            requirePositive(connectTimeout, "connectTimeout");
            requirePositive(readTimeout, "readTimeout");
            if (attempts < 1 || attempts > 20) {
                throw new IllegalArgumentException("attempts: must be between 1 and 20, was " + attempts);
            }
            if (maxResponseBytes < 1024 || maxResponseBytes > 16 * 1024 * 1024) {
                throw new IllegalArgumentException(
                        "maxResponseBytes: must be between 1024 and 16777216, was " + maxResponseBytes);
            }
            Objects.requireNonNull(backoff, "backoff");
            if (backoff.isNegative()) {
                throw new IllegalArgumentException("backoff: must not be negative, was " + backoff);
            }
        }

        /**
         * A configuration with the defaults: 5 s connect, 10 s read, 64 KiB, 30 s back-off, and as many
         * attempts as endpoints but at least two (so a single TSA gets one retry).
         */
        public static Config of(List<URI> urls) {
            Objects.requireNonNull(urls, "urls");
            List<Endpoint> endpoints = urls.stream().map(Endpoint::of).toList();
            return new Config(
                    endpoints,
                    DEFAULT_CONNECT_TIMEOUT,
                    DEFAULT_READ_TIMEOUT,
                    Math.max(2, Math.min(20, endpoints.size())),
                    DEFAULT_MAX_RESPONSE_BYTES,
                    DEFAULT_BACKOFF);
        }

        /** This configuration with other timeouts. */
        public Config withTimeouts(Duration connect, Duration read) {
            return new Config(endpoints, connect, read, attempts, maxResponseBytes, backoff);
        }

        /** This configuration with another attempt bound. */
        public Config withAttempts(int newAttempts) {
            return new Config(endpoints, connectTimeout, readTimeout, newAttempts, maxResponseBytes, backoff);
        }

        /** This configuration with another response size limit. */
        public Config withMaxResponseBytes(int bytes) {
            return new Config(endpoints, connectTimeout, readTimeout, attempts, bytes, backoff);
        }

        /** This configuration with another back-off. */
        public Config withBackoff(Duration newBackoff) {
            return new Config(endpoints, connectTimeout, readTimeout, attempts, maxResponseBytes, newBackoff);
        }

        private static void requirePositive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + ": must be positive, was " + value);
            }
        }
    }

    /** Creates a client pool; its HTTP client is built here and shared by all calls. */
    public Rfc3161Timestamper(Config config) {
        this(config, List.of());
    }

    /**
     * Creates a client pool whose tokens must also chain to one of the anchors: the TSA's certificate
     * path (from the token's certificates to an anchor) must validate at the token's genTime.
     *
     * @param anchors the CA certificates the TSAs' certificates must chain to; empty to leave trust
     *     in the TSA to validation
     */
    public Rfc3161Timestamper(Config config, List<X509Certificate> anchors) {
        this.config = Objects.requireNonNull(config, "config");
        this.anchors = List.copyOf(anchors);
        HttpClient shared = client(null);
        this.clients = config.endpoints().stream()
                .map(e -> e.tlsOrNull() == null ? shared : client(e.tlsOrNull()))
                .toList();
        this.backoffUntil = new AtomicLongArray(config.endpoints().size());
    }

    private HttpClient client(javax.net.ssl.SSLContext tlsOrNull) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
        if (tlsOrNull != null) {
            b.sslContext(tlsOrNull);
        }
        return b.build();
    }

    /** The configuration this pool was built with. */
    public Config config() {
        return config;
    }

    /**
     * Asks the configured TSAs, in order, for a token over the imprint and returns the first one that
     * passes every check.
     *
     * @throws IllegalArgumentException when the OID or the digest is malformed
     * @throws TimestampUnavailableException when every attempt failed; the message names no URL
     */
    @Override
    public byte[] timestamp(String digestAlgorithmOid, byte[] digest) {
        ASN1ObjectIdentifier algorithm =
                digestAlgorithmOid == null ? null : ASN1ObjectIdentifier.tryFromID(digestAlgorithmOid);
        if (algorithm == null) {
            throw new IllegalArgumentException("digestAlgorithmOid: not an object identifier: " + digestAlgorithmOid);
        }
        if (digest == null || digest.length == 0) {
            throw new IllegalArgumentException("digest: must not be empty");
        }
        List<Integer> order = order();
        List<Exception> failures = new ArrayList<>();
        int tried = 0;
        for (int attempt = 0; attempt < config.attempts(); attempt++) {
            if (attempt > 0 && attempt % order.size() == 0 && !pause()) {
                break;
            }
            int index = order.get(attempt % order.size());
            Endpoint endpoint = config.endpoints().get(index);
            tried++;
            try {
                byte[] token = request(index, endpoint, algorithm, digest);
                backoffUntil.set(index, 0);
                return token;
            } catch (AttemptFailedException e) {
                LOG.warn("timestamp authority {} failed: {}", endpoint.redactedUrl(), e.getMessage());
                failures.add(e);
                backoffUntil.set(
                        index, System.nanoTime() + Math.max(1, config.backoff().toNanos()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(e);
                break;
            }
        }
        TimestampUnavailableException unavailable = new TimestampUnavailableException(
                "timestamp unavailable: no timestamp authority answered (" + tried + " tried)",
                failures.isEmpty() ? null : failures.get(failures.size() - 1));
        for (int i = 0; i < failures.size() - 1; i++) {
            unavailable.addSuppressed(failures.get(i));
        }
        throw unavailable;
    }

    /** Endpoint indexes: healthy ones in configured order, then those in back-off, in configured order. */
    private List<Integer> order() {
        long now = System.nanoTime();
        List<Integer> healthy = new ArrayList<>();
        List<Integer> backedOff = new ArrayList<>();
        for (int i = 0; i < config.endpoints().size(); i++) {
            long until = backoffUntil.get(i);
            (until != 0 && until - now > 0 ? backedOff : healthy).add(i);
        }
        healthy.addAll(backedOff);
        return healthy;
    }

    private static boolean pause() {
        try {
            Thread.sleep(ROUND_PAUSE_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private byte[] request(int index, Endpoint endpoint, ASN1ObjectIdentifier algorithm, byte[] digest)
            throws AttemptFailedException, InterruptedException {
        BigInteger nonce = new BigInteger(64, random);
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        if (endpoint.policyOidOrNull() != null) {
            generator.setReqPolicy(new ASN1ObjectIdentifier(endpoint.policyOidOrNull()));
        }
        TimeStampRequest request = generator.generate(algorithm, digest, nonce);
        byte[] body;
        try {
            body = request.getEncoded();
        } catch (IOException e) {
            throw new AttemptFailedException("cannot encode the request", e);
        }
        byte[] reply = exchange(clients.get(index), endpoint, body);
        return check(endpoint, request, reply, anchors);
    }

    private byte[] exchange(HttpClient http, Endpoint endpoint, byte[] body)
            throws AttemptFailedException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.url())
                .timeout(config.readTimeout())
                .header("Content-Type", "application/timestamp-query")
                .header("Accept", "application/timestamp-reply")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        String authorization = endpoint.authorizationOrNull();
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        int limit = config.maxResponseBytes();
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(builder.build(), info -> {
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > limit) {
                return new LimitedBody(limit, "reply of " + declared + " bytes exceeds the limit of " + limit);
            }
            return new LimitedBody(limit, null);
        });
        HttpResponse<byte[]> response;
        try {
            // request.timeout() covers only the wait for the headers; this bound covers the body too.
            response = future.get(
                    config.connectTimeout().plus(config.readTimeout()).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AttemptFailedException(
                    "no reply within " + config.connectTimeout().plus(config.readTimeout()), e);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new AttemptFailedException(describe(cause), cause);
        }
        if (response.statusCode() != 200) {
            throw new AttemptFailedException("HTTP status " + response.statusCode(), null);
        }
        return response.body();
    }

    private static String describe(Throwable failure) {
        if (failure instanceof ReplyTooLargeException) {
            return failure.getMessage();
        }
        if (failure instanceof java.net.http.HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (failure instanceof java.net.http.HttpTimeoutException) {
            return "read timed out";
        }
        if (failure instanceof java.net.ConnectException) {
            return "connection refused or unreachable";
        }
        return failure.getClass().getSimpleName();
    }

    private static byte[] check(
            Endpoint endpoint, TimeStampRequest request, byte[] reply, List<X509Certificate> anchors)
            throws AttemptFailedException {
        try {
            TimeStampResponse response = new TimeStampResponse(reply);
            int status = response.getStatus();
            if (status != PKIStatus.GRANTED && status != PKIStatus.GRANTED_WITH_MODS) {
                throw new AttemptFailedException(
                        "request not granted: status " + status
                                + (response.getFailInfo() == null ? "" : ", failInfo " + response.getFailInfo()),
                        null);
            }
            TimeStampToken token = response.getTimeStampToken();
            if (token == null) {
                throw new AttemptFailedException("granted reply without a token", null);
            }
            TimeStampTokenInfo info = token.getTimeStampInfo();
            if (!request.getNonce().equals(info.getNonce())) {
                throw new AttemptFailedException("the reply does not echo the nonce", null);
            }
            if (!request.getMessageImprintAlgOID().equals(info.getMessageImprintAlgOID())
                    || !Arrays.constantTimeAreEqual(
                            request.getMessageImprintDigest(), info.getMessageImprintDigest())) {
                throw new AttemptFailedException("the token is for another message imprint", null);
            }
            if (request.getReqPolicy() != null && !request.getReqPolicy().equals(info.getPolicy())) {
                throw new AttemptFailedException("the token is under another policy than the one requested", null);
            }
            X509CertificateHolder signer = signerCertificate(endpoint, token);
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(signer));
            X509Certificate signerCertificate = new JcaX509CertificateConverter().getCertificate(signer);
            checkTimeStampingUsage(signerCertificate);
            if (!anchors.isEmpty()) {
                TsaChains.requireChainToAnchor(signerCertificate, token, anchors, info.getGenTime());
            }
            return token.getEncoded(ASN1Encoding.DER);
        } catch (AttemptFailedException e) {
            throw e;
        } catch (Exception e) {
            // Hostile or broken replies surface as any of IOException, TSPException, CMSException,
            // OperatorCreationException, CertificateException or a RuntimeException from the parser.
            throw new AttemptFailedException("invalid reply: " + e.getMessage(), e);
        }
    }

    private static X509CertificateHolder signerCertificate(Endpoint endpoint, TimeStampToken token)
            throws AttemptFailedException, CertificateEncodingException, IOException {
        if (endpoint.certificateOrNull() != null) {
            X509CertificateHolder pinned =
                    new X509CertificateHolder(endpoint.certificateOrNull().getEncoded());
            if (!token.getSID().match(pinned)) {
                throw new AttemptFailedException("the token is not signed by the pinned TSA certificate", null);
            }
            return pinned;
        }
        Collection<X509CertificateHolder> matches = token.getCertificates().getMatches(token.getSID());
        if (matches.isEmpty()) {
            throw new AttemptFailedException("the token does not carry its signer certificate", null);
        }
        return matches.iterator().next();
    }

    private static void checkTimeStampingUsage(X509Certificate certificate) throws AttemptFailedException {
        List<String> usages;
        try {
            usages = certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new AttemptFailedException("unreadable extended key usage in the TSA certificate", e);
        }
        if (usages == null || !usages.contains(TIME_STAMPING_EKU)) {
            throw new AttemptFailedException("the TSA certificate lacks the timeStamping extended key usage", null);
        }
    }

    @Override
    public String toString() {
        return "Rfc3161Timestamper" + config.endpoints();
    }

    /** One failed attempt; its message names the reason, never a URL or credential. */
    private static final class AttemptFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        AttemptFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final class ReplyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        ReplyTooLargeException(String message) {
            super(message);
        }
    }

    /** Collects a body up to a limit and fails, cancelling the transfer, as soon as it goes beyond. */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final String refusalOrNull;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        LimitedBody(int limit, String refusalOrNull) {
            this.limit = limit;
            this.refusalOrNull = refusalOrNull;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (refusalOrNull != null) {
                s.cancel();
                result.completeExceptionally(new ReplyTooLargeException(refusalOrNull));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if (buffer.size() + item.remaining() > limit) {
                    subscription.cancel();
                    result.completeExceptionally(
                            new ReplyTooLargeException("reply exceeds the limit of " + limit + " bytes"));
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                buffer.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }
    }
}
