package vn.signdesk.api.config;

import java.util.Objects;

/**
 * One setting, declared once: its key in the YAML file (relative to its section), its environment
 * variable (top-level settings only), its default, how its text is parsed and what it means. The
 * reader, the defaults, the error messages and the documentation ({@link SettingsDoc}) all come from
 * these declarations, so they cannot drift apart.
 *
 * @param key the key within its section, e.g. {@code http.port} or, in a profile, {@code pkcs11.library}
 * @param envOrNull the environment variable that overrides the file, or null for none
 * @param defaultValue the value when neither sets it; null for "unset"
 * @param parser turns the raw YAML value (a string, number, boolean or list) into the value
 * @param doc one line for the documentation: what the setting means and its accepted values
 * @param <T> the parsed type
 */
public record Setting<T>(String key, String envOrNull, T defaultValue, Parser<T> parser, String doc) {

    /** Parses a raw value, or throws {@link IllegalArgumentException} whose message completes "'value' ...". */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(Object raw, ParseContext context);
    }

    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(doc, "doc");
    }

    /** A setting of a section, with no environment variable. */
    public static <T> Setting<T> of(String key, T defaultValue, Parser<T> parser, String doc) {
        return new Setting<>(key, null, defaultValue, parser, doc);
    }

    /** A top-level setting that the environment may override. */
    public static <T> Setting<T> env(String key, String env, T defaultValue, Parser<T> parser, String doc) {
        return new Setting<>(key, env, defaultValue, parser, doc);
    }

    /** The default as the documentation shows it. */
    public String defaultText() {
        return defaultValue == null ? "" : String.valueOf(defaultValue);
    }
}
