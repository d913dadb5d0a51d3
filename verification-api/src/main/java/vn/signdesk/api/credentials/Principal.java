package vn.signdesk.api.credentials;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Who a request authenticated as: a credential's name, its roles (one or more) and the short id the
 * audit trail and the logs record. None of it is secret.
 *
 * @param name the credential's name: an API key entry's name, the role of a demo key, or {@code
 *     cert:} and a fingerprint prefix for a client certificate
 * @param roles the roles, at least one, each one of {@link Roles#ALL}
 * @param keyId the id that names the credential in the audit trail without revealing it
 */
public record Principal(String name, List<String> roles, String keyId) {

    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyId, "keyId");
        roles = List.copyOf(roles);
        if (roles.isEmpty()) {
            throw new IllegalArgumentException("a principal needs at least one role");
        }
    }

    /** A principal with one role. */
    public static Principal of(String name, String role, String keyId) {
        return new Principal(name, List.of(role), keyId);
    }

    /** The roles as one word for the audit trail, logs and messages: {@code branch}, {@code branch+department}. */
    public String role() {
        return String.join(JOIN, roles);
    }

    /** Whether this principal holds the admin role. */
    public boolean isAdmin() {
        return roles.contains(Roles.ADMIN);
    }

    /** Whether a resource open to {@code allowed} roles is open to this principal (admin: always). */
    public boolean mayUse(Collection<String> allowed) {
        return isAdmin() || roles.stream().anyMatch(allowed::contains);
    }

    /**
     * Whether this principal sees what a principal of {@code ownerRole} ({@link #role()}) owns:
     * admin sees everything, others what their roles cover.
     */
    public boolean covers(String ownerRole) {
        return isAdmin() || roles.containsAll(List.of(ownerRole.split("\\" + JOIN)));
    }

    private static final String JOIN = "+";
}
