package vn.signdesk.api;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The service's settings, one immutable record built once at start-up: defaults, then the YAML file
 * named by {@code SIGNDESK_CONFIG}, then the environment, each overriding the one before.
 *
 * <p>Every setting has a YAML key and an environment variable:
 *
 * <pre>
 * http.port              SIGNDESK_HTTP_PORT               8080
 * dataDir                SIGNDESK_DATA_DIR                ./data
 * mode                   SIGNDESK_MODE                    demo (or production)
 * publicUrl              SIGNDESK_PUBLIC_URL              http://localhost:PORT
 * logging.format         SIGNDESK_LOG_FORMAT              text (or json: one JSON object per line)
 * tls.enabled            SIGNDESK_TLS_ENABLED             false
 * tls.port               SIGNDESK_TLS_PORT                8443
 * tls.keyStore           SIGNDESK_TLS_KEY_STORE           PKCS#12 file of the server key and chain
 * tls.keyStorePassword   SIGNDESK_TLS_KEY_STORE_PASSWORD  its password (a secret)
 * tls.certFile           SIGNDESK_TLS_CERT_FILE           or: PEM server certificate chain ...
 * tls.keyFile            SIGNDESK_TLS_KEY_FILE            ... and its PEM (PKCS#8) private key
 * tls.clientCaFile       SIGNDESK_TLS_CLIENT_CA_FILE      PEM CAs whose client certificates are asked for
 * tls.clientCredentials  SIGNDESK_TLS_CLIENT_CREDENTIALS  JSON: client certificate SHA-256 -> role
 * audit.timestampInterval SIGNDESK_AUDIT_TIMESTAMP_INTERVAL 60 (seconds between TSA stamps of the audit head)
 * http.rateLimit         SIGNDESK_RATE_LIMIT              2000 requests/s per credential
 * http.rateBurst         SIGNDESK_RATE_BURST              4000 requests at once per credential
 * http.uploadThreshold   SIGNDESK_UPLOAD_THRESHOLD        4194304 bytes: larger bodies are spooled to disk
 * store.url              SIGNDESK_STORE_URL               unset: the SQLite file DATA_DIR/signdesk.db;
 *                                                         or postgresql://USER@HOST:PORT/DB
 * store.passwordFile     SIGNDESK_STORE_PASSWORD_FILE     the file holding that user's password
 * </pre>
 *
 * <p>Implementation notes. The YAML file is read with SnakeYAML Engine (no transitive dependencies,
 * so nothing to converge with the jackson of Vert.x); nested maps are flattened to dotted keys and an
 * unknown key is an error naming it, so a typo never silently leaves a default in force. All
 * problems are collected and reported together, each naming the key, its variable and, when the
 * value came from the file, the file. Paths are made absolute against the working directory. Secrets
 * are redacted in {@link #toString()} and never repeated in an error message.
 *
 * @param httpPort {@code http.port}, the plain-HTTP port; 0 picks a free one
 * @param dataDir {@code dataDir}: demo PKI, database, job files
 * @param mode {@code mode}: demo or production
 * @param publicUrl {@code publicUrl}: base of the AIA, OCSP and CRL URLs in demo certificates
 * @param logFormat {@code logging.format}: text lines or JSON objects
 * @param tls {@code tls.*}: the optional HTTPS listener with client-certificate authentication
 * @param auditTimestampInterval {@code audit.timestampInterval} in seconds: how often the TSA timestamps the
 *     head of the audit chain (also done at a clean stop)
 * @param limits {@code http.rateLimit}, {@code http.rateBurst}, {@code http.uploadThreshold}: see {@link
 *     HttpLimits}
 * @param store {@code store.url}, {@code store.passwordFile}: where jobs, job files and the audit trail live
 */
public record SignDeskConfig(
        int httpPort,
        Path dataDir,
        Mode mode,
        URI publicUrl,
        LogFormat logFormat,
        Tls tls,
        Duration auditTimestampInterval,
        HttpLimits limits,
        StoreLocation store) {

    /** The variable naming the YAML configuration file. */
    public static final String CONFIG_FILE_VARIABLE = "SIGNDESK_CONFIG";

    /**
     * Why production mode cannot start yet: it refuses the demo PKI and the demo credentials, and this
     * version has no other source of keys and credentials.
     */
    public static final String PRODUCTION_REFUSED = "mode (SIGNDESK_MODE): in production the demo PKI is refused and"
            + " so are the demo credentials; production needs signing-profile key files (PKCS#12 or PKCS#11)"
            + " and a credentials file of API key hashes, which this version cannot configure yet;"
            + " run with SIGNDESK_MODE=demo";

    /** Demo mode generates its own PKI and credentials; production refuses both. */
    public enum Mode {
        DEMO,
        PRODUCTION
    }

    /** How log lines are written: a human-readable line, or one JSON object per line. */
    public enum LogFormat {
        TEXT,
        JSON
    }

    /**
     * The HTTPS listener: a server key (PKCS#12 key store, or PEM certificate and key) and,
     * optionally, client-certificate authentication against {@code clientCaFile} with roles from
     * {@code clientCredentials}.
     *
     * @param enabled whether the HTTPS listener runs
     * @param port its port; 0 picks a free one
     * @param keyStoreOrNull a PKCS#12 file with the server key and chain
     * @param keyStorePasswordOrNull its password; redacted in {@link #toString()}
     * @param certFileOrNull a PEM server certificate chain (with {@code keyFileOrNull})
     * @param keyFileOrNull the PEM private key of {@code certFileOrNull}
     * @param clientCaFileOrNull PEM CA certificates; when set, clients are asked for a certificate
     * @param clientCredentialsOrNull a JSON file mapping client certificate SHA-256 fingerprints to roles
     */
    public record Tls(
            boolean enabled,
            int port,
            Path keyStoreOrNull,
            String keyStorePasswordOrNull,
            Path certFileOrNull,
            Path keyFileOrNull,
            Path clientCaFileOrNull,
            Path clientCredentialsOrNull) {

        /** No HTTPS listener. */
        public static Tls disabled() {
            return new Tls(false, 8443, null, null, null, null, null, null);
        }

        @Override
        public String toString() {
            return "Tls[enabled=" + enabled + ", port=" + port + ", keyStore=" + keyStoreOrNull
                    + ", keyStorePassword=" + (keyStorePasswordOrNull == null ? "null" : "***")
                    + ", certFile=" + certFileOrNull + ", keyFile=" + keyFileOrNull + ", clientCaFile="
                    + clientCaFileOrNull + ", clientCredentials=" + clientCredentialsOrNull + "]";
        }
    }

    /**
     * Where the service keeps its jobs, job files and audit trail: the embedded SQLite file
     * {@code DATA_DIR/signdesk.db} (one node), or a PostgreSQL database that several nodes share.
     *
     * @param postgresUrlOrNull {@code postgresql://USER@HOST:PORT/DB} (no password in it), or null for SQLite
     * @param passwordFileOrNull the file whose content (one line) is the PostgreSQL user's password;
     *     null when the server asks for none
     */
    public record StoreLocation(URI postgresUrlOrNull, Path passwordFileOrNull) {

        /** The embedded SQLite file of the data directory. */
        public static StoreLocation embedded() {
            return new StoreLocation(null, null);
        }

        /** A PostgreSQL database, e.g. {@code postgresql://signdesk@127.0.0.1:5432/signdesk}. */
        public static StoreLocation postgres(URI url, Path passwordFileOrNull) {
            return new StoreLocation(Reader.parseStoreUrl(url.toString()), passwordFileOrNull);
        }
    }

    /** One setting: its YAML key and its environment variable. */
    private record Key(String yaml, String env) {}

    private static final List<Key> KEYS = List.of(
            new Key("http.port", "SIGNDESK_HTTP_PORT"),
            new Key("dataDir", "SIGNDESK_DATA_DIR"),
            new Key("mode", "SIGNDESK_MODE"),
            new Key("publicUrl", "SIGNDESK_PUBLIC_URL"),
            new Key("logging.format", "SIGNDESK_LOG_FORMAT"),
            new Key("audit.timestampInterval", "SIGNDESK_AUDIT_TIMESTAMP_INTERVAL"),
            new Key("http.rateLimit", "SIGNDESK_RATE_LIMIT"),
            new Key("http.rateBurst", "SIGNDESK_RATE_BURST"),
            new Key("http.uploadThreshold", "SIGNDESK_UPLOAD_THRESHOLD"),
            new Key("tls.enabled", "SIGNDESK_TLS_ENABLED"),
            new Key("tls.port", "SIGNDESK_TLS_PORT"),
            new Key("tls.keyStore", "SIGNDESK_TLS_KEY_STORE"),
            new Key("tls.keyStorePassword", "SIGNDESK_TLS_KEY_STORE_PASSWORD"),
            new Key("tls.certFile", "SIGNDESK_TLS_CERT_FILE"),
            new Key("tls.keyFile", "SIGNDESK_TLS_KEY_FILE"),
            new Key("tls.clientCaFile", "SIGNDESK_TLS_CLIENT_CA_FILE"),
            new Key("tls.clientCredentials", "SIGNDESK_TLS_CLIENT_CREDENTIALS"),
            new Key("store.url", "SIGNDESK_STORE_URL"),
            new Key("store.passwordFile", "SIGNDESK_STORE_PASSWORD_FILE"));

    /** The settings by YAML key, in the order of {@link #KEYS}. */
    private static final Map<String, Key> BY_YAML = byYaml();

    /**
     * Reads the settings: defaults, then the YAML file named by {@code SIGNDESK_CONFIG} in the given
     * environment (if any), then the environment's {@code SIGNDESK_*} variables.
     *
     * @throws IllegalArgumentException naming every key at fault, its variable and, for a value
     *     from the file, the file
     */
    public static SignDeskConfig fromEnvironment(Map<String, String> env) {
        String fileName = env.get(CONFIG_FILE_VARIABLE);
        Path file = fileName == null || fileName.isBlank()
                ? null
                : Path.of(fileName.trim()).toAbsolutePath().normalize();
        Map<String, String> fromFile = file == null ? Map.of() : readYaml(file);
        return new Reader(env, fromFile, file).read();
    }

    /** The directory where request bodies above {@link HttpLimits#uploadThreshold()} are spooled. */
    public Path uploadsDir() {
        return dataDir.resolve("uploads");
    }

    /** The directory of the demo PKI. */
    public Path pkiDir() {
        return dataDir.resolve("pki");
    }

    /** Reads and flattens the YAML file; unknown keys, lists and unreadable files are errors. */
    static Map<String, String> readYaml(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(CONFIG_FILE_VARIABLE + ": cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        Object root;
        try {
            root = new Load(LoadSettings.builder()
                            .setLabel(file.toString())
                            .setAllowDuplicateKeys(false)
                            .build())
                    .loadFromString(text);
        } catch (YamlEngineException e) {
            // SnakeYAML's messages show the offending line, which may hold a secret: position only
            String where = e.getMessage() == null ? "" : firstLine(e.getMessage());
            throw new IllegalArgumentException(
                    CONFIG_FILE_VARIABLE + ": " + file + " is not valid YAML" + (where.isEmpty() ? "" : ": " + where));
        }
        Map<String, String> flat = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        if (root instanceof Map<?, ?> map) {
            flatten("", map, flat, errors);
        } else if (root != null) {
            errors.add(file + " must hold a map of settings, e.g. 'http: {port: 8080}'");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(CONFIG_FILE_VARIABLE + ": " + String.join("; ", errors));
        }
        return flat;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> into, List<String> errors) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            Object value = e.getValue();
            if (value instanceof Map<?, ?> nested) {
                if (BY_YAML.keySet().stream().anyMatch(k -> k.startsWith(key + "."))) {
                    flatten(key + ".", nested, into, errors);
                } else {
                    errors.add(unknown(key));
                }
            } else if (!BY_YAML.containsKey(key)) {
                errors.add(unknown(key));
            } else if (value instanceof List<?>) {
                errors.add(key + ": a single value is expected, not a list");
            } else if (value != null) {
                into.put(key, value.toString());
            }
        }
    }

    private static String unknown(String key) {
        return "unknown key '" + key + "' (known keys: " + String.join(", ", BY_YAML.keySet()) + ")";
    }

    private static String firstLine(String message) {
        return message.lines()
                .filter(l -> l.contains("line"))
                .findFirst()
                .orElse("")
                .trim();
    }

    private static Map<String, Key> byYaml() {
        Map<String, Key> m = new LinkedHashMap<>();
        KEYS.forEach(k -> m.put(k.yaml(), k));
        return m;
    }

    /** Resolves each key from the environment, the file or the default, and collects the errors. */
    private static final class Reader {
        private final Map<String, String> env;
        private final Map<String, String> fromFile;
        private final Path fileOrNull;
        private final List<String> errors = new ArrayList<>();

        Reader(Map<String, String> env, Map<String, String> fromFile, Path fileOrNull) {
            this.env = env;
            this.fromFile = fromFile;
            this.fileOrNull = fileOrNull;
        }

        SignDeskConfig read() {
            int port = value("http.port", 8080, Reader::parsePort);
            Path dataDir = value("dataDir", parsePath("./data"), Reader::parsePath);
            Mode mode = value("mode", Mode.DEMO, t -> parseEnum(t, Mode.class, "demo or production"));
            URI publicUrl = value("publicUrl", null, Reader::parseUrl);
            LogFormat logFormat =
                    value("logging.format", LogFormat.TEXT, t -> parseEnum(t, LogFormat.class, "text or json"));
            Tls tls = readTls();
            Duration auditInterval = value("audit.timestampInterval", Duration.ofSeconds(60), Reader::parseSeconds);
            double rate = value("http.rateLimit", HttpLimits.DEFAULT.ratePerSecond(), Reader::parseRate);
            int burst =
                    value("http.rateBurst", HttpLimits.DEFAULT.burst(), t -> (int) parseWhole(t, 1, Integer.MAX_VALUE));
            long threshold = value(
                    "http.uploadThreshold",
                    HttpLimits.DEFAULT.uploadThreshold(),
                    t -> parseWhole(t, 0, Long.MAX_VALUE));
            StoreLocation store = new StoreLocation(
                    value("store.url", null, Reader::parseStoreUrl),
                    value("store.passwordFile", null, Reader::parseFile));
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", errors));
            }
            if (publicUrl == null) {
                publicUrl = URI.create("http://localhost:" + port);
            }
            return new SignDeskConfig(
                    port,
                    dataDir,
                    mode,
                    publicUrl,
                    logFormat,
                    tls,
                    auditInterval,
                    new HttpLimits(rate, burst, threshold),
                    store);
        }

        private Tls readTls() {
            boolean enabled = value("tls.enabled", false, Reader::parseBoolean);
            int port = value("tls.port", 8443, Reader::parsePort);
            Path keyStore = value("tls.keyStore", null, Reader::parseFile);
            String password = secret("tls.keyStorePassword");
            Path cert = value("tls.certFile", null, Reader::parseFile);
            Path key = value("tls.keyFile", null, Reader::parseFile);
            Path clientCa = value("tls.clientCaFile", null, Reader::parseFile);
            Path clientCredentials = value("tls.clientCredentials", null, Reader::parseFile);
            if (enabled) {
                boolean pem = cert != null || key != null;
                if (keyStore == null && !pem) {
                    errors.add(describe("tls.keyStore") + ": tls.enabled needs a server key: tls.keyStore (PKCS#12)"
                            + " or tls.certFile and tls.keyFile (PEM)");
                } else if (keyStore != null && pem) {
                    errors.add(describe("tls.keyStore") + ": give either tls.keyStore or tls.certFile and"
                            + " tls.keyFile, not both");
                } else if (pem && (cert == null || key == null)) {
                    errors.add(describe(cert == null ? "tls.certFile" : "tls.keyFile")
                            + ": tls.certFile and tls.keyFile go together");
                } else if (keyStore != null && password == null) {
                    errors.add(describe("tls.keyStorePassword") + ": the password of tls.keyStore is missing");
                }
                if (clientCredentials != null && clientCa == null) {
                    errors.add(describe("tls.clientCaFile")
                            + ": tls.clientCredentials needs the CAs of the client certificates in tls.clientCaFile");
                }
            }
            return new Tls(enabled, port, keyStore, password, cert, key, clientCa, clientCredentials);
        }

        /** The value of a key from the environment, else the file, else the default; null when unset. */
        private String raw(String yaml) {
            String fromEnv = env.get(BY_YAML.get(yaml).env());
            if (fromEnv != null && !fromEnv.isBlank()) {
                return fromEnv;
            }
            return fromFile.get(yaml);
        }

        private <T> T value(String yaml, T defaultValue, Function<String, T> parser) {
            String text = raw(yaml);
            if (text == null || text.isBlank()) {
                return defaultValue;
            }
            try {
                return parser.apply(text.trim());
            } catch (IllegalArgumentException e) {
                // a value that holds a secret is not repeated
                String shown = e instanceof SecretInValue ? "the value" : "'" + text + "'";
                errors.add(describe(yaml) + ": " + shown + " " + e.getMessage());
                return defaultValue;
            }
        }

        private String secret(String yaml) {
            String text = raw(yaml);
            return text == null || text.isEmpty() ? null : text;
        }

        /** {@code http.port (SIGNDESK_HTTP_PORT)}, plus the file when the value came from it. */
        private String describe(String yaml) {
            Key key = BY_YAML.get(yaml);
            String fromEnv = env.get(key.env());
            boolean inFile = (fromEnv == null || fromEnv.isBlank()) && fromFile.containsKey(yaml);
            return yaml + " (" + key.env() + ")" + (inFile ? " in " + fileOrNull : "");
        }

        private static int parsePort(String text) {
            try {
                int port = Integer.parseInt(text);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("is not a port number (0-65535)");
        }

        private static double parseRate(String text) {
            try {
                double rate = Double.parseDouble(text);
                if (rate > 0 && Double.isFinite(rate)) {
                    return rate;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("is not a positive number of requests per second");
        }

        private static long parseWhole(String text, long min, long max) {
            try {
                long n = Long.parseLong(text);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException(
                    "is not a whole number from " + min + (max == Long.MAX_VALUE ? " up" : " to " + max));
        }

        private static Duration parseSeconds(String text) {
            try {
                long seconds = Long.parseLong(text);
                if (seconds >= 1 && seconds <= 86_400) {
                    return Duration.ofSeconds(seconds);
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("is not a number of seconds (1-86400)");
        }

        private static boolean parseBoolean(String text) {
            return switch (text.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("is neither true nor false");
            };
        }

        private static <E extends Enum<E>> E parseEnum(String text, Class<E> type, String expected) {
            try {
                return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("is neither " + expected.replace(" or ", " nor "));
            }
        }

        private static Path parsePath(String text) {
            try {
                return Path.of(text).toAbsolutePath().normalize();
            } catch (java.nio.file.InvalidPathException e) {
                throw new IllegalArgumentException("is not a valid path");
            }
        }

        private static Path parseFile(String text) {
            Path p = parsePath(text);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("is not a file");
            }
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("is not readable");
            }
            return p;
        }

        /** A value that holds a secret: its error message must not repeat it. */
        private static final class SecretInValue extends IllegalArgumentException {
            SecretInValue(String message) {
                super(message);
            }
        }

        /** {@code postgresql://USER@HOST[:PORT]/DB}, without a password (that comes from a file). */
        static URI parseStoreUrl(String text) {
            URI uri;
            try {
                uri = new URI(text);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException("is not a URL of the form postgresql://USER@HOST:PORT/DB");
            }
            String user = uri.getRawUserInfo();
            if (user != null && user.contains(":")) {
                throw new SecretInValue(
                        "holds a password; put it in the file named by store.passwordFile (SIGNDESK_STORE_PASSWORD_FILE)");
            }
            String path = uri.getPath() == null ? "" : uri.getPath();
            if (!"postgresql".equals(uri.getScheme())
                    || user == null
                    || user.isEmpty()
                    || uri.getHost() == null
                    || !path.matches("/[A-Za-z0-9_$-]+")
                    || uri.getQuery() != null
                    || uri.getFragment() != null) {
                throw new IllegalArgumentException("is not a URL of the form postgresql://USER@HOST:PORT/DB");
            }
            return uri;
        }

        private static URI parseUrl(String text) {
            try {
                URI uri = URI.create(text.replaceAll("/+$", ""));
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (IllegalArgumentException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("is not an http(s) URL");
        }
    }
}
