package vn.signdesk.signing.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads trust anchors from the files an operator configures: PEM (or DER) certificate files, folders
 * of them, and PKCS#12 or JKS keystores. Failures name the file, never a password.
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
