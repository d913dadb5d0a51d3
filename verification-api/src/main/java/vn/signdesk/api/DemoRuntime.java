package vn.signdesk.api;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import vn.signdesk.api.store.SharedSecrets;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.pki.PkiResponder;
import vn.signdesk.signing.LocalResponder;
import vn.signdesk.signing.PadesDocumentSigner;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.SigningKey;
import vn.signdesk.signing.appearance.Placement;
import vn.signdesk.signing.keys.Pkcs12Keys;
import vn.signdesk.signing.revocation.CertificateCheckConfig;
import vn.signdesk.signing.revocation.CertificateChecks;
import vn.signdesk.signing.tsa.EmbeddedTimestampAuthority;

/**
 * The demo composition root: the demo PKI generated (or loaded) under {@code DATA_DIR/pki}, its
 * embedded TSA, its OCSP/CRL/AIA responder answered in-process (so the command line works without a
 * running service), its three profiles with the demo PKCS#12 keys, and the demo root as the only
 * trust anchor (plus {@code trust.*} when configured).
 */
final class DemoRuntime {

    /** The policy OID of the embedded TSA's tokens (a private arc of the demo PKI). */
    static final String TSA_POLICY_OID = "1.3.6.1.4.1.55555.1.1";

    /** The demo profiles' names, in order. */
    static final List<String> PROFILE_NAMES = List.of("department-seal", "branch-copy", "resident-demo");

    /** Lower right of page 1, where an A4 or Letter page has room for a 40 mm seal and the text below. */
    static final Placement VISIBLE_PLACEMENT = Placement.onPageMm(1, 100, 200, 100, 62);

    /** The look of a signature made with a key that belongs to no profile (the command line's --p12). */
    static final SigningProfile.Look RESIDENT_LOOK =
            SigningProfile.Look.of(SigningProfile.Appearance.SIGNATURE, VISIBLE_PLACEMENT);

    /** Profile name to the demo PKCS#12 file (without .p12) it signs with. */
    private static final Map<String, String> KEY_FILES = Map.of(
            "department-seal", "department-seal",
            "branch-copy", "branch-copy",
            "resident-demo", "resident-rsa");

    private DemoRuntime() {}

    /** Builds the demo runtime; refuses production mode. */
    static SigningRuntime build(SignDeskConfig config, Clock clock, SharedSecrets secrets) {
        if (config.mode() != SignDeskConfig.Mode.DEMO) {
            throw new IllegalArgumentException("mode (SIGNDESK_MODE): production never uses the demo PKI");
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
        SigningRuntime.Trust trust = ConfiguredTrust.load(config.trust(), List.of(pki.rootCa()), System.getenv());
        PadesDocumentSigner signer = PadesDocumentSigner.builder()
                .clock(clock)
                .limits(SigningRuntime.DOCUMENT_LIMITS)
                .timestamper(tsa)
                .trustAnchors(List.of(pki.rootCa()))
                .certificateChecks(checks)
                .tokenKey(TwoStepTokenKey.of(secrets))
                .build();
        return new SigningRuntime(new SigningRuntime.Parts(
                config,
                profiles(pki),
                new DemoKeys(config.pkiDir()),
                signer,
                tsa,
                List.of(pki.tsa().certificate()),
                checks,
                trust,
                clock,
                pki,
                tsa));
    }

    private static Map<String, SigningProfile> profiles(DemoPki pki) {
        SigningProfile.Look seal = new SigningProfile.Look(
                SigningProfile.Appearance.SEAL,
                Optional.of(pki.signatureImagePng()),
                Optional.of(pki.sealImagePng()),
                DemoPki.SEAL_DIAMETER_MM,
                List.of(),
                VISIBLE_PLACEMENT);
        Map<String, SigningProfile> m = new LinkedHashMap<>();
        m.put(
                "department-seal",
                new SigningProfile("department-seal", SignatureLevel.B_LTA, seal, null, null, Set.of("department")));
        m.put(
                "branch-copy",
                new SigningProfile(
                        "branch-copy",
                        SignatureLevel.B_LTA,
                        SigningProfile.Look.of(SigningProfile.Appearance.COPY_STAMP, VISIBLE_PLACEMENT),
                        null,
                        null,
                        Set.of("branch")));
        m.put(
                "resident-demo",
                new SigningProfile("resident-demo", SignatureLevel.B_T, RESIDENT_LOOK, null, null, Set.of("resident")));
        return m;
    }

    /** The demo keys: PKCS#12 files of the demo PKI with the demo password, opened on first use. */
    private static final class DemoKeys implements ProfileKeys {
        private final Path pkiDir;
        private final Map<String, SigningKey> open = new ConcurrentHashMap<>();

        DemoKeys(Path pkiDir) {
            this.pkiDir = pkiDir;
        }

        @Override
        public SigningKey key(SigningProfile profile) {
            return open.computeIfAbsent(
                    profile.name(),
                    n -> Pkcs12Keys.open(
                            pkiDir.resolve(KEY_FILES.get(n) + ".p12"), DemoPki.PASSWORD.toCharArray(), null, n));
        }

        @Override
        public void close() {
            open.clear();
        }
    }
}
