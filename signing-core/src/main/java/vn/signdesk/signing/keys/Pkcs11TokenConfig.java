package vn.signdesk.signing.keys;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a PKCS#11 token is and how to log in to it: what {@link Pkcs11Token#open} needs.
 *
 * @param name the public name of the token for messages and logs, e.g. {@code "department-hsm"};
 *     letters, digits, {@code .}, {@code _} and {@code -} only
 * @param library the absolute path of the vendor's PKCS#11 library, e.g.
 *     {@code /usr/lib/softhsm/libsofthsm2.so}
 * @param slot which token of the library to open
 * @param pin the user PIN; read once when the token is opened, never logged or printed
 */
public record Pkcs11TokenConfig(String name, Path library, TokenSlot slot, char[] pin) {

    public Pkcs11TokenConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(slot, "slot");
        Objects.requireNonNull(pin, "pin");
        if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("token name must be 1 to 64 letters, digits, '.', '_' or '-': " + name);
        }
        if (!library.isAbsolute()) {
            // SunPKCS11 refuses relative paths, which would let the loader search for the library
            throw new IllegalArgumentException("the PKCS#11 library path must be absolute");
        }
    }

    /** Names the token and its slot; the PIN is redacted. */
    @Override
    public String toString() {
        return "Pkcs11TokenConfig[name=" + name + ", library=" + library + ", slot=" + slot + ", pin=***]";
    }
}
