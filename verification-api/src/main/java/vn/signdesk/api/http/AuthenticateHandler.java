package vn.signdesk.api.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import vn.signdesk.api.credentials.Authentication;
import vn.signdesk.api.credentials.Credentials;
import vn.signdesk.api.credentials.Principal;

/**
 * Authenticates {@code /v1/*} requests, by their {@code Authorization: Bearer API_KEY} header
 * (RFC 6750) against the {@link Credentials} or, on the HTTPS listener, by a client certificate whose
 * fingerprint is in the {@link ClientCertificates}, and puts the {@link Principal} in the context for
 * the handlers to authorise against. Runs before any body is read, so an unauthenticated client
 * cannot make the service buffer a document.
 *
 * <p>A request that sends an {@code Authorization} header is judged by it alone: a wrong key is
 * refused even over a known client certificate, so a misconfigured channel fails loudly instead of
 * running under another identity. An expired key gets a 401 that says so (and its last day), which
 * only the key's holder can provoke: the key is checked before its expiry. No answer repeats a key.
 */
final class AuthenticateHandler implements Handler<RoutingContext> {

    static final String PRINCIPAL = "signdesk.principal";
    static final String ROLE = "signdesk.role";
    static final String KEY_ID = "signdesk.keyId";

    private static final String BEARER = "Bearer ";
    private static final String CHALLENGE = "Bearer realm=\"signdesk\"";
    private static final String INVALID_TOKEN = CHALLENGE + ", error=\"invalid_token\"";

    private final Credentials credentials;
    private final ClientCertificates clientCertificates;

    AuthenticateHandler(Credentials credentials) {
        this(credentials, ClientCertificates.none());
    }

    AuthenticateHandler(Credentials credentials, ClientCertificates clientCertificates) {
        this.credentials = credentials;
        this.clientCertificates = clientCertificates;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        Principal principal;
        if (header == null || header.isBlank()) {
            Optional<Certificate> certificate = clientCertificate(ctx);
            if (certificate.isEmpty()) {
                ctx.fail(unauthorized("send the API key as 'Authorization: Bearer API_KEY'", CHALLENGE));
                return;
            }
            Optional<Principal> known = clientCertificates.principalOf(certificate.get());
            if (known.isEmpty()) {
                ctx.fail(unauthorized("the client certificate is not known", CHALLENGE));
                return;
            }
            principal = known.get();
        } else {
            boolean bearer = header.regionMatches(true, 0, BEARER, 0, BEARER.length());
            Authentication outcome = bearer
                    ? credentials.authenticate(header.substring(BEARER.length()).trim())
                    : Authentication.unknown();
            if (outcome instanceof Authentication.Expired expired) {
                ctx.fail(unauthorized(
                        "the API key '" + expired.name() + "' expired: its last day was " + expired.lastDay()
                                + "; ask the operator for a new key",
                        INVALID_TOKEN));
                return;
            }
            if (!(outcome instanceof Authentication.Authenticated authenticated)) {
                ctx.fail(unauthorized("the API key is not known", INVALID_TOKEN));
                return;
            }
            principal = authenticated.principal();
        }
        ctx.put(PRINCIPAL, principal);
        ctx.put(ROLE, principal.role());
        ctx.put(KEY_ID, principal.keyId());
        ctx.next();
    }

    /** The authenticated caller. */
    static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    /** The role (or roles, joined with {@code +}) of the authenticated caller. */
    static String role(RoutingContext ctx) {
        return ctx.get(ROLE);
    }

    /** The id of the authenticated caller's credential for the audit trail ({@link Principal#keyId}), or null. */
    static String keyId(RoutingContext ctx) {
        return ctx.get(KEY_ID);
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
