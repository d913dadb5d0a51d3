package vn.signdesk.api;

import eu.europa.esig.dss.spi.tsl.TrustedListsCertificateSource;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import vn.signdesk.api.store.DirectorySecrets;
import vn.signdesk.api.store.SharedSecrets;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.signing.DocumentLimits;
import vn.signdesk.signing.InvalidRequestException;
import vn.signdesk.signing.PadesDocumentSigner;
import vn.signdesk.signing.SignOptions;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.SigningKey;
import vn.signdesk.signing.Timestamper;
import vn.signdesk.signing.appearance.CopyStamp;
import vn.signdesk.signing.appearance.SignatureAppearance;
import vn.signdesk.signing.revocation.CertificateChecks;
import vn.signdesk.signing.revocation.SigningCertificateCheck;
import vn.signdesk.signing.tsa.EmbeddedTimestampAuthority;
import vn.signdesk.signing.verify.CertificateCheckSources;
import vn.signdesk.signing.verify.PadesSignatureVerifier;
import vn.signdesk.signing.verify.SignatureVerifier;
import vn.signdesk.signing.verify.TrustBundle;

/**
 * Everything signing and verifying need, built once by one of two composition roots of the same
 * shape: {@link DemoRuntime} (the generated demo PKI, its embedded TSA and in-process responder)
 * and {@link ConfiguredRuntime} (production: profile keys in PKCS#11 tokens or PKCS#12 files,
 * external timestamp authorities, configured trust). Shared by the command line and the HTTP
 * service.
 *
 * <p>The capabilities: the signing profiles and their {@link ProfileKeys}; the signer; the
 * verifier and its {@link Trust}; the timestamper; the certificate checks (one cache for the
 * process, shared by signing, the check before signing and verifying); and, in demo mode only, the
 * demo PKI and the embedded TSA. Before a profile's key signs, its certificate's validity and
 * revocation are checked ({@link #key}).
 */
public final class SigningRuntime implements AutoCloseable {

    /**
     * The bounds on every document the service reads: size, pages, and the read budget (decoded
     * bytes, objects, nesting) that the heap and the crypto pool are sized from.
     */
    public static final DocumentLimits DOCUMENT_LIMITS = DocumentLimits.DEFAULT;

    private static final String SHA256_OID = "2.16.840.1.101.3.4.2.1";

    private final SignDeskConfig config;
    private final Map<String, SigningProfile> profiles;
    private final ProfileKeys keys;
    private final PadesDocumentSigner signer;
    private final Timestamper timestamper;
    private final List<X509Certificate> timestampTrust;
    private final CertificateChecks checks;
    private final SigningCertificateCheck signingCertificateCheck;
    private final Trust trust;
    private final Clock clock;
    private final SignatureVerifier verifier;
    private final DemoPki demoPkiOrNull;
    private final EmbeddedTimestampAuthority embeddedTsaOrNull;

    /**
     * What verification trusts: anchors, certificates for chain building only, trusted lists.
     *
     * @param anchors trust anchors
     * @param intermediates CA certificates used only to build chains
     * @param trustedLists ETSI trusted lists, already validated
     * @param bundles named bundles (anchors, and intermediates for chain building only)
     * @param policyFileOrNull a DSS validation policy XML, or null for SignDesk's default
     */
    public record Trust(
            List<X509Certificate> anchors,
            List<X509Certificate> intermediates,
            List<TrustedListsCertificateSource> trustedLists,
            List<TrustBundle> bundles,
            Path policyFileOrNull) {

        public Trust {
            anchors = List.copyOf(anchors);
            intermediates = List.copyOf(intermediates);
            trustedLists = List.copyOf(trustedLists);
            bundles = List.copyOf(bundles);
        }

        /** Trust in the given anchors only. */
        public static Trust anchors(List<X509Certificate> anchors) {
            return new Trust(anchors, List.of(), List.of(), List.of(), null);
        }
    }

    /** The parts a composition root builds; see the class notes. */
    record Parts(
            SignDeskConfig config,
            Map<String, SigningProfile> profiles,
            ProfileKeys keys,
            PadesDocumentSigner signer,
            Timestamper timestamper,
            List<X509Certificate> timestampTrust,
            CertificateChecks checks,
            Trust trust,
            Clock clock,
            DemoPki demoPkiOrNull,
            EmbeddedTimestampAuthority embeddedTsaOrNull) {}

    SigningRuntime(Parts p) {
        this.config = p.config();
        this.profiles = Map.copyOf(p.profiles());
        this.keys = p.keys();
        this.signer = p.signer();
        this.timestamper = p.timestamper();
        this.timestampTrust = List.copyOf(p.timestampTrust());
        this.checks = p.checks();
        this.signingCertificateCheck = new SigningCertificateCheck(p.checks(), p.clock());
        this.trust = p.trust();
        this.clock = p.clock();
        this.demoPkiOrNull = p.demoPkiOrNull();
        this.embeddedTsaOrNull = p.embeddedTsaOrNull();
        this.verifier = verifierTrusting(List.of());
        this.orderedProfiles = List.copyOf(p.profiles().values());
    }

    private final List<SigningProfile> orderedProfiles;

    /**
     * The runtime of the configuration's mode ({@link DemoRuntime} or {@link ConfiguredRuntime}),
     * with the two-step token key of the data directory.
     */
    public static SigningRuntime of(SignDeskConfig config, Clock clock, Map<String, String> env) {
        return of(config, clock, env, new DirectorySecrets(config.dataDir()));
    }

    /**
     * The runtime of the configuration's mode, with the two-step token key from {@code secrets} (the
     * service's store, so that the nodes sharing it agree on the key).
     */
    public static SigningRuntime of(
            SignDeskConfig config, Clock clock, Map<String, String> env, SharedSecrets secrets) {
        return config.mode() == SignDeskConfig.Mode.DEMO
                ? DemoRuntime.build(config, clock, secrets)
                : ConfiguredRuntime.build(config, clock, env, secrets);
    }

    /** The demo set-up: generates or loads the demo PKI under {@code DATA_DIR/pki}. */
    public static SigningRuntime demo(SignDeskConfig config, Clock clock) {
        return demo(config, clock, new DirectorySecrets(config.dataDir()));
    }

    /**
     * The demo set-up with the two-step token key from {@code secrets} (the service's store, so that
     * the nodes sharing it agree on the key).
     */
    public static SigningRuntime demo(SignDeskConfig config, Clock clock, SharedSecrets secrets) {
        return DemoRuntime.build(config, clock, secrets);
    }

    /**
     * Asks each configured timestamp authority, alone, for one token: one line per authority that
     * gives none, naming it by its index and URL without credentials.
     */
    public static List<String> probeEachAuthority(SignDeskConfig config, Map<String, String> env) {
        return ConfiguredRuntime.probeEachAuthority(config, env);
    }

    /** The names of the profiles the configuration's mode signs with, before anything is built. */
    public static List<String> profileNames(SignDeskConfig config) {
        return config.mode() == SignDeskConfig.Mode.DEMO
                ? DemoRuntime.PROFILE_NAMES
                : List.copyOf(config.profiles().keySet());
    }

    public SignDeskConfig config() {
        return config;
    }

    /** The demo PKI, in demo mode only: its AIA, CRL and OCSP routes exist only then. */
    public Optional<DemoPki> demoPki() {
        return Optional.ofNullable(demoPkiOrNull);
    }

    /**
     * The embedded TSA that {@code POST /tsa} serves: in demo mode only (production never serves
     * the demo TSA's key).
     */
    public Optional<EmbeddedTimestampAuthority> embeddedTsa() {
        return Optional.ofNullable(embeddedTsaOrNull);
    }

    /** The timestamper of signatures and of the audit chain's head. */
    public Timestamper timestamper() {
        return timestamper;
    }

    /** The certificates the audit head's timestamp tokens may be signed with (or chain to). */
    public List<X509Certificate> timestampTrust() {
        return timestampTrust;
    }

    public PadesDocumentSigner signer() {
        return signer;
    }

    /** The verifier: the runtime's trust, certificate checks shared with the signer. */
    public SignatureVerifier verifier() {
        return verifier;
    }

    /** What the verifier trusts. */
    public Trust trust() {
        return trust;
    }

    /**
     * A verifier that trusts, besides the runtime's trust, the certificates in the given PEM files or
     * folders; for one-off verifications (the command line's {@code --trust}).
     */
    public SignatureVerifier verifierTrusting(List<Path> pemFilesOrFolders) {
        return verifierTrusting(pemFilesOrFolders, List.of());
    }

    /**
     * A verifier that trusts, besides the runtime's trust, the certificates in the given PEM files or
     * folders and the services of the given trusted lists ({@link
     * vn.signdesk.signing.verify.TrustAnchors#fromTrustedList}); for one-off verifications.
     */
    public SignatureVerifier verifierTrusting(
            List<Path> pemFilesOrFolders, List<TrustedListsCertificateSource> trustedLists) {
        return verifierTrusting(pemFilesOrFolders, trustedLists, List.of());
    }

    /**
     * A verifier that trusts, besides the runtime's trust, the certificates in the given PEM files or
     * folders, the services of the given trusted lists and the anchors of the given trust bundles
     * (whose intermediates only help build chains); for one-off verifications.
     */
    public SignatureVerifier verifierTrusting(
            List<Path> pemFilesOrFolders, List<TrustedListsCertificateSource> trustedLists, List<TrustBundle> bundles) {
        PadesSignatureVerifier.Builder b = PadesSignatureVerifier.builder()
                .clock(clock)
                .limits(DOCUMENT_LIMITS)
                .trustAnchors(trust.anchors())
                .certificateChecks(CertificateCheckSources.cached(checks));
        trust.trustedLists().forEach(b::trustedList);
        if (trust.policyFileOrNull() != null) {
            b.policy(trust.policyFileOrNull());
        }
        pemFilesOrFolders.forEach(b::trustAnchorsFromPem);
        trustedLists.forEach(b::trustedList);
        trust.bundles().forEach(b::trustBundle);
        bundles.forEach(b::trustBundle);
        return b.build();
    }

    /** Hit, miss and load counts of the certificate-check cache. */
    public CertificateChecks.Stats certificateCheckStats() {
        return checks.stats();
    }

    /** The signing profiles, in a stable order. */
    public Collection<SigningProfile> profiles() {
        return orderedProfiles;
    }

    /** The profile of that name, or an {@link InvalidRequestException} listing the known ones. */
    public SigningProfile profile(String name) {
        SigningProfile p = profiles.get(name);
        if (p == null) {
            List<String> names = new ArrayList<>();
            orderedProfiles.forEach(q -> names.add(q.name()));
            throw new InvalidRequestException(
                    "unknown signing profile '" + name + "': known are " + String.join(", ", names));
        }
        return p;
    }

    /**
     * The key of a profile, ready to sign: opened (once), and its certificate checked to be within
     * its validity and not revoked (Decree 23/2025/ND-CP, Art. 15).
     *
     * @throws vn.signdesk.signing.KeyAccessException when the key cannot be opened
     * @throws vn.signdesk.signing.SigningCertificateException when its certificate may not sign now
     */
    public SigningKey key(SigningProfile profile) {
        SigningKey key = keys.key(profile);
        signingCertificateCheck.requireUsable(key);
        return key;
    }

    /**
     * Opens a profile's key (or finds it open) without asking whether its certificate may sign: what
     * readiness reports as the profile's key being there.
     *
     * @throws vn.signdesk.signing.KeyAccessException when the key cannot be opened
     */
    public void openKey(SigningProfile profile) {
        keys.key(profile);
    }

    /**
     * The status of a profile's certificate, for readiness: opens the key if needed.
     *
     * @throws vn.signdesk.signing.KeyAccessException when the key cannot be opened
     */
    public SigningCertificateCheck.Status profileStatus(SigningProfile profile) {
        return signingCertificateCheck.status(keys.key(profile));
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
        byte[] token = timestamper.timestamp(SHA256_OID, digest);
        try {
            TimeStampToken parsed = new TimeStampToken(new CMSSignedData(token));
            if (!Arrays.equals(parsed.getTimeStampInfo().getMessageImprintDigest(), digest)) {
                throw new IllegalStateException("the timestamp token does not cover the digest asked for");
            }
        } catch (CMSException | TSPException | IOException e) {
            throw new IllegalStateException("the timestamp authority answered something that is not a token", e);
        }
    }

    /**
     * The sign options of a request: invisible, or visible with the profile's Decree 30 appearance
     * (signer name and organisation from the key's certificate unless the profile gives its own
     * lines), with the profile's reason and location.
     */
    public SignOptions options(SigningProfile profileOrNull, SigningKey key, SignatureLevel level, boolean visible) {
        String reason = profileOrNull == null ? null : profileOrNull.reasonOrNull();
        String location = profileOrNull == null ? null : profileOrNull.locationOrNull();
        SigningProfile.Look look = profileOrNull == null ? DemoRuntime.RESIDENT_LOOK : profileOrNull.look();
        if (!visible || look.kind() == SigningProfile.Appearance.NONE) {
            return withReason(SignOptions.invisible(level), reason, location);
        }
        String name = look.lines().isEmpty()
                ? CertificateNames.commonName(key.certificate())
                : look.lines().get(0);
        String organisation =
                look.lines().size() > 1 ? look.lines().get(1) : CertificateNames.organisationOrNull(key.certificate());
        SignOptions options =
                switch (look.kind()) {
                    case SEAL ->
                        SignOptions.visible(
                                level,
                                new SignatureAppearance(
                                        look.placement(),
                                        name,
                                        organisation,
                                        look.signerImagePng(),
                                        look.sealImagePng(),
                                        look.sealDiameterMm()));
                    case SIGNATURE ->
                        SignOptions.visible(level, SignatureAppearance.textOnly(look.placement(), name, organisation));
                    case COPY_STAMP ->
                        SignOptions.copyStamp(
                                level, CopyStamp.electronicCopy(organisation == null ? name : organisation));
                    case NONE -> SignOptions.invisible(level);
                };
        return withReason(options, reason, location);
    }

    private static SignOptions withReason(SignOptions o, String reasonOrNull, String locationOrNull) {
        if (reasonOrNull == null && locationOrNull == null) {
            return o;
        }
        return new SignOptions(o.level(), o.appearanceOrNull(), o.copyStampOrNull(), reasonOrNull, locationOrNull);
    }

    /** Closes the keys (logs out of tokens) and the certificate checks. */
    @Override
    public void close() {
        keys.close();
        checks.close();
    }

    @Override
    public String toString() {
        return "SigningRuntime[" + config.mode() + ", profiles=" + profiles.keySet() + "]";
    }
}
