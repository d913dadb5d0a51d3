package vn.signdesk.signing.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.CipherInputStream;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import vn.signdesk.signing.internal.PdfObjectParser.Name;

/**
 * The standard security handler of ISO 32000-1 §7.6.3 (revisions 2 to 4: RC4 and AES-128) and ISO
 * 32000-2 §7.6.4.3 (revisions 5 and 6: AES-256), as far as the structure scan needs it: the file key
 * from a password, when that password opens the document, and the decryption of stream data.
 *
 * <p>Implementation notes. A reader opens an encrypted document only with a password that passes
 * the user or owner check; with any other it refuses the document before decoding a stream. So the
 * scan needs the streams' plain text exactly when {@link #openOrNull} finds the key, and otherwise
 * nothing. Passwords are tried as the user's, then as the owner's (algorithms 2, 5, 7 and 2.A, 2.B
 * of ISO 32000-2). Stream decryption is streaming ({@link CipherInputStream}); corrupt cipher text
 * ends the stream as it would end a lenient reader's.
 */
final class StandardDecryption {

    private static final byte[] PAD = {
        (byte) 0x28, (byte) 0xBF, (byte) 0x4E, (byte) 0x5E, (byte) 0x4E, (byte) 0x75, (byte) 0x8A, (byte) 0x41,
        (byte) 0x64, (byte) 0x00, (byte) 0x4E, (byte) 0x56, (byte) 0xFF, (byte) 0xFA, (byte) 0x01, (byte) 0x08,
        (byte) 0x2E, (byte) 0x2E, (byte) 0x00, (byte) 0xB6, (byte) 0xD0, (byte) 0x68, (byte) 0x3E, (byte) 0x80,
        (byte) 0x2F, (byte) 0x0C, (byte) 0xA9, (byte) 0xFE, (byte) 0x64, (byte) 0x53, (byte) 0x69, (byte) 0x7A
    };

    /** How streams are enciphered. */
    private enum Method {
        NONE,
        RC4,
        AES_128,
        AES_256
    }

    private final byte[] fileKey;
    private final Method method;
    private final boolean encryptMetadata;

    private StandardDecryption(byte[] fileKey, Method method, boolean encryptMetadata) {
        this.fileKey = fileKey;
        this.method = method;
        this.encryptMetadata = encryptMetadata;
    }

    /**
     * The decryption of a document encrypted by the standard security handler, when the password
     * (or the empty password) opens it; null when it does not, or when another handler encrypted
     * it: then no reader decodes its streams.
     *
     * @param encrypt the encryption dictionary, with its strings kept
     * @param firstId the first string of the trailer's /ID, or an empty array
     */
    static StandardDecryption openOrNull(Map<?, ?> encrypt, byte[] firstId, char[] passwordOrNull) {
        if (!(encrypt.get("Filter") instanceof Name filter) || !filter.value().equals("Standard")) {
            return null;
        }
        int revision = integer(encrypt.get("R"), 0);
        int version = integer(encrypt.get("V"), 0);
        boolean metadata = !(encrypt.get("EncryptMetadata") instanceof PdfObjectParser.Keyword k)
                || !k.text().equals("false");
        Method method = method(encrypt, version);
        String password = passwordOrNull == null ? "" : new String(passwordOrNull);
        try {
            byte[] key = revision >= 5
                    ? aes256Key(encrypt, revision, password)
                    : rc4Key(encrypt, revision, version, firstId, metadata, password);
            return key == null ? null : new StandardDecryption(key, method, metadata);
        } catch (GeneralSecurityException | RuntimeException malformed) {
            // an encryption dictionary no reader can use: no reader decodes the streams either
            return null;
        }
    }

    /** Whether a stream of this type is enciphered (metadata may be left in the clear). */
    boolean encrypts(String typeOrNull) {
        return method != Method.NONE && (encryptMetadata || !"Metadata".equals(typeOrNull));
    }

    /** The plain text of object {@code number}'s stream data; corrupt cipher text ends it. */
    InputStream decrypt(long number, long generation, InputStream data) {
        try {
            return switch (method) {
                case NONE -> data;
                case RC4 -> cipher(data, "ARCFOUR", objectKey(number, generation, false), null);
                case AES_128 -> cipher(data, "AES/CBC/NoPadding", objectKey(number, generation, true), data);
                case AES_256 -> cipher(data, "AES/CBC/NoPadding", fileKey, data);
            };
        } catch (GeneralSecurityException | IOException e) {
            return InputStream.nullInputStream();
        }
    }

    private static InputStream cipher(InputStream data, String transformation, byte[] key, InputStream ivSource)
            throws GeneralSecurityException, IOException {
        Cipher cipher = Cipher.getInstance(transformation);
        String algorithm = transformation.startsWith("AES") ? "AES" : "ARCFOUR";
        if (ivSource != null) {
            byte[] iv = ivSource.readNBytes(16);
            if (iv.length < 16) {
                return InputStream.nullInputStream();
            }
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, algorithm), new IvParameterSpec(iv));
        } else {
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, algorithm));
        }
        return new Lenient(new CipherInputStream(data, cipher));
    }

    /** Algorithm 1: the key of one object, from the file key, its number and generation. */
    private byte[] objectKey(long number, long generation, boolean aes) throws GeneralSecurityException {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(fileKey);
        md5.update(new byte[] {
            (byte) number, (byte) (number >> 8), (byte) (number >> 16), (byte) generation, (byte) (generation >> 8)
        });
        if (aes) {
            md5.update(new byte[] {0x73, 0x41, 0x6C, 0x54});
        }
        return Arrays.copyOf(md5.digest(), Math.min(fileKey.length + 5, 16));
    }

    private static Method method(Map<?, ?> encrypt, int version) {
        if (version < 4) {
            return Method.RC4;
        }
        Object streamFilter = encrypt.get("StmF");
        if (!(streamFilter instanceof Name name) || name.value().equals("Identity")) {
            return Method.NONE;
        }
        if (encrypt.get("CF") instanceof Map<?, ?> filters
                && filters.get(name.value()) instanceof Map<?, ?> filter
                && filter.get("CFM") instanceof Name cfm) {
            return switch (cfm.value()) {
                case "V2" -> Method.RC4;
                case "AESV2" -> Method.AES_128;
                case "AESV3" -> Method.AES_256;
                default -> Method.NONE;
            };
        }
        return Method.NONE;
    }

    // ---- revisions 2 to 4 ----

    private static byte[] rc4Key(
            Map<?, ?> encrypt, int revision, int version, byte[] firstId, boolean metadata, String password)
            throws GeneralSecurityException {
        byte[] owner = bytes(encrypt.get("O"));
        byte[] user = bytes(encrypt.get("U"));
        int length = revision == 2 ? 5 : version == 4 ? 16 : integer(encrypt.get("Length"), 40) / 8;
        if (owner.length < 32 || user.length < 16 || length < 5 || length > 16) {
            return null;
        }
        int permissions = integer(encrypt.get("P"), 0);
        byte[] padded = padded(password.getBytes(StandardCharsets.ISO_8859_1));
        byte[] key = fileKey(padded, owner, permissions, firstId, revision, metadata, length);
        if (userPasswordOpens(key, user, firstId, revision)) {
            return key;
        }
        byte[] userPassword = userPasswordFromOwner(padded, owner, revision, length);
        key = fileKey(userPassword, owner, permissions, firstId, revision, metadata, length);
        return userPasswordOpens(key, user, firstId, revision) ? key : null;
    }

    /** Algorithm 2. */
    private static byte[] fileKey(
            byte[] padded, byte[] owner, int permissions, byte[] firstId, int revision, boolean metadata, int length)
            throws GeneralSecurityException {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(padded);
        md5.update(owner, 0, 32);
        md5.update(new byte[] {
            (byte) permissions, (byte) (permissions >> 8), (byte) (permissions >> 16), (byte) (permissions >> 24)
        });
        md5.update(firstId);
        if (revision >= 4 && !metadata) {
            md5.update(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        }
        byte[] hash = md5.digest();
        if (revision >= 3) {
            for (int i = 0; i < 50; i++) {
                md5.update(hash, 0, length);
                hash = md5.digest();
            }
        }
        return Arrays.copyOf(hash, length);
    }

    /** Algorithms 4 and 5: whether the key reproduces the /U entry. */
    private static boolean userPasswordOpens(byte[] key, byte[] user, byte[] firstId, int revision)
            throws GeneralSecurityException {
        if (revision == 2) {
            return Arrays.equals(rc4(key, PAD), Arrays.copyOf(user, 32));
        }
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        md5.update(PAD);
        md5.update(firstId);
        byte[] x = rc4(key, md5.digest());
        for (int i = 1; i <= 19; i++) {
            x = rc4(xor(key, i), x);
        }
        return Arrays.equals(x, Arrays.copyOf(user, 16));
    }

    /** Algorithm 7: the padded user password that the owner password enciphered into /O. */
    private static byte[] userPasswordFromOwner(byte[] paddedOwner, byte[] owner, int revision, int length)
            throws GeneralSecurityException {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        byte[] hash = md5.digest(paddedOwner);
        if (revision >= 3) {
            for (int i = 0; i < 50; i++) {
                hash = md5.digest(hash);
            }
        }
        byte[] key = Arrays.copyOf(hash, revision == 2 ? 5 : length);
        byte[] x = Arrays.copyOf(owner, 32);
        if (revision == 2) {
            return rc4(key, x);
        }
        for (int i = 19; i >= 0; i--) {
            x = rc4(xor(key, i), x);
        }
        return x;
    }

    private static byte[] padded(byte[] password) {
        byte[] out = new byte[32];
        int n = Math.min(32, password.length);
        System.arraycopy(password, 0, out, 0, n);
        System.arraycopy(PAD, 0, out, n, 32 - n);
        return out;
    }

    private static byte[] xor(byte[] key, int value) {
        byte[] out = key.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] ^= (byte) value;
        }
        return out;
    }

    private static byte[] rc4(byte[] key, byte[] data) throws GeneralSecurityException {
        Cipher rc4 = Cipher.getInstance("ARCFOUR");
        rc4.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
        return rc4.doFinal(data);
    }

    // ---- revisions 5 and 6 ----

    /** Algorithm 2.A: the file key, from /UE with the user password or /OE with the owner's. */
    private static byte[] aes256Key(Map<?, ?> encrypt, int revision, String password) throws GeneralSecurityException {
        byte[] owner = bytes(encrypt.get("O"));
        byte[] user = bytes(encrypt.get("U"));
        byte[] ownerKey = bytes(encrypt.get("OE"));
        byte[] userKey = bytes(encrypt.get("UE"));
        if (owner.length < 48 || user.length < 48 || ownerKey.length < 32 || userKey.length < 32) {
            return null;
        }
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        pw = Arrays.copyOf(pw, Math.min(pw.length, 127));
        byte[] user48 = Arrays.copyOf(user, 48);
        if (Arrays.equals(hash(revision, pw, slice(user, 32, 40), new byte[0]), Arrays.copyOf(user, 32))) {
            return aes256NoIv(hash(revision, pw, slice(user, 40, 48), new byte[0]), userKey);
        }
        if (Arrays.equals(hash(revision, pw, slice(owner, 32, 40), user48), Arrays.copyOf(owner, 32))) {
            return aes256NoIv(hash(revision, pw, slice(owner, 40, 48), user48), ownerKey);
        }
        return null;
    }

    /** SHA-256 for revision 5, algorithm 2.B for revision 6. */
    private static byte[] hash(int revision, byte[] password, byte[] salt, byte[] userData)
            throws GeneralSecurityException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(password);
        sha256.update(salt);
        sha256.update(userData);
        byte[] k = sha256.digest();
        if (revision == 5) {
            return k;
        }
        byte[] e = null;
        for (int round = 0; round < 64 || (e[e.length - 1] & 0xff) > round - 32; round++) {
            int unit = password.length + k.length + userData.length;
            byte[] k1 = new byte[unit * 64];
            for (int i = 0; i < 64; i++) {
                System.arraycopy(password, 0, k1, i * unit, password.length);
                System.arraycopy(k, 0, k1, i * unit + password.length, k.length);
                System.arraycopy(userData, 0, k1, i * unit + password.length + k.length, userData.length);
            }
            Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
            aes.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(Arrays.copyOf(k, 16), "AES"),
                    new IvParameterSpec(slice(k, 16, 32)));
            e = aes.doFinal(k1);
            int sum = 0;
            for (int i = 0; i < 16; i++) {
                sum += e[i] & 0xff;
            }
            String digest =
                    switch (sum % 3) {
                        case 0 -> "SHA-256";
                        case 1 -> "SHA-384";
                        default -> "SHA-512";
                    };
            k = MessageDigest.getInstance(digest).digest(e);
        }
        return Arrays.copyOf(k, 32);
    }

    private static byte[] aes256NoIv(byte[] key, byte[] encrypted) throws GeneralSecurityException {
        Cipher aes = Cipher.getInstance("AES/CBC/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        return aes.doFinal(encrypted, 0, 32);
    }

    private static byte[] slice(byte[] b, int from, int to) {
        return Arrays.copyOfRange(b, from, to);
    }

    private static byte[] bytes(Object o) {
        return o instanceof byte[] b ? b : new byte[0];
    }

    private static int integer(Object o, int orElse) {
        return o instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE ? (int) (long) l : orElse;
    }

    /** Ends the stream where the cipher text is corrupt, instead of failing. */
    private static final class Lenient extends FilterInputStream {
        Lenient(InputStream in) {
            super(in);
        }

        @Override
        public int read() {
            try {
                return super.read();
            } catch (IOException e) {
                return -1;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                return -1;
            }
        }
    }
}
