package vn.signdesk.api.http;

import io.vertx.core.json.DecodeException;
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
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The roles of TLS client certificates, by the SHA-256 fingerprint of the certificate's DER encoding:
 * the {@code tls.clientCredentials} file, a JSON object such as
 *
 * <pre>
 * {"5D:0E:...:A1": "department", "9f3c...07": "branch"}
 * </pre>
 *
 * <p>Fingerprints are hex, with or without colons, in either case (what {@code openssl x509
 * -fingerprint -sha256} prints works as it is). Roles are those of the API keys ({@link
 * ApiKeys#DEMO_ROLES}). The certificate must also chain to {@code tls.clientCaFile}, which the TLS
 * handshake checks before a fingerprint is looked up: the fingerprint pins one certificate, the CA
 * proves the client holds its key.
 */
final class ClientCertificates {

    private final Map<String, String> roleByFingerprint;

    private ClientCertificates(Map<String, String> roleByFingerprint) {
        this.roleByFingerprint = Map.copyOf(roleByFingerprint);
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
        Map<String, String> roles = new HashMap<>();
        for (String key : json.fieldNames()) {
            String fingerprint = normalise(key);
            if (!fingerprint.matches("[0-9a-f]{64}")) {
                throw invalid(file, "'" + key + "' is not a SHA-256 fingerprint (64 hex digits)");
            }
            Object role = json.getValue(key);
            if (!(role instanceof String r) || !ApiKeys.DEMO_ROLES.contains(r)) {
                throw invalid(file, "the role of " + key + " is not one of " + ApiKeys.DEMO_ROLES);
            }
            roles.put(fingerprint, r);
        }
        return new ClientCertificates(roles);
    }

    /** The role of a client certificate, or empty when it is not known. */
    Optional<String> roleOf(Certificate certificate) {
        try {
            return Optional.ofNullable(roleByFingerprint.get(fingerprint(certificate)));
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
        return roleByFingerprint.size();
    }

    @Override
    public String toString() {
        return "ClientCertificates[" + roleByFingerprint.size() + " certificates]";
    }

    private static String normalise(String fingerprint) {
        return fingerprint.replace(":", "").trim().toLowerCase(Locale.ROOT);
    }

    private static IllegalArgumentException invalid(Path file, String why) {
        return new IllegalArgumentException("tls.clientCredentials (SIGNDESK_TLS_CLIENT_CREDENTIALS): " + file
                + " is not a valid client credentials file: " + why);
    }
}
