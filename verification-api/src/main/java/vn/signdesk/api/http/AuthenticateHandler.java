package vn.signdesk.api.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates {@code /v1/*} requests by their {@code Authorization: Bearer API_KEY} header
 * (RFC 6750) and puts the key's role in the context for the handlers to authorise against.
 * Runs before any body is read, so an unauthenticated client cannot make the service buffer a
 * document.
 */
final class AuthenticateHandler implements Handler<RoutingContext> {

    static final String ROLE = "signdesk.role";
    static final String KEY_ID = "signdesk.keyId";

    private static final String BEARER = "Bearer ";

    private final ApiKeys keys;

    AuthenticateHandler(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || header.isBlank()) {
            ctx.fail(unauthorized("send the API key as 'Authorization: Bearer API_KEY'", "Bearer realm=\"signdesk\""));
            return;
        }
        Optional<String> role = header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                ? keys.roleOf(header.substring(BEARER.length()).trim())
                : Optional.empty();
        if (role.isEmpty()) {
            ctx.fail(unauthorized("the API key is not known", "Bearer realm=\"signdesk\", error=\"invalid_token\""));
            return;
        }
        ctx.put(ROLE, role.get());
        ctx.put(KEY_ID, ApiKeys.keyId(header.substring(BEARER.length()).trim()));
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

    private static HttpProblem unauthorized(String detail, String challenge) {
        return new HttpProblem(
                401, "unauthorized", "Authentication required", detail, Map.of("WWW-Authenticate", challenge));
    }
}
