package vn.signdesk.api.config;

import java.util.List;
import vn.signdesk.api.SignDeskConfig;

/**
 * The documentation of every setting, generated from the declarations: what {@code signdesk config
 * keys} prints and what the README's settings table must match (a test compares them).
 */
public final class SettingsDoc {

    private SettingsDoc() {}

    /** Every setting as Markdown tables: the top level, then the sections of profiles and lists. */
    public static String markdown() {
        StringBuilder b = new StringBuilder();
        table(b, "Settings (YAML key, environment variable, default)", "", SignDeskConfig.SETTINGS);
        table(b, "Each signing profile, under profiles.NAME", "profiles.NAME.", ProfileSettings.SETTINGS);
        table(
                b,
                "Each timestamp authority, an entry of timestamping.authorities",
                "timestamping.authorities[].",
                TimestampingSettings.AUTHORITY_SETTINGS);
        table(b, "Each entry of trust.keyStores", "trust.keyStores[].", TrustSettings.KEY_STORE_SETTINGS);
        table(b, "Each entry of trust.trustedLists", "trust.trustedLists[].", TrustSettings.TRUSTED_LIST_SETTINGS);
        return b.toString();
    }

    private static void table(StringBuilder b, String title, String prefix, List<Setting<?>> settings) {
        b.append(title).append(":\n\n| setting | variable | default | meaning |\n|---|---|---|---|\n");
        for (Setting<?> s : settings) {
            b.append("| `")
                    .append(prefix)
                    .append(s.key())
                    .append("` | ")
                    .append(s.envOrNull() == null ? "" : "`" + s.envOrNull() + "`")
                    .append(" | ")
                    .append(s.defaultText().isEmpty() ? "" : "`" + s.defaultText() + "`")
                    .append(" | ")
                    .append(s.doc().replace("|", "\\|"))
                    .append(" |\n");
        }
        b.append('\n');
    }
}
