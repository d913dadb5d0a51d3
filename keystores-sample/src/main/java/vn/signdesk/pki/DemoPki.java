package vn.signdesk.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo and test PKI: a root CA, an issuing CA, a TSA, a delegated OCSP responder and six signers
 * (department seal, branch copy, resident RSA and EC, revoked, expired), with validity relative to
 * the clock, plus the {@link PkiResponder} that publishes their CA certificates, CRLs and OCSP.
 *
 * <p>Implementation notes. {@link #loadOrCreate} reuses a directory only when it is complete, of the
 * current format, made for the same public URL (the AIA, CRL and OCSP URLs are baked into the
 * certificates) and valid at the clock's instant; otherwise it generates everything again. It holds
 * a file lock on {@code .lock} in the directory (and a JVM-wide lock, since file locks are per
 * process) so that a service and a command line starting together do not both write. Generation
 * costs about a second on a small idle machine, almost all of it RSA key generation (see
 * {@link PkiGenerator}); loading a directory costs a tenth of that. The
 * CRL files in the directory are snapshots for offline use and are refreshed on load when they come
 * close to their nextUpdate; the responder always serves fresh ones.
 */
public final class DemoPki {

    /** The password of every PKCS#12 file of the demo PKI. */
    public static final String PASSWORD = "demo";
    /** The diameter of the seal drawn by {@link #sealImagePng()}, in millimetres. */
    public static final double SEAL_DIAMETER_MM = 40;

    /** File base name of the root CA. */
    public static final String ROOT_CA = "root-ca";
    /** File base name of the issuing CA, which issues every other certificate. */
    public static final String ISSUING_CA = "issuing-ca";
    /** File base name of the timestamping authority. */
    public static final String TSA = "tsa";
    /** File base name of the delegated OCSP responder. */
    public static final String OCSP = "ocsp";
    /** File base name of the department seal signer. */
    public static final String DEPARTMENT_SEAL = "department-seal";
    /** File base name of the branch signer that certifies copies. */
    public static final String BRANCH_COPY = "branch-copy";
    /** File base name of the resident's RSA key. */
    public static final String RESIDENT_RSA = "resident-rsa";
    /** File base name of the resident's EC P-256 key. */
    public static final String RESIDENT_EC = "resident-ec";
    /** File base name of the signer revoked an hour before the PKI was made (keyCompromise). */
    public static final String REVOKED = "revoked";
    /** File base name of the signer whose certificate expired the day before the PKI was made. */
    public static final String EXPIRED = "expired";

    /** Every identity, in generation order: the CAs, the TSA, the OCSP responder, then the signers. */
    public static final List<String> ALL_NAMES = List.of(
            ROOT_CA, ISSUING_CA, TSA, OCSP, DEPARTMENT_SEAL, BRANCH_COPY, RESIDENT_RSA, RESIDENT_EC, REVOKED, EXPIRED);
    /** The six signers, each with a PKCS#12 file. */
    public static final List<String> SIGNER_NAMES =
            List.of(DEPARTMENT_SEAL, BRANCH_COPY, RESIDENT_RSA, RESIDENT_EC, REVOKED, EXPIRED);

    /** The department whose seal the demo PKI holds, without its locality. */
    static final String DEPARTMENT = "Sở Tư pháp";
    /** The province or city of the department, whose people's committee it answers to. */
    static final String DEPARTMENT_LOCALITY = "Thành phố Hà Nội";
    /** CN and O of the department seal; its seal image reads the same name. */
    public static final String DEPARTMENT_SEAL_NAME = DEPARTMENT + " " + DEPARTMENT_LOCALITY;
    /** CN of the branch signer. */
    public static final String BRANCH_COPY_NAME = "Chi nhánh số 1 - Trung tâm Phục vụ hành chính công Hà Nội";
    /** O of the branch signer. */
    public static final String BRANCH_ORGANIZATION_NAME = "Trung tâm Phục vụ hành chính công Hà Nội";
    /** CN of both resident keys. */
    public static final String RESIDENT_NAME = "Nguyễn Thị Lấp Lánh Ánh";
    /** CN of the revoked signer. */
    public static final String REVOKED_NAME = "Demo Revoked Signer";
    /** CN of the expired signer. */
    public static final String EXPIRED_NAME = "Demo Expired Signer";

    private static final Logger LOG = LoggerFactory.getLogger(DemoPki.class);
    /** File locks are held per process; this keeps two threads of one JVM from overlapping. */
    private static final Object DIRECTORY_LOCK = new Object();

    private final PkiMaterial material;
    private final Path dirOrNull;
    private final PkiResponder responder;
    private final byte[] signaturePngOrNull;
    private final byte[] sealPngOrNull;

    private DemoPki(
            PkiMaterial material, Path dirOrNull, Clock clock, byte[] signaturePngOrNull, byte[] sealPngOrNull) {
        this.material = material;
        this.dirOrNull = dirOrNull;
        this.responder = new PkiResponder(material, clock);
        this.signaturePngOrNull = signaturePngOrNull;
        this.sealPngOrNull = sealPngOrNull;
    }

    /**
     * Loads the demo PKI in {@code dir} if it is complete, valid at {@code clock.instant()} and made for
     * the same public URL; otherwise generates a new one and writes all its files there.
     *
     * @param dir the directory, created if missing
     * @param publicUrl base of the AIA, CRL and OCSP URLs, e.g. {@code http://localhost:8080}
     * @param clock the source of "now" for validity and for the responder
     * @throws UncheckedIOException when the directory cannot be read or written
     */
    public static DemoPki loadOrCreate(Path dir, URI publicUrl, Clock clock) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(clock, "clock");
        URI url = normalize(publicUrl);
        Path directory = dir.toAbsolutePath().normalize();
        synchronized (DIRECTORY_LOCK) {
            try {
                Files.createDirectories(directory);
                try (FileChannel channel = FileChannel.open(
                                directory.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock ignored = channel.lock()) {
                    return loadOrCreateLocked(directory, url, clock);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not prepare the demo PKI directory", e);
            }
        }
    }

    private static DemoPki loadOrCreateLocked(Path dir, URI url, Clock clock) throws IOException {
        Instant now = clock.instant();
        PkiDirectory.ReadResult read = PkiDirectory.read(dir, url, now);
        if (read.materialOrNull() != null) {
            DemoPki pki =
                    new DemoPki(read.materialOrNull(), dir, clock, read.signaturePngOrNull(), read.sealPngOrNull());
            try {
                PkiDirectory.refreshCrl(dir, ROOT_CA, pki.responder, now);
                PkiDirectory.refreshCrl(dir, ISSUING_CA, pki.responder, now);
            } catch (IOException e) {
                // a read-only directory still serves: the responder makes fresh CRLs on demand
                LOG.warn("could not refresh the demo CRL files in {}: {}", dir, e.toString());
            }
            LOG.debug("loaded the demo PKI from {}", dir);
            return pki;
        }
        long start = System.nanoTime();
        PkiMaterial material = PkiGenerator.generate(url, clock);
        byte[] signature = DemoImages.signaturePng();
        byte[] seal = DemoImages.sealPng();
        DemoPki pki = new DemoPki(material, dir, clock, signature, seal);
        PkiDirectory.write(dir, material, pki.responder, signature, seal);
        LOG.info(
                "generated the demo PKI in {} for {} ({}) in {} ms",
                dir,
                url,
                read.reasonOrNull(),
                (System.nanoTime() - start) / 1_000_000);
        return pki;
    }

    /**
     * Generates a demo PKI in memory only, for tests: no files, so {@link #dirOrNull()} is null.
     *
     * @param publicUrl base of the AIA, CRL and OCSP URLs, e.g. a {@link LoopbackPkiServer#baseUrl()}
     * @param clock the source of "now" for validity and for the responder
     */
    public static DemoPki createInMemory(URI publicUrl, Clock clock) {
        Objects.requireNonNull(clock, "clock");
        return new DemoPki(PkiGenerator.generate(normalize(publicUrl), clock), null, clock, null, null);
    }

    /** The directory the PKI was loaded from or written to, or null for an in-memory PKI. */
    public Path dirOrNull() {
        return dirOrNull;
    }

    /** The directory the PKI was loaded from or written to; empty for an in-memory PKI. */
    public Optional<Path> dirOrEmpty() {
        return Optional.ofNullable(dirOrNull);
    }

    /** The PKCS#12 file of the named identity (see {@link #identity}); empty for an in-memory PKI. */
    public Optional<Path> p12File(String name) {
        identity(name);
        return dirOrEmpty().map(dir -> dir.resolve(name + ".p12"));
    }

    /** The PEM certificate file of the named identity; empty for an in-memory PKI. */
    public Optional<Path> pemFile(String name) {
        identity(name);
        return dirOrEmpty().map(dir -> dir.resolve(name + ".pem"));
    }

    /** The base of the AIA, CRL and OCSP URLs in the certificates, without a trailing slash. */
    public URI publicUrl() {
        return material.publicUrl();
    }

    /** The OCSP URL in every certificate's AIA: {@code ${publicUrl}/pki/ocsp}. */
    public URI ocspUrl() {
        return URI.create(ocspUrl(material.publicUrl()));
    }

    /** The CRL distribution point of certificates issued by the named CA: {@code ${publicUrl}/pki/crl/<ca>.crl}. */
    public URI crlUrl(String caName) {
        return URI.create(crlUrl(material.publicUrl(), caName));
    }

    /** The AIA caIssuers URL of the named CA's certificate: {@code ${publicUrl}/pki/ca/<ca>.crt}. */
    public URI caCertificateUrl(String caName) {
        return URI.create(caCertificateUrl(material.publicUrl(), caName));
    }

    /** When the PKI was generated (whole seconds); validity and the revocation are relative to it. */
    public Instant createdAt() {
        return material.createdAt();
    }

    /** When the revoked signer was revoked (an hour before {@link #createdAt()}), reason keyCompromise. */
    public Instant revocationTime() {
        return material.revocation().time();
    }

    /** The self-signed root CA certificate, the trust anchor. */
    public X509Certificate rootCa() {
        return material.identity(ROOT_CA).certificate();
    }

    /** The issuing CA certificate (issued by the root, pathLen 0). */
    public X509Certificate issuingCa() {
        return material.identity(ISSUING_CA).certificate();
    }

    /** The root CA with its key, for tests that need to mint their own certificates or CRLs. */
    public Identity rootCaIdentity() {
        return material.identity(ROOT_CA);
    }

    /** The issuing CA with its key, for tests that need to mint their own certificates. */
    public Identity issuingCaIdentity() {
        return material.identity(ISSUING_CA);
    }

    /** The timestamping authority (critical EKU id-kp-timeStamping). */
    public Identity tsa() {
        return material.identity(TSA);
    }

    /** The delegated OCSP responder (EKU id-kp-OCSPSigning, id-pkix-ocsp-nocheck). */
    public Identity ocspResponder() {
        return material.identity(OCSP);
    }

    /** The department seal: {@value #DEPARTMENT_SEAL_NAME}. */
    public Identity departmentSeal() {
        return material.identity(DEPARTMENT_SEAL);
    }

    /** The branch signer for certified copies: {@value #BRANCH_COPY_NAME}. */
    public Identity branchCopy() {
        return material.identity(BRANCH_COPY);
    }

    /** The resident's RSA-2048 key: {@value #RESIDENT_NAME}. */
    public Identity residentRsa() {
        return material.identity(RESIDENT_RSA);
    }

    /** The resident's EC P-256 key: {@value #RESIDENT_NAME}. */
    public Identity residentEc() {
        return material.identity(RESIDENT_EC);
    }

    /** A signer revoked (keyCompromise) an hour before the PKI was made; valid dates. */
    public Identity revoked() {
        return material.identity(REVOKED);
    }

    /** A signer whose certificate ended the day before the PKI was made. */
    public Identity expired() {
        return material.identity(EXPIRED);
    }

    /**
     * Returns an identity by file base name: one of {@link #ALL_NAMES}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public Identity identity(String name) {
        return material.identity(name);
    }

    /** The responder that serves this PKI's CA certificates, CRLs and OCSP. */
    public PkiResponder responder() {
        return responder;
    }

    /** A blue handwritten-looking signature, PNG on a transparent background, 600 x 240 px at 300 dpi. */
    public byte[] signatureImagePng() {
        return signaturePngOrNull != null ? signaturePngOrNull.clone() : DemoImages.signaturePng();
    }

    /** A red round official seal, PNG on a transparent background, {@value #SEAL_DIAMETER_MM} mm at 300 dpi. */
    public byte[] sealImagePng() {
        return sealPngOrNull != null ? sealPngOrNull.clone() : DemoImages.sealPng();
    }

    @Override
    public String toString() {
        return "DemoPki[" + material.publicUrl() + (dirOrNull == null ? ", in memory" : ", " + dirOrNull) + ", created "
                + material.createdAt() + "]";
    }

    static String ocspUrl(URI publicUrl) {
        return publicUrl + "/pki/ocsp";
    }

    static String crlUrl(URI publicUrl, String caName) {
        return publicUrl + "/pki/crl/" + caName + ".crl";
    }

    static String caCertificateUrl(URI publicUrl, String caName) {
        return publicUrl + "/pki/ca/" + caName + ".crt";
    }

    /** An absolute http(s) URL without query, fragment or trailing slash. */
    static URI normalize(URI publicUrl) {
        Objects.requireNonNull(publicUrl, "publicUrl");
        String scheme = publicUrl.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || publicUrl.getHost() == null
                || publicUrl.getRawQuery() != null
                || publicUrl.getRawFragment() != null) {
            throw new IllegalArgumentException(
                    "the public URL must be an absolute http(s) URL without query: " + publicUrl);
        }
        String text = publicUrl.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return URI.create(text);
    }
}
