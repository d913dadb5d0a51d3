package vn.signdesk.api.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Authenticates {@code /v1/*} requests, by their {@code Authorization: Bearer API_KEY} header
 * (RFC 6750) or, on the HTTPS listener, by a client certificate whose fingerprint is in the
 * {@link ClientCertificates}, and puts the role in the context for the handlers to authorise against.
 * Runs before any body is read, so an unauthenticated client cannot make the service buffer a
 * document.
 *
 * <p>A request that sends an {@code Authorization} header is judged by it alone: a wrong key is
 * refused even over a known client certificate, so a misconfigured channel fails loudly instead of
 * running under another identity.
 */
final class AuthenticateHandler implements Handler<RoutingContext> {

    static final String ROLE = "signdesk.role";
    static final String KEY_ID = "signdesk.keyId";

    private static final String BEARER = "Bearer ";
    private static final String CHALLENGE = "Bearer realm=\"signdesk\"";

    private final ApiKeys keys;
    private final ClientCertificates clientCertificates;

    AuthenticateHandler(ApiKeys keys) {
        this(keys, ClientCertificates.none());
    }

    AuthenticateHandler(ApiKeys keys, ClientCertificates clientCertificates) {
        this.keys = keys;
        this.clientCertificates = clientCertificates;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        Optional<String> role;
        String keyId;
        if (header == null || header.isBlank()) {
            Optional<Certificate> certificate = clientCertificate(ctx);
            if (certificate.isEmpty()) {
                ctx.fail(unauthorized("send the API key as 'Authorization: Bearer API_KEY'", CHALLENGE));
                return;
            }
            role = clientCertificates.roleOf(certificate.get());
            if (role.isEmpty()) {
                ctx.fail(unauthorized("the client certificate is not known", CHALLENGE));
                return;
            }
            keyId = certificateKeyId(certificate.get());
        } else {
            boolean bearer = header.regionMatches(true, 0, BEARER, 0, BEARER.length());
            String key = bearer ? header.substring(BEARER.length()).trim() : "";
            role = bearer ? keys.roleOf(key) : Optional.empty();
            keyId = ApiKeys.keyId(key);
            if (role.isEmpty()) {
                ctx.fail(unauthorized("the API key is not known", CHALLENGE + ", error=\"invalid_token\""));
                return;
            }
        }
        ctx.put(ROLE, role.get());
        ctx.put(KEY_ID, keyId);
        ctx.next();
    }

    /** The role of the authenticated caller. */
    static String role(RoutingContext ctx) {
        return ctx.get(ROLE);
    }

    /** The short id of the authenticated caller's key ({@link ApiKeys#keyId}), or null. */
    static String keyId(RoutingContext ctx) {
        return ctx.get(KEY_ID);
    }

    /** The short id of a client certificate for the audit trail: {@code cert:} and 12 hex of its SHA-256. */
    private static String certificateKeyId(Certificate certificate) {
        try {
            return "cert:" + ClientCertificates.fingerprint(certificate).substring(0, 12);
        } catch (CertificateEncodingException e) {
            return "cert:unreadable";
        }
    }

    /** The client's certificate on a TLS connection that presented one the handshake accepted. */
    private static Optional<Certificate> clientCertificate(RoutingContext ctx) {
        HttpConnection connection = ctx.request().connection();
        if (connection == null || !connection.isSsl()) {
            return Optional.empty();
        }
        try {
            List<Certificate> chain = connection.peerCertificates();
            return chain == null || chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    private static HttpProblem unauthorized(String detail, String challenge) {
        return new HttpProblem(
                401, "unauthorized", "Authentication required", detail, Map.of("WWW-Authenticate", challenge));
    }
}
