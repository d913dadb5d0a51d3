package vn.signdesk.signing.revocation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** Writes certificates and keys as PEM files for command-line tools. */
final class Pem {

    private Pem() {}

    static Path write(Path file, X509Certificate certificate) throws IOException, GeneralSecurityException {
        return write(file, "CERTIFICATE", certificate.getEncoded());
    }

    /** The key as unencrypted PKCS#8, as openssl reads it. */
    static Path write(Path file, PrivateKey key) throws IOException {
        return write(file, "PRIVATE KEY", key.getEncoded());
    }

    private static Path write(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
        return file;
    }
}
