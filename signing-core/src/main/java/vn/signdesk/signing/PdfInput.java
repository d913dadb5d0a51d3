package vn.signdesk.signing;

import java.util.Arrays;
import java.util.Objects;

/**
 * A PDF as received, with the password that opens it when it is encrypted.
 *
 * @param bytes the whole file; not copied, the caller must not change it afterwards
 * @param passwordOrNull the user or owner password, or null when none was given
 */
public record PdfInput(byte[] bytes, char[] passwordOrNull) {

    public PdfInput {
        Objects.requireNonNull(bytes, "bytes");
    }

    /** A PDF without password. */
    public static PdfInput of(byte[] bytes) {
        return new PdfInput(bytes, null);
    }

    /** A PDF opened with the given password. */
    public static PdfInput withPassword(byte[] bytes, String password) {
        return new PdfInput(bytes, password == null ? null : password.toCharArray());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PdfInput other
                && Arrays.equals(bytes, other.bytes)
                && Arrays.equals(passwordOrNull, other.passwordOrNull);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "PdfInput[" + bytes.length + " bytes" + (passwordOrNull == null ? "" : ", password ***") + "]";
    }
}
