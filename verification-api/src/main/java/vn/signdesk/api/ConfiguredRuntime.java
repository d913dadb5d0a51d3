package vn.signdesk.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import vn.signdesk.api.config.AppearanceSettings;
import vn.signdesk.api.config.ProfileSettings;
import vn.signdesk.api.config.Secret;
import vn.signdesk.api.config.TimestampingSettings;
import vn.signdesk.api.config.TrustSettings;
import vn.signdesk.api.store.SharedSecrets;
import vn.signdesk.signing.KeyAccessException;
import vn.signdesk.signing.PadesDocumentSigner;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.SigningKey;
import vn.signdesk.signing.appearance.Placement;
import vn.signdesk.signing.keys.Pkcs11Token;
import vn.signdesk.signing.keys.Pkcs11TokenConfig;
import vn.signdesk.signing.keys.Pkcs12Keys;
import vn.signdesk.signing.revocation.CertificateCheckConfig;
import vn.signdesk.signing.revocation.CertificateChecks;
import vn.signdesk.signing.tsa.Rfc3161Timestamper;
import vn.signdesk.signing.verify.TrustAnchors;

/**
 * The production composition root: profiles whose keys live in PKCS#11 tokens or PKCS#12 files
 * (PINs and passwords from files or the environment), the external RFC 3161 authorities with
 * failover, the configured trust and revocation settings. Nothing of the demo is built: no demo
 * PKI, no embedded TSA, no in-process responder.
 *
 * <p>Every key is opened while building, so a wrong PIN, a missing key or an unreadable file stops
 * the start with a message naming the setting. Tokens are opened once per library and token and
 * shared by the profiles whose keys they hold.
 */
final class ConfiguredRuntime {

    /** The largest appearance image read from a profile's files. */
    private static final long MAX_IMAGE_BYTES = 4L << 20;

    private ConfiguredRuntime() {}

    /**
     * Builds the production runtime.
     *
     * @param env the environment, for secrets named by {@code *Env} settings
     * @throws IllegalArgumentException naming the setting at fault
     */
    static SigningRuntime build(SignDeskConfig config, Clock clock, Map<String, String> env, SharedSecrets secrets) {
        if (config.mode() != SignDeskConfig.Mode.PRODUCTION) {
            throw new IllegalArgumentException("mode (SIGNDESK_MODE): the configured runtime is production's");
        }
        TrustSettings.Revocation revocation = config.trust().revocation();
        CertificateChecks.Builder checksBuilder = CertificateChecks.builder(CertificateCheckConfig.defaults()
                .withClock(clock)
                .withTimeouts(min(revocation.timeout(), Duration.ofSeconds(5)), revocation.timeout())
                .withMaxEntries(revocation.cacheMaxEntries()));
        if (!revocation.online()) {
            checksBuilder.allowUrls(url -> false);
        }
        if (revocation.proxyOrNull() != null) {
            checksBuilder.proxy(InetSocketAddress.createUnresolved(
                    revocation.proxyOrNull().getHost(), port(revocation.proxyOrNull())));
        }
        CertificateChecks checks = checksBuilder.build();
        ConfiguredKeys keys = new ConfiguredKeys(env);
        try {
            SigningRuntime.Trust trust = ConfiguredTrust.load(config.trust(), List.of(), env);
            List<X509Certificate> tsaAnchors = new ArrayList<>();
            for (Path p : config.timestamping().anchors()) {
                tsaAnchors.addAll(TrustAnchors.fromPem(p));
            }
            Rfc3161Timestamper timestamper = timestamper(config.timestamping(), tsaAnchors, env);
            Map<String, SigningProfile> profiles = new LinkedHashMap<>();
            for (ProfileSettings p : config.profiles().values()) {
                profiles.put(p.name(), profile(p));
                keys.open(p);
            }
            PadesDocumentSigner signer = PadesDocumentSigner.builder()
                    .clock(clock)
                    .limits(SigningRuntime.DOCUMENT_LIMITS)
                    .timestamper(timestamper)
                    .trustAnchors(trust.anchors())
                    .certificateChecks(checks)
                    .tokenKey(TwoStepTokenKey.of(secrets))
                    .build();
            List<X509Certificate> timestampTrust = tsaAnchors.isEmpty() ? trust.anchors() : tsaAnchors;
            return new SigningRuntime(new SigningRuntime.Parts(
                    config, profiles, keys, signer, timestamper, timestampTrust, checks, trust, clock, null, null));
        } catch (RuntimeException e) {
            keys.close();
            checks.close();
            throw e;
        }
    }

    private static SigningProfile profile(ProfileSettings p) {
        AppearanceSettings a = p.appearance();
        SigningProfile.Look look = new SigningProfile.Look(
                SigningProfile.Appearance.valueOf(a.kind().name()),
                image("profiles." + p.name() + ".appearance.signerImage", a.signerImageOrNull()),
                image("profiles." + p.name() + ".appearance.sealImage", a.sealImageOrNull()),
                a.sealDiameterMm(),
                a.lines(),
                Placement.onPageMm(a.page(), a.xMm(), a.yMm(), a.widthMm(), a.heightMm()));
        SignatureLevel level = p.level();
        return new SigningProfile(p.name(), level, look, p.reasonOrNull(), p.locationOrNull(), p.roles());
    }

    private static Optional<byte[]> image(String setting, Path fileOrNull) {
        if (fileOrNull == null) {
            return Optional.empty();
        }
        try {
            if (Files.size(fileOrNull) > MAX_IMAGE_BYTES) {
                throw new IllegalArgumentException(setting + ": " + fileOrNull + " is larger than 4 MiB");
            }
            byte[] png = Files.readAllBytes(fileOrNull);
            if (png.length < 8 || png[0] != (byte) 0x89 || png[1] != 'P' || png[2] != 'N' || png[3] != 'G') {
                throw new IllegalArgumentException(setting + ": " + fileOrNull + " is not a PNG image");
            }
            return Optional.of(png);
        } catch (IOException e) {
            throw new IllegalArgumentException(setting + ": cannot read " + fileOrNull);
        }
    }

    private static Rfc3161Timestamper timestamper(
            TimestampingSettings settings, List<X509Certificate> anchors, Map<String, String> env) {
        List<Rfc3161Timestamper.Endpoint> endpoints = new ArrayList<>();
        Duration longest = Duration.ofSeconds(1);
        for (int i = 0; i < settings.authorities().size(); i++) {
            TimestampingSettings.Authority a = settings.authorities().get(i);
            String setting = "timestamping.authorities[" + i + "]";
            String password = a.basicPasswordOrNull() == null
                    ? null
                    : new String(a.basicPasswordOrNull().read(env));
            SSLContext tls = a.clientPkcs12OrNull() == null
                    ? null
                    : clientTls(setting + ".clientCertificate", a.clientPkcs12OrNull(), a.clientPasswordOrNull(), env);
            endpoints.add(new Rfc3161Timestamper.Endpoint(
                    a.url(), a.basicUserOrNull(), password, null, a.policyOidOrNull(), tls));
            if (a.timeout().compareTo(longest) > 0) {
                longest = a.timeout();
            }
        }
        // the longest authority timeout bounds each attempt; each authority gets one attempt a round
        Rfc3161Timestamper.Config c = new Rfc3161Timestamper.Config(
                endpoints,
                min(longest, Rfc3161Timestamper.Config.DEFAULT_CONNECT_TIMEOUT),
                longest,
                Math.max(2, Math.min(20, endpoints.size())),
                Rfc3161Timestamper.Config.DEFAULT_MAX_RESPONSE_BYTES,
                Rfc3161Timestamper.Config.DEFAULT_BACKOFF);
        return new Rfc3161Timestamper(c, anchors);
    }

    /** See {@link SigningRuntime#probeEachAuthority}. */
    static List<String> probeEachAuthority(SignDeskConfig config, Map<String, String> env) {
        List<X509Certificate> anchors = new ArrayList<>();
        config.timestamping().anchors().forEach(p -> anchors.addAll(TrustAnchors.fromPem(p)));
        List<String> problems = new ArrayList<>();
        List<TimestampingSettings.Authority> all = config.timestamping().authorities();
        for (int i = 0; i < all.size(); i++) {
            TimestampingSettings one = new TimestampingSettings(List.of(all.get(i)), List.of());
            String name =
                    "timestamping.authorities[" + i + "] (" + all.get(i).url().getScheme() + "://"
                            + all.get(i).url().getHost()
                            + (all.get(i).url().getPort() < 0
                                    ? ""
                                    : ":" + all.get(i).url().getPort())
                            + ")";
            try {
                Rfc3161Timestamper t = timestamper(one, anchors, env);
                byte[] digest = new byte[all.get(i).hash().length()];
                new java.security.SecureRandom().nextBytes(digest);
                t.timestamp(all.get(i).hash().oid(), digest);
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause() : e;
                problems.add(name + ": gave no valid token: " + cause.getMessage());
            }
        }
        return problems;
    }

    private static SSLContext clientTls(String setting, Path p12, Secret password, Map<String, String> env) {
        char[] pw = password.read(env);
        try (InputStream in = Files.newInputStream(p12)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, pw);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException(setting + ": " + p12 + " cannot be opened with its password");
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static int port(java.net.URI url) {
        return url.getPort() > 0 ? url.getPort() : ("https".equals(url.getScheme()) ? 443 : 80);
    }

    /**
     * The keys of the configured profiles: PKCS#11 tokens (one login per library and token, shared
     * by the profiles on it) and PKCS#12 files, opened at start and kept.
     */
    private static final class ConfiguredKeys implements ProfileKeys {
        private final Map<String, String> env;
        private final Map<String, Pkcs11Token> tokens = new LinkedHashMap<>();
        private final Map<String, SigningKey> keys = new ConcurrentHashMap<>();

        ConfiguredKeys(Map<String, String> env) {
            this.env = env;
        }

        /** Opens the profile's key, naming the setting at fault when it cannot. */
        void open(ProfileSettings p) {
            String prefix = "profiles." + p.name() + ".";
            SigningKey key;
            if (p.key() instanceof ProfileSettings.Pkcs11Key k) {
                Pkcs11Token token = token(prefix, p.name(), k);
                try {
                    key = token.key(k.alias(), p.name());
                } catch (KeyAccessException e) {
                    throw new IllegalArgumentException(prefix + "pkcs11.keyLabel: " + e.getMessage());
                }
            } else {
                ProfileSettings.Pkcs12Key k = (ProfileSettings.Pkcs12Key) p.key();
                char[] password = k.password().read(env);
                try {
                    key = Pkcs12Keys.open(k.file(), password, null, p.name());
                } catch (KeyAccessException e) {
                    throw new IllegalArgumentException(prefix + "pkcs12.file: " + e.getMessage());
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
            if (p.chainFileOrNull() != null) {
                key = withChain(prefix + "chainFile", key, p.chainFileOrNull());
            }
            keys.put(p.name(), key);
        }

        private Pkcs11Token token(String prefix, String profile, ProfileSettings.Pkcs11Key k) {
            String id = k.library() + "|" + k.slot();
            Pkcs11Token open = tokens.get(id);
            if (open != null) {
                return open;
            }
            char[] pin = k.pin().read(env);
            try {
                Pkcs11Token token = Pkcs11Token.open(new Pkcs11TokenConfig(profile, k.library(), k.slot(), pin));
                tokens.put(id, token);
                return token;
            } catch (KeyAccessException e) {
                String setting = e.getMessage().startsWith("PIN rejected")
                        ? (k.pin().fileOrNull() != null ? "pkcs11.pinFile" : "pkcs11.pinEnv")
                        : "pkcs11.tokenLabel";
                throw new IllegalArgumentException(prefix + setting + ": " + e.getMessage());
            } finally {
                Arrays.fill(pin, '\0');
            }
        }

        private static SigningKey withChain(String setting, SigningKey key, Path chainFile) {
            List<X509Certificate> chain = TrustAnchors.fromPem(chainFile);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException(setting + ": " + chainFile + " holds no PEM certificate");
            }
            if (!chain.get(0).getPublicKey().equals(key.certificate().getPublicKey())) {
                throw new IllegalArgumentException(
                        setting + ": its first certificate is not the certificate of the profile's key");
            }
            return new SigningKey(key.label(), key.privateKey(), key.providerOrNull(), chain);
        }

        @Override
        public SigningKey key(SigningProfile profile) {
            SigningKey key = keys.get(profile.name());
            if (key == null) {
                throw new KeyAccessException("the key of profile '" + profile.name() + "' is not open");
            }
            return key;
        }

        @Override
        public void close() {
            tokens.values().forEach(Pkcs11Token::close);
            tokens.clear();
            keys.clear();
        }
    }
}
