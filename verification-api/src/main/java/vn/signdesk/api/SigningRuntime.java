package vn.signdesk.api;

import eu.europa.esig.dss.spi.tsl.TrustedListsCertificateSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.pki.PkiResponder;
import vn.signdesk.signing.DocumentLimits;
import vn.signdesk.signing.InvalidRequestException;
import vn.signdesk.signing.LocalResponder;
import vn.signdesk.signing.PadesDocumentSigner;
import vn.signdesk.signing.SignOptions;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.SigningKey;
import vn.signdesk.signing.appearance.CopyStamp;
import vn.signdesk.signing.appearance.Placement;
import vn.signdesk.signing.appearance.SignatureAppearance;
import vn.signdesk.signing.keys.Pkcs12Keys;
import vn.signdesk.signing.revocation.CertificateCheckConfig;
import vn.signdesk.signing.revocation.CertificateChecks;
import vn.signdesk.signing.tsa.EmbeddedTimestampAuthority;
import vn.signdesk.signing.verify.CertificateCheckSources;
import vn.signdesk.signing.verify.PadesSignatureVerifier;
import vn.signdesk.signing.verify.SignatureVerifier;

/**
 * Everything signing needs, built once: the PKI (demo), the timestamp authority, the signer and the
 * opened keys of the signing profiles. Shared by the command line and the HTTP service.
 *
 * <p>In demo mode the certificate checks of the demo PKI are answered in-process by its responder,
 * so the command line works without a running service, and the embedded TSA stamps in-process.
 * Keys are opened on first use and kept.
 */
public final class SigningRuntime {

    /**
     * The bounds on every document the service reads: size, pages, and the read budget (decoded
     * bytes, objects, nesting) that the heap and the crypto pool are sized from.
     */
    public static final DocumentLimits DOCUMENT_LIMITS = DocumentLimits.DEFAULT;

    /** The policy OID of the embedded TSA's tokens (a private arc of the demo PKI). */
    public static final String TSA_POLICY_OID = "1.3.6.1.4.1.55555.1.1";

    private static final String SHA256_OID = "2.16.840.1.101.3.4.2.1";

    private static final Map<String, SigningProfile> DEMO_PROFILES = demoProfiles();
    private static final Placement VISIBLE_PLACEMENT = Placement.onPageMm(1, 100, 200, 100, 62);

    private final SignDeskConfig config;
    private final DemoPki pki;
    private final EmbeddedTimestampAuthority tsa;
    private final PadesDocumentSigner signer;
    private final Map<String, SigningProfile> profiles;
    private final CertificateChecks checks;
    private final Clock clock;
    private final SignatureVerifier verifier;
    private final Map<String, SigningKey> openKeys = new ConcurrentHashMap<>();

    private SigningRuntime(
            SignDeskConfig config,
            DemoPki pki,
            EmbeddedTimestampAuthority tsa,
            PadesDocumentSigner signer,
            CertificateChecks checks,
            Clock clock,
            Map<String, SigningProfile> profiles) {
        this.config = config;
        this.pki = pki;
        this.tsa = tsa;
        this.signer = signer;
        this.checks = checks;
        this.clock = clock;
        this.profiles = profiles;
        this.verifier = verifierTrusting(List.of());
    }

    /** The demo set-up: generates or loads the demo PKI under {@code DATA_DIR/pki}. */
    public static SigningRuntime demo(SignDeskConfig config, Clock clock) {
        if (config.mode() != SignDeskConfig.Mode.DEMO) {
            throw new IllegalArgumentException(SignDeskConfig.PRODUCTION_REFUSED);
        }
        DemoPki pki = DemoPki.loadOrCreate(config.pkiDir(), config.publicUrl(), clock);
        EmbeddedTimestampAuthority tsa = new EmbeddedTimestampAuthority(
                pki.tsa().privateKey(), pki.tsa().chain(), TSA_POLICY_OID, Duration.ofSeconds(1), clock);
        LocalResponder demoResponder = (path, body) -> {
            PkiResponder.Response r = pki.responder().handle(body == null ? "GET" : "POST", path, body);
            return r.status() == 200 ? Optional.of(r.body()) : Optional.empty();
        };
        // one certificate-check cache for the whole process: what signing fetched, verifying reuses
        CertificateChecks checks = CertificateChecks.builder(
                        CertificateCheckConfig.defaults().withClock(clock))
                .localResponder(config.publicUrl().toString(), demoResponder)
                .build();
        PadesDocumentSigner signer = PadesDocumentSigner.builder()
                .clock(clock)
                .limits(DOCUMENT_LIMITS)
                .timestamper(tsa)
                .trustAnchors(List.of(pki.rootCa()))
                .certificateChecks(checks)
                .tokenKey(tokenKey(config.dataDir()))
                .build();
        return new SigningRuntime(config, pki, tsa, signer, checks, clock, DEMO_PROFILES);
    }

    public SignDeskConfig config() {
        return config;
    }

    public DemoPki pki() {
        return pki;
    }

    public EmbeddedTimestampAuthority tsa() {
        return tsa;
    }

    public PadesDocumentSigner signer() {
        return signer;
    }

    /** The verifier: the demo root as trust anchor, certificate checks shared with the signer. */
    public SignatureVerifier verifier() {
        return verifier;
    }

    /**
     * A verifier that trusts, besides the demo root, the certificates in the given PEM files or
     * folders; for one-off verifications (the command line's {@code --trust}).
     */
    public SignatureVerifier verifierTrusting(List<Path> pemFilesOrFolders) {
        return verifierTrusting(pemFilesOrFolders, List.of());
    }

    /**
     * A verifier that trusts, besides the demo root, the certificates in the given PEM files or
     * folders and the services of the given trusted lists ({@link
     * vn.signdesk.signing.verify.TrustAnchors#fromTrustedList}); for one-off verifications.
     */
    public SignatureVerifier verifierTrusting(
            List<Path> pemFilesOrFolders, List<TrustedListsCertificateSource> trustedLists) {
        PadesSignatureVerifier.Builder b = PadesSignatureVerifier.builder()
                .clock(clock)
                .limits(DOCUMENT_LIMITS)
                .trustAnchors(List.of(pki.rootCa()))
                .certificateChecks(CertificateCheckSources.cached(checks));
        pemFilesOrFolders.forEach(b::trustAnchorsFromPem);
        trustedLists.forEach(b::trustedList);
        return b.build();
    }

    /** Hit, miss and load counts of the certificate-check cache. */
    public CertificateChecks.Stats certificateCheckStats() {
        return checks.stats();
    }

    /** The signing profiles, in a stable order. */
    public Collection<SigningProfile> profiles() {
        return profiles.values();
    }

    /**
     * Asks the timestamp authority for a token over a fresh random digest and checks that the token
     * covers it: what {@code /health/ready} reports as "TSA reachable".
     *
     * @throws vn.signdesk.signing.TimestampUnavailableException when the authority gives no token
     * @throws IllegalStateException when the token it gives does not cover the digest
     */
    public void probeTimestampAuthority() {
        byte[] digest = new byte[32];
        new SecureRandom().nextBytes(digest);
        byte[] token = tsa.timestamp(SHA256_OID, digest);
        try {
            TimeStampToken parsed = new TimeStampToken(new CMSSignedData(token));
            if (!Arrays.equals(parsed.getTimeStampInfo().getMessageImprintDigest(), digest)) {
                throw new IllegalStateException("the timestamp token does not cover the digest asked for");
            }
        } catch (CMSException | TSPException | IOException e) {
            throw new IllegalStateException("the timestamp authority answered something that is not a token", e);
        }
    }

    /** The profile of that name, or an {@link InvalidRequestException} listing the known ones. */
    public SigningProfile profile(String name) {
        SigningProfile p = profiles.get(name);
        if (p == null) {
            throw new InvalidRequestException(
                    "unknown signing profile '" + name + "': known are " + String.join(", ", profiles.keySet()));
        }
        return p;
    }

    /** The opened key of a profile, opened on first use and kept. */
    public SigningKey key(SigningProfile profile) {
        return openKeys.computeIfAbsent(
                profile.name(),
                n -> Pkcs12Keys.open(
                        config.pkiDir().resolve(profile.keyName() + ".p12"),
                        DemoPki.PASSWORD.toCharArray(),
                        null,
                        profile.name()));
    }

    /**
     * The sign options of a request: invisible, or visible with the profile's Decree 30 appearance
     * (signer name and organisation from the key's certificate; in the lower right of page 1, where
     * an A4 or Letter page has room for a 40 mm seal with the text below it).
     */
    public SignOptions options(SigningProfile profileOrNull, SigningKey key, SignatureLevel level, boolean visible) {
        if (!visible) {
            return SignOptions.invisible(level);
        }
        String name = CertificateNames.commonName(key.certificate());
        String organisation = CertificateNames.organisationOrNull(key.certificate());
        SigningProfile.Appearance kind =
                profileOrNull == null ? SigningProfile.Appearance.SIGNATURE : profileOrNull.appearance();
        return switch (kind) {
            case SEAL ->
                SignOptions.visible(
                        level,
                        SignatureAppearance.withImages(
                                VISIBLE_PLACEMENT,
                                name,
                                organisation,
                                pki.signatureImagePng(),
                                pki.sealImagePng(),
                                DemoPki.SEAL_DIAMETER_MM));
            case SIGNATURE ->
                SignOptions.visible(level, SignatureAppearance.textOnly(VISIBLE_PLACEMENT, name, organisation));
            case COPY_STAMP ->
                SignOptions.copyStamp(level, CopyStamp.electronicCopy(organisation == null ? name : organisation));
        };
    }

    private static Map<String, SigningProfile> demoProfiles() {
        Map<String, SigningProfile> m = new LinkedHashMap<>();
        m.put(
                "department-seal",
                new SigningProfile(
                        "department-seal",
                        "department-seal",
                        SignatureLevel.B_LTA,
                        SigningProfile.Appearance.SEAL,
                        Set.of("department")));
        m.put(
                "branch-copy",
                new SigningProfile(
                        "branch-copy",
                        "branch-copy",
                        SignatureLevel.B_LTA,
                        SigningProfile.Appearance.COPY_STAMP,
                        Set.of("branch")));
        m.put(
                "resident-demo",
                new SigningProfile(
                        "resident-demo",
                        "resident-rsa",
                        SignatureLevel.B_T,
                        SigningProfile.Appearance.SIGNATURE,
                        Set.of("resident")));
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The two-step token key, created once per data directory so every node sharing it agrees. */
    private static byte[] tokenKey(Path dataDir) {
        Path file = dataDir.resolve("two-step-token.key");
        try {
            if (Files.exists(file)) {
                byte[] key = Files.readAllBytes(file);
                if (key.length >= 32) {
                    return key;
                }
            }
            Files.createDirectories(dataDir);
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Path tmp = Files.createTempFile(
                    dataDir,
                    "token",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, key, StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(
                    tmp,
                    file,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the two-step token key in the data directory", e);
        }
    }
}
