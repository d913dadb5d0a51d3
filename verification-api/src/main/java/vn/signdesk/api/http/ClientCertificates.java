package vn.signdesk.api.http;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import vn.signdesk.api.credentials.Principal;
import vn.signdesk.api.credentials.Roles;

/**
 * The roles of TLS client certificates, by the SHA-256 fingerprint of the certificate's DER encoding:
 * the {@code tls.clientCredentials} file, a JSON object such as
 *
 * <pre>
 * {"5D:0E:...:A1": "department", "9f3c...07": "branch", "a0b1...ff": ["branch", "department"]}
 * </pre>
 *
 * <p>Fingerprints are hex, with or without colons, in either case (what {@code openssl x509
 * -fingerprint -sha256} prints works as it is). A certificate has one role or a list of roles, those
 * of the API keys ({@link Roles#ALL}). The certificate must also chain to {@code tls.clientCaFile}, which the TLS
 * handshake checks before a fingerprint is looked up: the fingerprint pins one certificate, the CA
 * proves the client holds its key.
 */
final class ClientCertificates {

    private final Map<String, List<String>> rolesByFingerprint;

    private ClientCertificates(Map<String, List<String>> rolesByFingerprint) {
        this.rolesByFingerprint = Map.copyOf(rolesByFingerprint);
    }

    /** No client certificate is known. */
    static ClientCertificates none() {
        return new ClientCertificates(Map.of());
    }

    /**
     * Reads the file.
     *
     * @throws IllegalArgumentException naming the key {@code tls.clientCredentials} when the file is not
     *     a JSON object of fingerprints to known roles
     */
    static ClientCertificates load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("tls.clientCredentials: cannot read " + file, e);
        }
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException e) {
            throw invalid(file, "it is not a JSON object");
        }
        Map<String, List<String>> roles = new HashMap<>();
        for (String key : json.fieldNames()) {
            String fingerprint = normalise(key);
            if (!fingerprint.matches("[0-9a-f]{64}")) {
                throw invalid(file, "'" + key + "' is not a SHA-256 fingerprint (64 hex digits)");
            }
            Object value = json.getValue(key);
            List<?> listed = value instanceof JsonArray a ? a.getList() : Collections.singletonList(value);
            if (listed.isEmpty() || !listed.stream().allMatch(r -> r instanceof String s && Roles.ALL.contains(s))) {
                throw invalid(file, "the role of " + key + " is not one or a list of " + Roles.ALL);
            }
            roles.put(
                    fingerprint,
                    listed.stream().map(String.class::cast).distinct().toList());
        }
        return new ClientCertificates(roles);
    }

    /**
     * The principal of a client certificate, or empty when it is not known: named and audited as
     * {@code cert:} and the first 12 hex digits of its fingerprint.
     */
    Optional<Principal> principalOf(Certificate certificate) {
        try {
            String fingerprint = fingerprint(certificate);
            List<String> roles = rolesByFingerprint.get(fingerprint);
            String id = "cert:" + fingerprint.substring(0, 12);
            return roles == null ? Optional.empty() : Optional.of(new Principal(id, roles, id));
        } catch (CertificateEncodingException e) {
            return Optional.empty();
        }
    }

    /** The lower-case hex SHA-256 of the certificate's DER encoding. */
    static String fingerprint(Certificate certificate) throws CertificateEncodingException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    int size() {
        return rolesByFingerprint.size();
    }

    @Override
    public String toString() {
        return "ClientCertificates[" + rolesByFingerprint.size() + " certificates]";
    }

    private static String normalise(String fingerprint) {
        return fingerprint.replace(":", "").trim().toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException invalid(Path file, String why) {
        return new IllegalArgumentException("tls.clientCredentials (SIGNDESK_TLS_CLIENT_CREDENTIALS): " + file
                + " is not a valid client credentials file: " + why);
    }
}
