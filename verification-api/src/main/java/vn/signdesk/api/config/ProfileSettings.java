package vn.signdesk.api.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.keys.TokenSlot;

/**
 * A configured signing profile ({@code profiles.NAME}): where its key is, its certificate chain,
 * its default level and appearance, and which roles may use it. Holds references to secrets,
 * never secrets.
 *
 * @param name the profile's name
 * @param key where the key is: a PKCS#11 token or a PKCS#12 file
 * @param chainFileOrNull a PEM file with the signer certificate first, then its CAs; null to take
 *     the chain from the token or file
 * @param level the level used when a request names none
 * @param appearance how a visible signature looks
 * @param reasonOrNull the signature's /Reason
 * @param locationOrNull the signature's /Location
 * @param roles the channel roles that may sign with it
 */
public record ProfileSettings(
        String name,
        KeySource key,
        Path chainFileOrNull,
        SignatureLevel level,
        AppearanceSettings appearance,
        String reasonOrNull,
        String locationOrNull,
        Set<String> roles) {

    /** Where a profile's key is. */
    public sealed interface KeySource permits Pkcs11Key, Pkcs12Key {}

    /**
     * A key in a PKCS#11 token.
     *
     * @param library the vendor library; must be on {@code pkcs11.allowedLibraries}
     * @param slot the token, by label or slot index
     * @param alias the key's label (CKA_LABEL), or its id in hex when it has no label
     * @param pin where the user PIN is
     */
    public record Pkcs11Key(Path library, TokenSlot slot, String alias, Secret pin) implements KeySource {}

    /**
     * A key in a PKCS#12 file.
     *
     * @param file the file; refused when other users can read it
     * @param password where its password is
     */
    public record Pkcs12Key(Path file, Secret password) implements KeySource {}

    static final Setting<Path> LIBRARY = Setting.of(
            "pkcs11.library",
            null,
            Parsers::file,
            "the token's PKCS#11 library (absolute path, on pkcs11.allowedLibraries)");
    static final Setting<String> TOKEN_LABEL =
            Setting.of("pkcs11.tokenLabel", null, Parsers::string, "the token's label (or pkcs11.slot)");
    static final Setting<Integer> SLOT = Setting.of(
            "pkcs11.slot",
            null,
            Parsers.wholeInt(0, 1 << 20),
            "the token's index in the library's slot list (or pkcs11.tokenLabel)");
    static final Setting<String> KEY_LABEL =
            Setting.of("pkcs11.keyLabel", null, Parsers::string, "the key's label in the token (or pkcs11.keyId)");
    static final Setting<String> KEY_ID = Setting.of(
            "pkcs11.keyId", null, ProfileSettings::hex, "the key's id in the token, in hex (or pkcs11.keyLabel)");
    static final Setting<Path> PIN_FILE =
            Setting.of("pkcs11.pinFile", null, Parsers::file, "a file holding the token's user PIN (mode 0600)");
    static final Setting<String> PIN_ENV =
            Setting.of("pkcs11.pinEnv", null, Parsers::envName, "or: the environment variable holding the PIN");
    static final Setting<Path> P12_FILE =
            Setting.of("pkcs12.file", null, Parsers::file, "a PKCS#12 key file (mode 0600)");
    static final Setting<Path> P12_PASSWORD_FILE =
            Setting.of("pkcs12.passwordFile", null, Parsers::file, "a file holding its password (mode 0600)");
    static final Setting<String> P12_PASSWORD_ENV = Setting.of(
            "pkcs12.passwordEnv", null, Parsers::envName, "or: the environment variable holding the password");
    static final Setting<Path> CHAIN_FILE = Setting.of(
            "chainFile",
            null,
            Parsers::file,
            "PEM: the signer certificate, then its CAs; default: the chain in the token or file");
    static final Setting<SignatureLevel> LEVEL = Setting.of(
            "level",
            SignatureLevel.B_LTA,
            (raw, c) -> SignatureLevel.parse(Parsers.text(raw)),
            "default level: B-B, B-T, B-LT or B-LTA");
    static final Setting<String> REASON = Setting.of("reason", null, Parsers::string, "the signature's reason");
    static final Setting<String> LOCATION = Setting.of("location", null, Parsers::string, "the signature's location");
    static final Setting<List<String>> ROLES = Setting.of(
            "roles",
            List.of(),
            Parsers.listOf(Parsers::string),
            "the channel roles that may use the profile (admin may use every profile)");

    /** The settings of a profile, in documentation order (the appearance's follow). */
    public static final List<Setting<?>> SETTINGS = settings();

    private static List<Setting<?>> settings() {
        List<Setting<?>> all = new ArrayList<>(List.of(
                LIBRARY,
                TOKEN_LABEL,
                SLOT,
                KEY_LABEL,
                KEY_ID,
                PIN_FILE,
                PIN_ENV,
                P12_FILE,
                P12_PASSWORD_FILE,
                P12_PASSWORD_ENV,
                CHAIN_FILE,
                LEVEL));
        all.addAll(AppearanceSettings.SETTINGS);
        all.addAll(List.of(REASON, LOCATION, ROLES));
        return List.copyOf(all);
    }

    /** Reads every {@code profiles.NAME} section; problems go to the sections' shared list. */
    public static Map<String, ProfileSettings> readAll(Section root, List<Path> allowedLibraries) {
        Map<String, ProfileSettings> out = new LinkedHashMap<>();
        root.named("profiles").forEach((name, s) -> {
            if (!name.matches("[a-z0-9][a-z0-9-]{0,63}")) {
                s.problem("", "a profile name is 1 to 64 lower-case letters, digits and '-'");
            }
            ProfileSettings p = read(name, s, allowedLibraries);
            s.rejectUnknown(SETTINGS, Set.of());
            if (p != null) {
                out.put(name, p);
            }
        });
        return out;
    }

    private static ProfileSettings read(String name, Section s, List<Path> allowedLibraries) {
        boolean token = s.isSet(LIBRARY) || s.isSet(TOKEN_LABEL) || s.isSet(KEY_LABEL) || s.isSet(KEY_ID);
        boolean file = s.isSet(P12_FILE);
        KeySource key = null;
        if (token == file) {
            s.problem(
                    token ? P12_FILE : LIBRARY,
                    "a profile's key is either in a PKCS#11 token (pkcs11.*) or in a" + " PKCS#12 file (pkcs12.*)"
                            + (token ? ", not both" : ": neither is given"));
        } else if (token) {
            key = pkcs11(s, allowedLibraries);
        } else {
            key = pkcs12(s);
        }
        Path chain = s.get(CHAIN_FILE);
        SignatureLevel level = s.get(LEVEL);
        AppearanceSettings appearance = AppearanceSettings.read(s);
        String reason = s.get(REASON);
        String location = s.get(LOCATION);
        List<String> roles = s.get(ROLES);
        if (roles.isEmpty()) {
            s.problem(ROLES, "missing: name the roles that may use this profile, e.g. [department]");
        }
        return key == null
                ? null
                : new ProfileSettings(name, key, chain, level, appearance, reason, location, Set.copyOf(roles));
    }

    private static KeySource pkcs11(Section s, List<Path> allowedLibraries) {
        Path library = s.get(LIBRARY);
        if (library == null && !s.isSet(LIBRARY)) {
            s.problem(LIBRARY, "missing: the token's PKCS#11 library");
        } else if (library != null && !allowedLibraries.contains(library)) {
            s.problem(
                    LIBRARY,
                    library + " is not on pkcs11.allowedLibraries (the libraries the operator allows"
                            + " this service to load)");
            library = null;
        }
        String tokenLabel = s.get(TOKEN_LABEL);
        Integer slot = s.get(SLOT);
        if ((tokenLabel == null) == (slot == null)) {
            s.problem(TOKEN_LABEL, "give exactly one of pkcs11.tokenLabel and pkcs11.slot");
        }
        String keyLabel = s.get(KEY_LABEL);
        String keyId = s.get(KEY_ID);
        if ((keyLabel == null) == (keyId == null)) {
            s.problem(KEY_LABEL, "give exactly one of pkcs11.keyLabel and pkcs11.keyId");
        }
        Secret pin = Secret.from(s, PIN_FILE, PIN_ENV, true);
        if (library == null
                || pin == null
                || (tokenLabel == null) == (slot == null)
                || (keyLabel == null) == (keyId == null)) {
            return null;
        }
        TokenSlot tokenSlot = tokenLabel != null ? TokenSlot.label(tokenLabel) : TokenSlot.index(slot);
        return new Pkcs11Key(library, tokenSlot, keyLabel != null ? keyLabel : keyId, pin);
    }

    private static KeySource pkcs12(Section s) {
        Path file = s.get(P12_FILE);
        if (file != null) {
            Secret.refuseIfOthersCanReadQuietly(s, P12_FILE, file);
        }
        Secret password = Secret.from(s, P12_PASSWORD_FILE, P12_PASSWORD_ENV, true);
        return file == null || password == null ? null : new Pkcs12Key(file, password);
    }

    private static String hex(Object raw, ParseContext c) {
        String t = Parsers.text(raw).toLowerCase(java.util.Locale.ROOT);
        if (t.matches("([0-9a-f]{2})+")) {
            return t;
        }
        throw new IllegalArgumentException("is not an even number of hex digits");
    }

    @Override
    public String toString() {
        return "ProfileSettings[" + name + ", key=" + key + ", level=" + level + ", roles=" + roles + "]";
    }
}
