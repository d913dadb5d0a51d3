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
 * @param shownDefaultOrNull the default as the documentation shows it, where the value itself would
 *     mislead (a path resolved against the directory the documentation was printed in); null to
 *     show the value
 * @param <T> the parsed type
 */
public record Setting<T>(
        String key, String envOrNull, T defaultValue, Parser<T> parser, String doc, String shownDefaultOrNull) {

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
        return new Setting<>(key, null, defaultValue, parser, doc, null);
    }

    /** A top-level setting that the environment may override. */
    public static <T> Setting<T> env(String key, String env, T defaultValue, Parser<T> parser, String doc) {
        return new Setting<>(key, env, defaultValue, parser, doc, null);
    }

    /** This setting, its default shown in the documentation as the given text. */
    public Setting<T> showingDefault(String text) {
        return new Setting<>(key, envOrNull, defaultValue, parser, doc, text);
    }

    /**
     * The default as the documentation shows it and as it is written in the file: durations in
     * seconds, choices in lower case with hyphens; empty when there is none.
     */
    public String defaultText() {
        if (shownDefaultOrNull != null) {
            return shownDefaultOrNull;
        }
        if (defaultValue == null) {
            return "";
        }
        if (defaultValue instanceof java.time.Duration d) {
            return String.valueOf(d.toSeconds());
        }
        if (defaultValue instanceof Enum<?> e) {
            return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
        return String.valueOf(defaultValue);
    }
}
