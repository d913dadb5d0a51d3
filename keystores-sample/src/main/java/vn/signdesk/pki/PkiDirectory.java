package vn.signdesk.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Reads and writes a demo PKI directory (the file layout is listed in the module's README).
 *
 * <p>Implementation notes. The PKCS#12 files are the source of truth for keys and certificates; the
 * PEM files are exports for tools such as openssl; {@code pki.properties} holds what no certificate
 * carries (format, public URL, creation time, the revocation). A write goes to a scratch directory
 * first and then moves file by file, {@code pki.properties} last and removed first, so a directory
 * interrupted half-way is seen as incomplete and regenerated. Reading returns a reason instead of
 * throwing, because any defect simply means "generate again".
 */
final class PkiDirectory {

    static final String PROPERTIES = "pki.properties";
    static final String SIGNATURE_PNG = "signature.png";
    static final String SEAL_PNG = "seal.png";
    static final String TSA_CHAIN_PEM = "tsa-chain.pem";
    /**
     * Bumped whenever the layout, the certificate profiles or the images change, so old directories
     * regenerate (2: the seal bears the department's name in real lettering).
     */
    static final String FORMAT = "2";

    private PkiDirectory() {}

    /** The outcome of reading a directory: the material, or why it cannot be used. */
    record ReadResult(
            PkiMaterial materialOrNull, byte[] signaturePngOrNull, byte[] sealPngOrNull, String reasonOrNull) {

        static ReadResult unusable(String reason) {
            return new ReadResult(null, null, null, reason);
        }
    }

    /** Every file written, in the order they are moved into place (pki.properties last). */
    static List<String> fileNames() {
        List<String> names = new ArrayList<>();
        for (String name : DemoPki.ALL_NAMES) {
            names.add(name + ".p12");
            names.add(name + ".pem");
        }
        names.add(TSA_CHAIN_PEM);
        names.add(DemoPki.ROOT_CA + ".crl");
        names.add(DemoPki.ISSUING_CA + ".crl");
        names.add(SIGNATURE_PNG);
        names.add(SEAL_PNG);
        names.add(PROPERTIES);
        return names;
    }

    static ReadResult read(Path dir, URI publicUrl, Instant now) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve(PROPERTIES))) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            return ReadResult.unusable("no " + PROPERTIES);
        } catch (IOException | IllegalArgumentException e) {
            return ReadResult.unusable(PROPERTIES + " is unreadable");
        }
        if (!FORMAT.equals(properties.getProperty("format"))) {
            return ReadResult.unusable("an older format");
        }
        if (!publicUrl.toString().equals(properties.getProperty("publicUrl"))) {
            return ReadResult.unusable("made for another public URL");
        }
        try {
            Instant createdAt = Instant.parse(properties.getProperty("createdAt", ""));
            PkiMaterial.Revocation revocation = new PkiMaterial.Revocation(
                    new BigInteger(properties.getProperty("revoked.serial", ""), 16),
                    Instant.parse(properties.getProperty("revoked.time", "")),
                    Integer.parseInt(properties.getProperty("revoked.reasonCode", "")));
            Map<String, Identity> identities = new LinkedHashMap<>();
            for (String name : DemoPki.ALL_NAMES) {
                identities.put(name, readPkcs12(dir.resolve(name + ".p12"), name));
            }
            for (String name : fileNames()) {
                if (!Files.isRegularFile(dir.resolve(name))) {
                    return ReadResult.unusable("no " + name);
                }
            }
            PkiMaterial material = new PkiMaterial(publicUrl, createdAt, identities, revocation);
            String defect = defectOrNull(material, now);
            if (defect != null) {
                return ReadResult.unusable(defect);
            }
            return new ReadResult(
                    material,
                    Files.readAllBytes(dir.resolve(SIGNATURE_PNG)),
                    Files.readAllBytes(dir.resolve(SEAL_PNG)),
                    null);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return ReadResult.unusable("unreadable (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Checks the chains hang together and every certificate is where it should be in time. */
    private static String defectOrNull(PkiMaterial material, Instant now) throws GeneralSecurityException {
        X509Certificate root = material.identity(DemoPki.ROOT_CA).certificate();
        X509Certificate issuing = material.identity(DemoPki.ISSUING_CA).certificate();
        for (Identity identity : material.identities().values()) {
            List<X509Certificate> chain = identity.chain();
            if (!chain.get(chain.size() - 1).equals(root)) {
                return identity.name() + " does not chain to the root";
            }
            if (chain.size() == 3 && !chain.get(1).equals(issuing)) {
                return identity.name() + " does not chain to the issuing CA";
            }
            X509Certificate cert = identity.certificate();
            boolean expected = identity.name().equals(DemoPki.EXPIRED);
            boolean expired = !cert.getNotAfter().toInstant().isAfter(now);
            boolean notYetValid = cert.getNotBefore().toInstant().isAfter(now);
            if (notYetValid || expired != expected) {
                return identity.name() + (expected ? " is no longer an expired certificate" : " is not valid now");
            }
        }
        if (!material.identity(DemoPki.REVOKED)
                .certificate()
                .getSerialNumber()
                .equals(material.revocation().serial())) {
            return "the revocation names another certificate";
        }
        return null;
    }

    private static Identity readPkcs12(Path file, String alias) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        char[] password = DemoPki.PASSWORD.toCharArray();
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password);
        }
        Key key = store.getKey(alias, password);
        java.security.cert.Certificate[] chain = store.getCertificateChain(alias);
        if (!(key instanceof PrivateKey privateKey) || chain == null) {
            throw new GeneralSecurityException("no key entry");
        }
        List<X509Certificate> certs = new ArrayList<>(chain.length);
        for (java.security.cert.Certificate cert : chain) {
            certs.add((X509Certificate) cert);
        }
        return new Identity(alias, privateKey, certs);
    }

    /** Writes every file of the material into {@code dir}, replacing what was there. */
    static void write(Path dir, PkiMaterial material, PkiResponder responder, byte[] signaturePng, byte[] sealPng)
            throws IOException {
        Files.createDirectories(dir);
        Path scratch = Files.createTempDirectory(dir, ".generating-");
        try {
            char[] password = DemoPki.PASSWORD.toCharArray();
            for (Identity identity : material.identities().values()) {
                Files.write(scratch.resolve(identity.name() + ".p12"), identity.toPkcs12(password));
                Files.writeString(
                        scratch.resolve(identity.name() + ".pem"),
                        pem(List.of(identity.certificate())),
                        StandardCharsets.US_ASCII);
            }
            Files.writeString(
                    scratch.resolve(TSA_CHAIN_PEM),
                    pem(material.identity(DemoPki.TSA).chain()),
                    StandardCharsets.US_ASCII);
            for (String ca : List.of(DemoPki.ROOT_CA, DemoPki.ISSUING_CA)) {
                Files.write(scratch.resolve(ca + ".crl"), responder.crl(ca).orElseThrow());
            }
            Files.write(scratch.resolve(SIGNATURE_PNG), signaturePng);
            Files.write(scratch.resolve(SEAL_PNG), sealPng);
            Files.writeString(scratch.resolve(PROPERTIES), properties(material), StandardCharsets.ISO_8859_1);

            Files.deleteIfExists(dir.resolve(PROPERTIES));
            for (String name : fileNames()) {
                move(scratch.resolve(name), dir.resolve(name));
            }
        } finally {
            deleteRecursively(scratch);
        }
    }

    /** Rewrites a CA's CRL file when it is missing, unreadable or close to its nextUpdate. */
    static void refreshCrl(Path dir, String ca, PkiResponder responder, Instant now) throws IOException {
        Path file = dir.resolve(ca + ".crl");
        try {
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509")
                    .generateCRL(new ByteArrayInputStream(Files.readAllBytes(file)));
            if (crl.getNextUpdate() != null
                    && crl.getNextUpdate().toInstant().isAfter(now.plusSeconds(3600))
                    && !crl.getThisUpdate().toInstant().isAfter(now)) {
                return;
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // rewritten below
        }
        Path scratch = Files.createTempFile(dir, ".crl-", ".tmp");
        try {
            Files.write(scratch, responder.crl(ca).orElseThrow());
            move(scratch, file);
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    private static String properties(PkiMaterial material) {
        Properties properties = new Properties();
        properties.setProperty("format", FORMAT);
        properties.setProperty("publicUrl", material.publicUrl().toString());
        properties.setProperty("createdAt", material.createdAt().toString());
        properties.setProperty("revoked.serial", material.revocation().serial().toString(16));
        properties.setProperty("revoked.time", material.revocation().time().toString());
        properties.setProperty(
                "revoked.reasonCode", Integer.toString(material.revocation().reasonCode()));
        StringWriter out = new StringWriter();
        try {
            properties.store(out, "SignDesk demo PKI: generated, never edit by hand");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static String pem(List<X509Certificate> certs) {
        StringBuilder out = new StringBuilder();
        Base64.Encoder encoder = Base64.getMimeEncoder(64, new byte[] {'\n'});
        for (X509Certificate cert : certs) {
            try {
                out.append("-----BEGIN CERTIFICATE-----\n")
                        .append(encoder.encodeToString(cert.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("could not encode a certificate", e);
            }
        }
        return out.toString();
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
