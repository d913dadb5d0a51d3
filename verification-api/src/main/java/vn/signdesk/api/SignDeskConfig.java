package vn.signdesk.api;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The service's settings, built once at start-up: defaults, then environment (a YAML file comes
 * with the service issue). Validation messages name the variable at fault.
 *
 * @param httpPort {@code SIGNDESK_HTTP_PORT}, default 8080
 * @param dataDir {@code SIGNDESK_DATA_DIR}, default {@code ./data}: demo PKI, database, job files
 * @param mode {@code SIGNDESK_MODE}: demo or production
 * @param publicUrl {@code SIGNDESK_PUBLIC_URL}, default {@code http://localhost:PORT}: base of the
 *     AIA, OCSP and CRL URLs in demo certificates
 * @param auditTimestampInterval {@code SIGNDESK_AUDIT_TIMESTAMP_INTERVAL} in seconds, default 60: how
 *     often the TSA timestamps the head of the audit chain (also done at a clean stop)
 */
public record SignDeskConfig(int httpPort, Path dataDir, Mode mode, URI publicUrl, Duration auditTimestampInterval) {

    /** Demo mode generates its own PKI and credentials; production refuses both. */
    public enum Mode {
        DEMO,
        PRODUCTION
    }

    /** Reads the settings from the given environment. */
    public static SignDeskConfig fromEnvironment(Map<String, String> env) {
        int port = parsePort(env.getOrDefault("SIGNDESK_HTTP_PORT", "8080"));
        Path dataDir = Path.of(env.getOrDefault("SIGNDESK_DATA_DIR", "./data"))
                .toAbsolutePath()
                .normalize();
        Mode mode = parseMode(env.getOrDefault("SIGNDESK_MODE", "demo"));
        URI publicUrl = parseUrl(env.getOrDefault("SIGNDESK_PUBLIC_URL", "http://localhost:" + port));
        Duration auditInterval = parseSeconds(
                "SIGNDESK_AUDIT_TIMESTAMP_INTERVAL", env.getOrDefault("SIGNDESK_AUDIT_TIMESTAMP_INTERVAL", "60"));
        return new SignDeskConfig(port, dataDir, mode, publicUrl, auditInterval);
    }

    /** The directory of the demo PKI. */
    public Path pkiDir() {
        return dataDir.resolve("pki");
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("SIGNDESK_HTTP_PORT: '" + text + "' is not a port number (0-65535)");
    }

    private static Duration parseSeconds(String name, String text) {
        try {
            long seconds = Long.parseLong(text.trim());
            if (seconds >= 1 && seconds <= 86_400) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + ": '" + text + "' is not a number of seconds (1-86400)");
    }

    private static Mode parseMode(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "demo" -> Mode.DEMO;
            case "production" -> Mode.PRODUCTION;
            default ->
                throw new IllegalArgumentException("SIGNDESK_MODE: '" + text + "' is neither demo nor production");
        };
    }

    private static URI parseUrl(String text) {
        try {
            URI uri = URI.create(text.trim().replaceAll("/+$", ""));
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("SIGNDESK_PUBLIC_URL: '" + text + "' is not an http(s) URL");
    }
}
