package vn.signdesk.signing.keys;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import vn.signdesk.signing.KeyAccessException;

/**
 * Finds the slot of a token by its label, which SunPKCS11's configuration cannot do by itself.
 *
 * <p>Implementation notes: this calls C_GetSlotList and C_GetTokenInfo through the JDK's own
 * PKCS#11 wrapper ({@code sun.security.pkcs11.wrapper.PKCS11}), by reflection because the package is
 * not exported: the JVM needs {@code --add-exports
 * jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED} (or the {@code Add-Exports} manifest
 * attribute of an executable jar). The wrapper keeps one initialised instance per library path for
 * the whole JVM and SunPKCS11 takes the same instance later, so the library is initialised once,
 * with the arguments SunPKCS11 itself uses (CKF_OS_LOCKING_OK, PKCS#11 v2.40 §5.4).
 */
final class TokenLabels {

    private static final String WRAPPER = "sun.security.pkcs11.wrapper.";
    private static final long CKF_OS_LOCKING_OK = 0x2L;

    private TokenLabels() {}

    /**
     * Returns the ID of the slot holding the token with this label.
     *
     * @param name the public name of the token, for messages
     * @param library the library path, exactly as SunPKCS11 will be given it
     * @throws KeyAccessException if no token has the label, or labels cannot be read in this JVM
     */
    static long slotId(String name, String library, String tokenLabel) {
        Module cryptoki = ModuleLayer.boot().findModule("jdk.crypto.cryptoki").orElse(null);
        if (cryptoki == null || !cryptoki.isExported("sun.security.pkcs11.wrapper", TokenLabels.class.getModule())) {
            throw new KeyAccessException("cannot open token '" + name + "' by label: start Java with"
                    + " --add-exports jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED,"
                    + " or choose the token by slot ID or index");
        }
        try {
            Class<?> pkcs11 = Class.forName(WRAPPER + "PKCS11", true, ClassLoader.getSystemClassLoader());
            Class<?> initArgsType = Class.forName(WRAPPER + "CK_C_INITIALIZE_ARGS");
            Object initArgs = initArgsType.getConstructor().newInstance();
            initArgsType.getField("flags").setLong(initArgs, CKF_OS_LOCKING_OK);
            Method getInstance =
                    pkcs11.getMethod("getInstance", String.class, String.class, initArgsType, boolean.class);
            Object p11 = getInstance.invoke(null, library, "C_GetFunctionList", initArgs, false);

            long[] slots =
                    (long[]) pkcs11.getMethod("C_GetSlotList", boolean.class).invoke(p11, true);
            Method tokenInfo = pkcs11.getMethod("C_GetTokenInfo", long.class);
            for (long slot : slots) {
                Object info = tokenInfo.invoke(p11, slot);
                char[] label = (char[]) info.getClass().getField("label").get(info);
                // blank-padded to 32 bytes (PKCS#11 v2.40 §3.2)
                if (new String(label).strip().equals(tokenLabel)) {
                    return slot;
                }
            }
            throw new KeyAccessException("cannot open token '" + name + "': no token with its label is present");
        } catch (InvocationTargetException e) {
            throw new KeyAccessException("cannot open token '" + name + "': the PKCS#11 library failed", e.getCause());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new KeyAccessException(
                    "cannot open token '" + name + "' by label in this Java runtime;"
                            + " choose the token by slot ID or index",
                    e);
        }
    }
}
