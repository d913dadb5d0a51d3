package vn.signdesk.signing.verify;

import eu.europa.esig.dss.spi.tsl.TrustedListsCertificateSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import vn.signdesk.signing.verify.internal.TrustedListLoader;

/**
 * Loads trust anchors from the files an operator configures: PEM (or DER) certificate files, folders
 * of them, PKCS#12 or JKS keystores, and ETSI TS 119 612 trusted lists or lists of trusted lists
 * read from local files. Failures name the file, never a password.
 */
public final class TrustAnchors {

    private TrustAnchors() {}

    /**
     * Every certificate in a PEM or DER file, or in the {@code .pem}, {@code .crt}, {@code .cer} and
     * {@code .der} files directly inside a folder (sorted by name, so the order is stable).
     */
    public static List<X509Certificate> fromPem(Path fileOrFolder) {
        List<X509Certificate> out = new ArrayList<>();
        if (Files.isDirectory(fileOrFolder)) {
            try (Stream<Path> files = Files.list(fileOrFolder)) {
                for (Path f :
                        files.filter(TrustAnchors::isCertificateFile).sorted().toList()) {
                    out.addAll(readCertificates(f));
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot list the trust anchor folder " + fileOrFolder, e);
            }
        } else {
            out.addAll(readCertificates(fileOrFolder));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no certificate found in " + fileOrFolder);
        }
        return out;
    }

    /**
     * Every certificate of a PKCS#12 or JKS keystore: trusted-certificate entries and the chains of
     * key entries. The type is detected from the content.
     */
    public static List<X509Certificate> fromKeyStore(Path file, char[] passwordOrNull) {
        try {
            KeyStore ks = KeyStore.getInstance(file.toFile(), passwordOrNull);
            List<X509Certificate> out = new ArrayList<>();
            for (String alias : Collections.list(ks.aliases())) {
                Certificate[] chain = ks.getCertificateChain(alias);
                if (chain != null) {
                    for (Certificate c : chain) {
                        if (c instanceof X509Certificate x && !out.contains(x)) {
                            out.add(x);
                        }
                    }
                } else if (ks.getCertificate(alias) instanceof X509Certificate x && !out.contains(x)) {
                    out.add(x);
                }
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no certificate found in the keystore " + file);
            }
            return out;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the keystore " + file + " (wrong password or format?)", e);
        }
    }

    /**
     * The trust services of an ETSI TS 119 612 trusted list read from a local file, offline. The
     * list's XAdES signature must be valid under one of the given certificates and its NextUpdate
     * still ahead, else the list is refused with an {@link IllegalArgumentException} that says why.
     * A service's certificates are trust anchors only while its status is granted (or an equivalent
     * status, see {@link TrustedListLoader}); give the result to
     * {@link PadesSignatureVerifier.Builder#trustedList}.
     *
     * @param tlSigningCertificates the certificates the list's operator signs it with (from the
     *     LOTL's pointer to it, or published by the operator)
     */
    public static TrustedListsCertificateSource fromTrustedList(
            Path tlXml, List<X509Certificate> tlSigningCertificates) {
        return TrustedListLoader.trustedList(tlXml, tlSigningCertificates, Clock.systemUTC());
    }

    /**
     * The trust services of every trusted list a list of trusted lists (the EU LOTL or one like it)
     * points to, all read from local files, offline. The LOTL must be validly signed under one of the
     * given certificates and not expired, else it is refused; each TL's signature is checked against
     * the certificates the LOTL gives for it, and a TL without a local copy, with an invalid signature
     * or expired is left out with a warning in the log. At least one TL must be usable.
     *
     * @param localCopies each TL's URL, exactly as the LOTL's TSLLocation gives it, to its local file
     * @param lotlSigningCertificates the certificates the LOTL is signed with (for the EU LOTL, those
     *     announced in the Official Journal)
     */
    public static TrustedListsCertificateSource fromListOfTrustedLists(
            Path lotlXml, Map<String, Path> localCopies, List<X509Certificate> lotlSigningCertificates) {
        return TrustedListLoader.listOfTrustedLists(lotlXml, localCopies, lotlSigningCertificates, Clock.systemUTC());
    }

    /** Whether the file is an ETSI TS 119 612 trusted list or list of trusted lists (by its content). */
    public static boolean isTrustedList(Path file) {
        return TrustedListLoader.isTrustedList(file);
    }

    /** Whether the file is a list of trusted lists (its TSLType names one), such as the EU LOTL. */
    public static boolean isListOfTrustedLists(Path file) {
        return TrustedListLoader.isListOfTrustedLists(file);
    }

    private static boolean isCertificateFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return Files.isRegularFile(p)
                && (n.endsWith(".pem") || n.endsWith(".crt") || n.endsWith(".cer") || n.endsWith(".der"));
    }

    private static List<X509Certificate> readCertificates(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read certificates from " + file, e);
        }
    }
}
