package vn.signdesk.api.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What verification trusts and how it checks revocation ({@code trust}).
 *
 * @param anchors PEM files or folders of trust anchors
 * @param intermediates PEM files or folders of CA certificates used only to build chains
 * @param keyStores PKCS#12 or JKS files whose certificates are anchors
 * @param trustedLists ETSI TS 119 612 trusted lists or LOTLs, read offline as {@code verify --trust} reads them
 * @param bundles named bundles shipped with SignDesk, e.g. {@code vn}
 * @param vnUnconfirmedRoots whether the {@code vn} bundle includes its unconfirmed 2025-2026 roots
 * @param policyFileOrNull a DSS validation policy XML, or null for SignDesk's default
 * @param revocation how certificate status is fetched
 */
public record TrustSettings(
        List<Path> anchors,
        List<Path> intermediates,
        List<KeyStoreFile> keyStores,
        List<TrustedList> trustedLists,
        List<String> bundles,
        boolean vnUnconfirmedRoots,
        Path policyFileOrNull,
        Revocation revocation) {

    /**
     * A key store of anchors.
     *
     * @param file a PKCS#12 or JKS file
     * @param passwordOrNull where its password is; null for a store without one
     */
    public record KeyStoreFile(Path file, Secret passwordOrNull) {}

    /**
     * A trusted list or list of trusted lists, read offline.
     *
     * @param file the list (XML); its kind is recognised by its content
     * @param signer a PEM file of the certificates the list must be signed with
     * @param copies for a LOTL: each TL's URL, as the LOTL gives it, to its local file
     */
    public record TrustedList(Path file, Path signer, java.util.Map<String, Path> copies) {}

    /**
     * How certificate status is fetched.
     *
     * @param online whether OCSP, CRL and AIA are fetched over the network
     * @param timeout the bound on one fetch
     * @param proxyOrNull an HTTP proxy, or null for direct connections
     * @param cacheMaxEntries the bound of each certificate-check cache
     */
    public record Revocation(boolean online, Duration timeout, URI proxyOrNull, int cacheMaxEntries) {}

    static final Setting<List<Path>> ANCHORS = Setting.of(
            "trust.anchors", List.of(), Parsers.listOf(Parsers::fileOrFolder), "PEM files or folders of trust anchors");

    static final Setting<List<Path>> INTERMEDIATES = Setting.of(
            "trust.intermediates",
            List.of(),
            Parsers.listOf(Parsers::fileOrFolder),
            "PEM files or folders of CAs for chain building only");
    static final Setting<Path> TL_FILE =
            Setting.of("file", null, Parsers::file, "an ETSI trusted list or LOTL (XML), read offline");
    static final Setting<Path> TL_SIGNER =
            Setting.of("signer", null, Parsers::file, "PEM: the certificates the list must be signed with");
    static final Setting<List<String>> TL_COPIES = Setting.of(
            "copies",
            List.of(),
            Parsers.listOf(Parsers::string),
            "for a LOTL: URL=FILE, the local copy of each TL it points to");
    static final Setting<List<String>> BUNDLES = Setting.of(
            "trust.bundles",
            List.of(),
            Parsers.listOf(TrustSettings::bundle),
            "named bundles shipped with SignDesk: vn");
    static final Setting<Boolean> VN_UNCONFIRMED = Setting.of(
            "trust.vnUnconfirmedRoots",
            false,
            Parsers::bool,
            "include the vn bundle's unconfirmed 2025-2026 roots (confirm them on rootca.gov.vn first)");
    static final Setting<Path> POLICY =
            Setting.of("trust.policyFile", null, Parsers::file, "a DSS validation policy XML");
    static final Setting<Boolean> ONLINE =
            Setting.of("trust.revocation.online", true, Parsers::bool, "fetch OCSP, CRL and AIA over the network");
    static final Setting<Duration> TIMEOUT = Setting.of(
            "trust.revocation.timeoutSeconds",
            Duration.ofSeconds(10),
            Parsers.seconds(1, 120),
            "the bound on one OCSP, CRL or AIA fetch, in seconds");
    static final Setting<URI> PROXY = Setting.of(
            "trust.revocation.proxy", null, Parsers::url, "an HTTP proxy for those fetches, http://host:port");
    static final Setting<Integer> CACHE = Setting.of(
            "trust.revocation.cacheMaxEntries",
            10_000,
            Parsers.wholeInt(100, 10_000_000),
            "the bound of each certificate-check cache");

    static final Setting<Path> STORE_FILE = Setting.of("file", null, Parsers::file, "a PKCS#12 or JKS file");
    static final Setting<Path> STORE_PASSWORD_FILE =
            Setting.of("passwordFile", null, Parsers::file, "a file holding its password");
    static final Setting<String> STORE_PASSWORD_ENV =
            Setting.of("passwordEnv", null, Parsers::envName, "or: the environment variable holding it");

    /** The top-level trust settings, in documentation order. */
    public static final List<Setting<?>> SETTINGS =
            List.of(ANCHORS, INTERMEDIATES, BUNDLES, VN_UNCONFIRMED, POLICY, ONLINE, TIMEOUT, PROXY, CACHE);

    /** The settings of one entry of {@code trust.keyStores}. */
    public static final List<Setting<?>> KEY_STORE_SETTINGS =
            List.of(STORE_FILE, STORE_PASSWORD_FILE, STORE_PASSWORD_ENV);

    /** The settings of one entry of {@code trust.trustedLists}. */
    public static final List<Setting<?>> TRUSTED_LIST_SETTINGS = List.of(TL_FILE, TL_SIGNER, TL_COPIES);

    public TrustSettings {
        anchors = List.copyOf(anchors);
        intermediates = List.copyOf(intermediates);
        keyStores = List.copyOf(keyStores);
        trustedLists = List.copyOf(trustedLists);
        bundles = List.copyOf(bundles);
    }

    public static TrustSettings read(Section root) {
        List<KeyStoreFile> stores = new ArrayList<>();
        for (Section s : root.list("trust.keyStores")) {
            Path file = s.get(STORE_FILE);
            if (file == null && !s.isSet(STORE_FILE)) {
                s.problem(STORE_FILE, "missing: the key store file");
            }
            Secret password = Secret.from(s, STORE_PASSWORD_FILE, STORE_PASSWORD_ENV, false);
            s.rejectUnknown(KEY_STORE_SETTINGS, Set.of());
            if (file != null) {
                stores.add(new KeyStoreFile(file, password));
            }
        }
        List<TrustedList> lists = new ArrayList<>();
        for (Section s : root.list("trust.trustedLists")) {
            Path file = s.get(TL_FILE);
            Path signer = s.get(TL_SIGNER);
            if (!s.isSet(TL_FILE) || !s.isSet(TL_SIGNER)) {
                s.problem(TL_FILE, "a trusted list needs its file and the PEM of its signer (signer)");
            }
            java.util.Map<String, Path> copies = new java.util.LinkedHashMap<>();
            for (String copy : s.get(TL_COPIES)) {
                int eq = copy.lastIndexOf('=');
                if (eq <= 0) {
                    s.problem(TL_COPIES, "'" + copy + "' is not URL=FILE");
                } else {
                    try {
                        copies.put(copy.substring(0, eq), Parsers.file(copy.substring(eq + 1), s.context()));
                    } catch (IllegalArgumentException e) {
                        s.problem(TL_COPIES, "'" + copy + "': the local copy " + e.getMessage());
                    }
                }
            }
            s.rejectUnknown(TRUSTED_LIST_SETTINGS, Set.of());
            if (file != null && signer != null) {
                lists.add(new TrustedList(file, signer, copies));
            }
        }
        Revocation revocation = new Revocation(root.get(ONLINE), root.get(TIMEOUT), root.get(PROXY), root.get(CACHE));
        return new TrustSettings(
                root.get(ANCHORS),
                root.get(INTERMEDIATES),
                stores,
                lists,
                root.get(BUNDLES),
                root.get(VN_UNCONFIRMED),
                root.get(POLICY),
                revocation);
    }

    private static String bundle(Object raw, ParseContext c) {
        String name = Parsers.text(raw);
        if (!vn.signdesk.signing.verify.TrustBundles.isName(name)) {
            throw new IllegalArgumentException("is not a bundle SignDesk ships (known: "
                    + String.join(", ", vn.signdesk.signing.verify.TrustBundles.names()) + ")");
        }
        return name;
    }
}
