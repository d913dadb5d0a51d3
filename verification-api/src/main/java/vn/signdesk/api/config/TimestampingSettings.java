package vn.signdesk.api.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The external RFC 3161 timestamp authorities ({@code timestamping}), tried in order with failover,
 * and the anchors their tokens must chain to.
 *
 * @param authorities the authorities in order of preference; empty in demo mode (the embedded TSA)
 * @param anchors PEM files or folders of the CAs that the authorities' certificates must chain to;
 *     empty to leave trust in them to validation
 */
public record TimestampingSettings(List<Authority> authorities, List<Path> anchors) {

    /**
     * One authority.
     *
     * @param url where it takes {@code application/timestamp-query}
     * @param policyOidOrNull the policy to request (reqPolicy), or null for the TSA's default
     * @param hash the digest algorithm of the message imprint: SHA-256, SHA-384 or SHA-512
     * @param timeout the bound on one request, connection and reply included
     * @param basicUserOrNull an HTTP basic user name, or null for none
     * @param basicPasswordOrNull where its password is
     * @param clientPkcs12OrNull a PKCS#12 client certificate for TLS client authentication
     * @param clientPasswordOrNull where its password is
     */
    public record Authority(
            URI url,
            String policyOidOrNull,
            Hash hash,
            Duration timeout,
            String basicUserOrNull,
            Secret basicPasswordOrNull,
            Path clientPkcs12OrNull,
            Secret clientPasswordOrNull) {}

    /** The digest algorithms a message imprint may use. */
    public enum Hash {
        SHA_256("2.16.840.1.101.3.4.2.1", 32),
        SHA_384("2.16.840.1.101.3.4.2.2", 48),
        SHA_512("2.16.840.1.101.3.4.2.3", 64);

        private final String oid;
        private final int length;

        Hash(String oid, int length) {
            this.oid = oid;
            this.length = length;
        }

        /** The algorithm's object identifier. */
        public String oid() {
            return oid;
        }

        /** The digest's length in bytes. */
        public int length() {
            return length;
        }
    }

    static final Setting<URI> URL = Setting.of("url", null, Parsers::url, "the authority's http(s) URL");
    static final Setting<String> POLICY = Setting.of("policy", null, Parsers::oid, "the policy OID to request");
    static final Setting<Hash> HASH = Setting.of(
            "hash", Hash.SHA_256, Parsers.oneOf(Hash.class), "the imprint's digest: SHA-256, SHA-384 or SHA-512");
    static final Setting<Duration> TIMEOUT = Setting.of(
            "timeoutSeconds", Duration.ofSeconds(10), Parsers.seconds(1, 300), "the bound on one request, in seconds");
    static final Setting<String> BASIC_USER =
            Setting.of("basicAuth.user", null, Parsers::string, "HTTP basic user name");
    static final Setting<Path> BASIC_PASSWORD_FILE =
            Setting.of("basicAuth.passwordFile", null, Parsers::file, "a file holding its password (mode 0600)");
    static final Setting<String> BASIC_PASSWORD_ENV =
            Setting.of("basicAuth.passwordEnv", null, Parsers::envName, "or: the environment variable holding it");
    static final Setting<Path> CLIENT_P12 = Setting.of(
            "clientCertificate.pkcs12",
            null,
            Parsers::file,
            "a PKCS#12 client certificate for TLS client authentication (mode 0600)");
    static final Setting<Path> CLIENT_PASSWORD_FILE = Setting.of(
            "clientCertificate.passwordFile", null, Parsers::file, "a file holding its password (mode 0600)");
    static final Setting<String> CLIENT_PASSWORD_ENV = Setting.of(
            "clientCertificate.passwordEnv", null, Parsers::envName, "or: the environment variable holding it");

    /** The settings of one authority, in documentation order. */
    public static final List<Setting<?>> AUTHORITY_SETTINGS = List.of(
            URL,
            POLICY,
            HASH,
            TIMEOUT,
            BASIC_USER,
            BASIC_PASSWORD_FILE,
            BASIC_PASSWORD_ENV,
            CLIENT_P12,
            CLIENT_PASSWORD_FILE,
            CLIENT_PASSWORD_ENV);

    public static final Setting<List<Path>> ANCHORS = Setting.of(
            "timestamping.anchors",
            List.of(),
            Parsers.listOf(Parsers::fileOrFolder),
            "PEM files or folders: the CAs TSA tokens must chain to");

    public TimestampingSettings {
        authorities = List.copyOf(authorities);
        anchors = List.copyOf(anchors);
    }

    public static TimestampingSettings read(Section root) {
        List<Authority> authorities = new ArrayList<>();
        for (Section s : root.list("timestamping.authorities")) {
            URI url = s.get(URL);
            if (url == null && !s.isSet(URL)) {
                s.problem(URL, "missing: the authority's URL");
            }
            String user = s.get(BASIC_USER);
            Secret basic = Secret.from(s, BASIC_PASSWORD_FILE, BASIC_PASSWORD_ENV, user != null);
            Path client = s.get(CLIENT_P12);
            Secret clientPassword = Secret.from(s, CLIENT_PASSWORD_FILE, CLIENT_PASSWORD_ENV, client != null);
            if (client != null) {
                Secret.refuseIfOthersCanReadQuietly(s, CLIENT_P12, client);
            }
            Authority a =
                    new Authority(url, s.get(POLICY), s.get(HASH), s.get(TIMEOUT), user, basic, client, clientPassword);
            s.rejectUnknown(AUTHORITY_SETTINGS, Set.of());
            if (url != null) {
                authorities.add(a);
            }
        }
        return new TimestampingSettings(authorities, root.get(ANCHORS));
    }
}
