package vn.signdesk.api;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import vn.signdesk.api.config.CallbackSettings;
import vn.signdesk.api.config.CredentialsSettings;
import vn.signdesk.api.config.Parsers;
import vn.signdesk.api.config.ProfileSettings;
import vn.signdesk.api.config.Secret;
import vn.signdesk.api.config.Section;
import vn.signdesk.api.config.Setting;
import vn.signdesk.api.config.TimestampingSettings;
import vn.signdesk.api.config.TrustSettings;
import vn.signdesk.api.store.JobStore;

/**
 * The service's settings, one immutable record built once at start-up: defaults, then the YAML file
 * named by {@code SIGNDESK_CONFIG}, then the environment, each overriding the one before.
 *
 * <p>Every setting is declared once, as a {@link Setting} constant here or in the section records
 * of {@code vn.signdesk.api.config} (profiles, timestamping, trust, credentials): its key, its
 * variable, its default, its parser and its one-line meaning. The reader, the error messages and
 * the documentation ({@code signdesk config keys}, the README's table, checked by a test) come from
 * those declarations.
 *
 * <p>Implementation notes. The YAML file is read with SnakeYAML Engine (no transitive dependencies,
 * so nothing to converge with the jackson of Vert.x); nested maps are flattened to dotted keys and an
 * unknown key is an error naming it, so a typo never silently leaves a default in force. All
 * problems are collected and reported together, each naming the key, its variable and, when the
 * value came from the file, the file. Relative paths in the file are resolved against the file's
 * directory, those from the environment against the working directory. Secrets are never literals
 * (PINs and passwords come from files or variables, see {@link Secret}), except the legacy
 * {@code tls.keyStorePassword}, which is redacted in {@link #toString()} and never repeated in an
 * error message; a configuration file that holds it must not be readable by other users.
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
 * @param pkcs11AllowedLibraries {@code pkcs11.allowedLibraries}: the PKCS#11 libraries a profile may load
 * @param profiles {@code profiles.NAME}: the signing profiles of production mode, by name
 * @param timestamping {@code timestamping}: the external timestamp authorities of production mode
 * @param trust {@code trust}: anchors, intermediates, trusted lists, bundles, revocation
 * @param credentials {@code credentials}: the API key file of production mode
 * @param store {@code store.url}, {@code store.passwordFile}: where jobs, job files and the audit trail live
 * @param callbacks {@code callbacks}: the hosts job completion callbacks may reach, and their retries
 * @param warmupMax {@code warmup.maxSeconds}: how long {@code signdesk serve} may warm itself up before it
 *     reports ready; zero: no warm-up
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
        List<Path> pkcs11AllowedLibraries,
        Map<String, ProfileSettings> profiles,
        TimestampingSettings timestamping,
        TrustSettings trust,
        CredentialsSettings credentials,
        StoreLocation store,
        CallbackSettings callbacks,
        Duration warmupMax) {

    /** The variable naming the YAML configuration file. */
    public static final String CONFIG_FILE_VARIABLE = "SIGNDESK_CONFIG";

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
     * @param lease how long a node holds a job it runs without renewing its claim (it renews every
     *     third of it); a node that is lost has its jobs taken over by another once it expires
     */
    public record StoreLocation(URI postgresUrlOrNull, Path passwordFileOrNull, Duration lease) {

        public StoreLocation {
            Objects.requireNonNull(lease, "lease");
        }

        /** The embedded SQLite file of the data directory. */
        public static StoreLocation embedded() {
            return new StoreLocation(null, null, STORE_LEASE.defaultValue());
        }

        /** A PostgreSQL database, e.g. {@code postgresql://signdesk@127.0.0.1:5432/signdesk}. */
        public static StoreLocation postgres(URI url, Path passwordFileOrNull) {
            return new StoreLocation(
                    Parsers.postgresUrl(url.toString(), null), passwordFileOrNull, STORE_LEASE.defaultValue());
        }
    }

    static final Setting<Integer> HTTP_PORT =
            Setting.env("http.port", "SIGNDESK_HTTP_PORT", 8080, Parsers::port, "HTTP port; 0 picks a free one");
    static final Setting<Path> DATA_DIR = Setting.env(
                    "dataDir",
                    "SIGNDESK_DATA_DIR",
                    Path.of("./data").toAbsolutePath().normalize(),
                    Parsers::path,
                    "demo PKI, embedded database, job files")
            .showingDefault("./data");
    static final Setting<Mode> MODE =
            Setting.env("mode", "SIGNDESK_MODE", Mode.DEMO, Parsers.oneOf(Mode.class), "demo or production");
    static final Setting<URI> PUBLIC_URL = Setting.env(
            "publicUrl",
            "SIGNDESK_PUBLIC_URL",
            null,
            Parsers::url,
            "the service's public base URL (default http://localhost:PORT); base of the demo PKI's URLs");
    static final Setting<LogFormat> LOG_FORMAT = Setting.env(
            "logging.format",
            "SIGNDESK_LOG_FORMAT",
            LogFormat.TEXT,
            Parsers.oneOf(LogFormat.class),
            "text, or json: one object per line");
    static final Setting<Duration> AUDIT_INTERVAL = Setting.env(
            "audit.timestampInterval",
            "SIGNDESK_AUDIT_TIMESTAMP_INTERVAL",
            Duration.ofSeconds(60),
            Parsers.seconds(1, 86_400),
            "seconds between TSA timestamps of the audit chain's head");
    static final Setting<Double> RATE = Setting.env(
            "http.rateLimit",
            "SIGNDESK_RATE_LIMIT",
            HttpLimits.DEFAULT.ratePerSecond(),
            Parsers::positive,
            "requests per second per credential");
    static final Setting<Long> BURST = Setting.env(
            "http.rateBurst",
            "SIGNDESK_RATE_BURST",
            (long) HttpLimits.DEFAULT.burst(),
            Parsers.whole(1, Integer.MAX_VALUE),
            "requests at once per credential");
    static final Setting<Long> UPLOAD_THRESHOLD = Setting.env(
            "http.uploadThreshold",
            "SIGNDESK_UPLOAD_THRESHOLD",
            HttpLimits.DEFAULT.uploadThreshold(),
            Parsers.whole(0, Long.MAX_VALUE),
            "bytes above which a request body is spooled to DATA_DIR/uploads");
    static final Setting<Boolean> TLS_ENABLED =
            Setting.env("tls.enabled", "SIGNDESK_TLS_ENABLED", false, Parsers::bool, "run the HTTPS listener");
    static final Setting<Integer> TLS_PORT =
            Setting.env("tls.port", "SIGNDESK_TLS_PORT", 8443, Parsers::port, "its port");
    static final Setting<Path> TLS_KEY_STORE = Setting.env(
            "tls.keyStore", "SIGNDESK_TLS_KEY_STORE", null, Parsers::file, "PKCS#12 file of the server key and chain");
    static final Setting<String> TLS_KEY_STORE_PASSWORD = Setting.env(
            "tls.keyStorePassword",
            "SIGNDESK_TLS_KEY_STORE_PASSWORD",
            null,
            (raw, c) -> String.valueOf(raw),
            "its password (a secret)");
    static final Setting<Path> TLS_CERT_FILE = Setting.env(
            "tls.certFile", "SIGNDESK_TLS_CERT_FILE", null, Parsers::file, "or: PEM server certificate chain ...");
    static final Setting<Path> TLS_KEY_FILE = Setting.env(
            "tls.keyFile", "SIGNDESK_TLS_KEY_FILE", null, Parsers::file, "... and its PEM (PKCS#8) private key");
    static final Setting<Path> TLS_CLIENT_CA = Setting.env(
            "tls.clientCaFile",
            "SIGNDESK_TLS_CLIENT_CA_FILE",
            null,
            Parsers::file,
            "PEM CAs whose client certificates are asked for");
    static final Setting<Path> TLS_CLIENT_CREDENTIALS = Setting.env(
            "tls.clientCredentials",
            "SIGNDESK_TLS_CLIENT_CREDENTIALS",
            null,
            Parsers::file,
            "JSON: client certificate SHA-256 fingerprint -> role");
    static final Setting<URI> STORE_URL = Setting.env(
            "store.url",
            "SIGNDESK_STORE_URL",
            null,
            Parsers::postgresUrl,
            "unset: the SQLite file DATA_DIR/signdesk.db; or postgresql://USER@HOST:PORT/DB, shared by several nodes");
    static final Setting<Path> STORE_PASSWORD_FILE = Setting.env(
            "store.passwordFile",
            "SIGNDESK_STORE_PASSWORD_FILE",
            null,
            Parsers::file,
            "the file holding the PostgreSQL user's password");
    static final Setting<Duration> STORE_LEASE = Setting.env(
            "store.leaseSeconds",
            "SIGNDESK_STORE_LEASE_SECONDS",
            JobStore.DEFAULT_LEASE,
            Parsers.seconds(3, 600),
            "how long a node holds a job without renewing its claim (renewed every third of it): a lost node's"
                    + " jobs are taken over once it expires");
    static final Setting<Duration> WARMUP_MAX = Setting.env(
            "warmup.maxSeconds",
            "SIGNDESK_WARMUP_MAX_SECONDS",
            null,
            Parsers.seconds(0, 3600),
            "serve: seconds the node may sign and verify its own documents, until its throughput is steady,"
                    + " before it reports ready; 0: ready at once. Default 180 in production, 0 in demo mode");
    static final Setting<List<Path>> PKCS11_LIBRARIES = Setting.env(
            "pkcs11.allowedLibraries",
            "SIGNDESK_PKCS11_ALLOWED_LIBRARIES",
            List.of(),
            Parsers.listOf(Parsers::file),
            "the PKCS#11 libraries profiles may load (absolute paths, comma-separated in the variable)");

    /** The top-level settings, in documentation order. */
    public static final List<Setting<?>> SETTINGS = topLevel();

    /** The keys whose values are sections of their own: a map of profiles, lists of entries. */
    private static final Set<String> NESTED =
            Set.of("profiles", "timestamping.authorities", "trust.keyStores", "trust.trustedLists");

    private static List<Setting<?>> topLevel() {
        List<Setting<?>> all = new ArrayList<>(List.of(
                HTTP_PORT,
                DATA_DIR,
                MODE,
                PUBLIC_URL,
                LOG_FORMAT,
                AUDIT_INTERVAL,
                RATE,
                BURST,
                UPLOAD_THRESHOLD,
                TLS_ENABLED,
                TLS_PORT,
                TLS_KEY_STORE,
                TLS_KEY_STORE_PASSWORD,
                TLS_CERT_FILE,
                TLS_KEY_FILE,
                TLS_CLIENT_CA,
                TLS_CLIENT_CREDENTIALS,
                STORE_URL,
                STORE_PASSWORD_FILE,
                STORE_LEASE,
                WARMUP_MAX,
                PKCS11_LIBRARIES));
        all.addAll(CredentialsSettings.SETTINGS);
        all.add(TimestampingSettings.ANCHORS);
        all.addAll(TrustSettings.SETTINGS);
        all.addAll(CallbackSettings.SETTINGS);
        return List.copyOf(all);
    }

    public SignDeskConfig {
        pkcs11AllowedLibraries = List.copyOf(pkcs11AllowedLibraries);
        profiles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(profiles));
    }

    /**
     * Reads the settings: defaults, then the YAML file named by {@code SIGNDESK_CONFIG} in the given
     * environment (if any), then the environment's {@code SIGNDESK_*} variables.
     *
     * @throws IllegalArgumentException naming every setting at fault, its variable and, for a value
     *     from the file, the file; one problem per line
     */
    public static SignDeskConfig fromEnvironment(Map<String, String> env) {
        String fileName = env.get(CONFIG_FILE_VARIABLE);
        Path file = fileName == null || fileName.isBlank()
                ? null
                : Path.of(fileName.trim()).toAbsolutePath().normalize();
        Map<?, ?> yaml = file == null ? Map.of() : readYaml(file);
        return read(Section.root(yaml, NESTED, env, file), file);
    }

    /** The directory where request bodies above {@link HttpLimits#uploadThreshold()} are spooled. */
    public Path uploadsDir() {
        return dataDir.resolve("uploads");
    }

    /** The directory of the demo PKI. */
    public Path pkiDir() {
        return dataDir.resolve("pki");
    }

    /** Reads the YAML file's top-level map; unreadable files and invalid YAML are errors. */
    static Map<?, ?> readYaml(Path file) {
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
        if (root == null) {
            return Map.of();
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(
                    CONFIG_FILE_VARIABLE + ": " + file + " must hold a map of settings, e.g. 'http: {port: 8080}'");
        }
        return map;
    }

    private static String firstLine(String message) {
        return message.lines()
                .filter(l -> l.contains("line"))
                .findFirst()
                .orElse("")
                .trim();
    }

    private static SignDeskConfig read(Section root, Path fileOrNull) {
        int port = root.get(HTTP_PORT);
        Mode mode = root.get(MODE);
        URI publicUrl = root.get(PUBLIC_URL);
        Tls tls = readTls(root);
        if (tls.keyStorePasswordOrNull() != null
                && fileOrNull != null
                && !root.isSetByEnvironment(TLS_KEY_STORE_PASSWORD)) {
            try {
                Secret.refuseIfOthersCanRead(fileOrNull, TLS_KEY_STORE_PASSWORD.key());
            } catch (IllegalStateException e) {
                root.problem(
                        TLS_KEY_STORE_PASSWORD,
                        e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
            }
        }
        List<Path> libraries = root.get(PKCS11_LIBRARIES);
        SignDeskConfig config = new SignDeskConfig(
                port,
                root.get(DATA_DIR),
                mode,
                publicUrl == null ? URI.create("http://localhost:" + port) : publicUrl,
                root.get(LOG_FORMAT),
                tls,
                root.get(AUDIT_INTERVAL),
                new HttpLimits(root.get(RATE), (int) (long) root.get(BURST), root.get(UPLOAD_THRESHOLD)),
                libraries,
                ProfileSettings.readAll(root, libraries),
                TimestampingSettings.read(root),
                TrustSettings.read(root),
                CredentialsSettings.read(root),
                new StoreLocation(root.get(STORE_URL), root.get(STORE_PASSWORD_FILE), root.get(STORE_LEASE)),
                CallbackSettings.read(root),
                warmupMax(root, mode));
        root.rejectUnknown(SETTINGS, NESTED);
        config.checkMode(root);
        if (!root.problems().isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", root.problems()));
        }
        return config;
    }

    /**
     * The warm-up's bound: as set, else 180 s in production (a node behind a load balancer says ready
     * only once it serves at full speed) and none in demo mode (a person trying the service at once).
     */
    private static Duration warmupMax(Section root, Mode mode) {
        Duration set = root.get(WARMUP_MAX);
        if (set != null) {
            return set;
        }
        return mode == Mode.PRODUCTION ? Duration.ofSeconds(180) : Duration.ZERO;
    }

    /** Production needs profiles, authorities and an API key file; demo mode refuses them. */
    private void checkMode(Section root) {
        boolean production = mode == Mode.PRODUCTION;
        if (production) {
            if (profiles.isEmpty() && !root.isSet("profiles")) {
                root.problem(
                        "profiles",
                        "missing: production mode needs at least one signing profile"
                                + " (profiles.NAME with a PKCS#11 or PKCS#12 key)");
            }
            if (timestamping.authorities().isEmpty() && !root.isSet("timestamping.authorities")) {
                root.problem(
                        "timestamping.authorities",
                        "missing: production mode needs at least one RFC 3161"
                                + " timestamp authority (the embedded demo TSA is never used in production)");
            }
            if (credentials.apiKeysFileOrNull() == null) {
                root.problem(
                        CredentialsSettings.SETTINGS.get(0),
                        "missing: production mode needs an API key file"
                                + " (create it with 'signdesk keys add'; the demo credentials are never used in production)");
            }
        } else {
            for (String key : List.of("profiles", "timestamping.authorities")) {
                if (root.isSet(key)) {
                    root.problem(
                            key,
                            "is a production setting: demo mode signs with the demo PKI's profiles and"
                                    + " its embedded TSA; set mode: production to use it");
                }
            }
            if (root.isSet(PKCS11_LIBRARIES)) {
                root.problem(PKCS11_LIBRARIES, "is a production setting; set mode: production to use it");
            }
        }
    }

    private static Tls readTls(Section root) {
        boolean enabled = root.get(TLS_ENABLED);
        int port = root.get(TLS_PORT);
        Path keyStore = root.get(TLS_KEY_STORE);
        String password = root.get(TLS_KEY_STORE_PASSWORD);
        Path cert = root.get(TLS_CERT_FILE);
        Path key = root.get(TLS_KEY_FILE);
        Path clientCa = root.get(TLS_CLIENT_CA);
        Path clientCredentials = root.get(TLS_CLIENT_CREDENTIALS);
        if (enabled) {
            boolean pem = cert != null || key != null;
            if (keyStore == null && !pem) {
                root.problem(
                        TLS_KEY_STORE,
                        "tls.enabled needs a server key: tls.keyStore (PKCS#12)"
                                + " or tls.certFile and tls.keyFile (PEM)");
            } else if (keyStore != null && pem) {
                root.problem(TLS_KEY_STORE, "give either tls.keyStore or tls.certFile and tls.keyFile, not both");
            } else if (pem && (cert == null || key == null)) {
                root.problem(cert == null ? TLS_CERT_FILE : TLS_KEY_FILE, "tls.certFile and tls.keyFile go together");
            } else if (keyStore != null && password == null) {
                root.problem(TLS_KEY_STORE_PASSWORD, "the password of tls.keyStore is missing");
            }
            if (clientCredentials != null && clientCa == null) {
                root.problem(
                        TLS_CLIENT_CA,
                        "tls.clientCredentials needs the CAs of the client certificates in tls.clientCaFile");
            }
        }
        return new Tls(enabled, port, keyStore, password, cert, key, clientCa, clientCredentials);
    }

    @Override
    public String toString() {
        return "SignDeskConfig[httpPort=" + httpPort + ", dataDir=" + dataDir + ", mode=" + mode + ", publicUrl="
                + publicUrl + ", tls=" + tls + ", profiles=" + profiles.values() + ", timestamping="
                + timestamping.authorities().size() + " authorities, trust=" + trust.bundles() + "]";
    }
}
