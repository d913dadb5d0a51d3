package vn.signdesk.api.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the channels' credentials are ({@code credentials}).
 *
 * @param apiKeysFileOrNull the API key file: salted hashes only, re-read when it changes; null in
 *     demo mode (the demo credentials)
 *     (client certificates are mapped to roles by {@code tls.clientCredentials})
 */
public record CredentialsSettings(Path apiKeysFileOrNull) {

    static final Setting<Path> API_KEYS = Setting.env(
            "credentials.apiKeysFile",
            "SIGNDESK_API_KEYS_FILE",
            null,
            Parsers::path,
            "the API key file (salted hashes; managed with `signdesk keys`)");

    /** The credentials settings, in documentation order. */
    public static final List<Setting<?>> SETTINGS = List.of(API_KEYS);

    public static CredentialsSettings read(Section root) {
        return new CredentialsSettings(root.get(API_KEYS));
    }
}
