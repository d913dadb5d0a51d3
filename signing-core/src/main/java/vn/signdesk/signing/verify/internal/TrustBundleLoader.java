package vn.signdesk.signing.verify.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import vn.signdesk.signing.verify.TrustBundle;

/**
 * Reads a trust bundle: a folder with a manifest {@value #MANIFEST} in {@code sha256sum} format and
 * the PEM files it lists under {@code roots/}, {@code intermediates/} and {@code unconfirmed-roots/}.
 *
 * <p>Implementation notes. The manifest is the bundle's only listing (a folder inside a jar cannot
 * be listed), so a file it does not name is never read. Every listed file must exist, hold exactly
 * one certificate and match its SHA-256, else the whole bundle is refused: a tampered or truncated
 * resource must fail loudly rather than trust less, or more, than it says. {@code roots/} hold
 * anchors and must be self-signed; {@code intermediates/} are for chain building only;
 * {@code unconfirmed-roots/} are read only when asked for, the self-signed ones then joining the
 * anchors and the others the intermediates. Manifest paths are restricted to those three folders and
 * plain file names, so a manifest cannot reach outside its bundle.
 */
public final class TrustBundleLoader {

    /** The manifest's file name, inside the bundle's folder. */
    public static final String MANIFEST = "SHA256SUMS";

    private static final Pattern LINE = Pattern.compile(
            "([0-9a-f]{64}) [ *]((roots|intermediates|unconfirmed-roots)/[A-Za-z0-9][A-Za-z0-9._-]*\\.pem)");

    private TrustBundleLoader() {}

    /** Reads one file of a bundle by its path relative to the bundle's folder. */
    @FunctionalInterface
    public interface BundleFiles {

        /** The file's bytes, or empty when there is no such file. */
        Optional<byte[]> read(String relativePath) throws IOException;
    }

    /**
     * Loads and checks a bundle.
     *
     * @throws IllegalArgumentException naming the bundle and the file, when the manifest is missing or
     *     malformed, a file is missing, differs from its SHA-256, is not one certificate, or a root is
     *     not self-signed
     */
    public static TrustBundle load(
            String name, String displayName, BundleFiles files, boolean includeUnconfirmedRoots) {
        String manifest = new String(
                read(name, files, MANIFEST)
                        .orElseThrow(() -> damaged(name, "its manifest " + MANIFEST + " is missing")),
                StandardCharsets.UTF_8);
        List<TrustBundle.Entry> anchors = new ArrayList<>();
        List<TrustBundle.Entry> intermediates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String line : manifest.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            Matcher m = LINE.matcher(line.strip());
            if (!m.matches()) {
                throw damaged(name, MANIFEST + " has a line that is not 'SHA-256  folder/file.pem': " + line.strip());
            }
            String path = m.group(2);
            String folder = m.group(3);
            if (!seen.add(path)) {
                throw damaged(name, MANIFEST + " lists " + path + " twice");
            }
            if (folder.equals("unconfirmed-roots") && !includeUnconfirmedRoots) {
                continue;
            }
            byte[] bytes = read(name, files, path).orElseThrow(() -> damaged(name, path + " is missing"));
            if (!sha256(bytes).equals(m.group(1))) {
                throw damaged(name, path + " does not match its SHA-256 in " + MANIFEST);
            }
            TrustBundle.Entry entry = entry(name, path, bytes);
            boolean selfSigned = selfSigned(entry.certificate());
            if (folder.equals("roots") && !selfSigned) {
                throw damaged(name, path + " is in roots/ but is not a self-signed certificate");
            }
            (folder.equals("intermediates") || !selfSigned ? intermediates : anchors).add(entry);
        }
        if (anchors.isEmpty()) {
            throw damaged(name, "it has no root");
        }
        return new TrustBundle(name, displayName, anchors, intermediates, includeUnconfirmedRoots);
    }

    /** Lowercase hex SHA-256 of the bytes. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the certificate names itself as issuer and its signature verifies under its own key. */
    public static boolean selfSigned(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && signedBy(c, List.of(c));
    }

    /** Whether one of the candidates, named as the certificate's issuer, made its signature. */
    public static boolean signedBy(X509Certificate c, Collection<X509Certificate> candidates) {
        for (X509Certificate issuer : candidates) {
            if (issuer.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
                try {
                    c.verify(issuer.getPublicKey());
                    return true;
                } catch (GeneralSecurityException e) {
                    // another candidate with the same name may have signed it
                }
            }
        }
        return false;
    }

    private static Optional<byte[]> read(String name, BundleFiles files, String path) {
        try {
            return files.read(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("trust bundle '" + name + "': cannot read " + path, e);
        }
    }

    private static TrustBundle.Entry entry(String name, String path, byte[] bytes) {
        Collection<? extends Certificate> certs;
        try {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
        } catch (GeneralSecurityException e) {
            throw damaged(name, path + " is not a certificate");
        }
        if (certs.size() != 1 || !(certs.iterator().next() instanceof X509Certificate c)) {
            throw damaged(name, path + " must hold exactly one X.509 certificate");
        }
        try {
            return entry(path, c);
        } catch (IllegalArgumentException e) {
            throw damaged(name, path + " is not a certificate");
        }
    }

    /**
     * A bundle's entry for a certificate: its fingerprint and the name a report shows.
     *
     * @throws IllegalArgumentException when the certificate cannot be encoded
     */
    public static TrustBundle.Entry entry(String path, X509Certificate c) {
        try {
            return new TrustBundle.Entry(path, c, sha256(c.getEncoded()), commonName(c));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("a certificate cannot be encoded", e);
        }
    }

    private static String commonName(X509Certificate c) {
        X500Name subject = X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
        RDN[] cns = subject.getRDNs(BCStyle.CN);
        if (cns.length > 0 && cns[0].getFirst().getValue() instanceof ASN1String s) {
            return s.getString();
        }
        return c.getSubjectX500Principal().getName();
    }

    private static IllegalArgumentException damaged(String name, String why) {
        return new IllegalArgumentException("trust bundle '" + name + "' is refused: " + why);
    }
}
