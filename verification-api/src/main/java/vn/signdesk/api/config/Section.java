package vn.signdesk.api.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A part of the configuration being read: the YAML map at one path (the root, a profile, a TSA
 * entry), flattened to dotted keys, with the environment for top-level settings and one shared list
 * of problems.
 *
 * <p>Implementation notes. Values are read only through declared {@link Setting}s; once a section
 * is read, {@link #rejectUnknown} reports every key that no declaration asked for, naming the known
 * ones, so a typo never silently leaves a default in force. Maps under the keys named as {@code
 * nested} (a map of profiles, a list of authorities) are kept whole for {@link #named} and {@link
 * #list}. A problem names the full key, its variable and, when the value came from the file, the
 * file; it never repeats the value of a secret.
 */
public final class Section {

    private final String path;
    private final Map<String, Object> values;
    private final Map<String, String> env;
    private final Path fileOrNull;
    private final ParseContext fileContext;
    private final ParseContext envContext;
    private final List<String> problems;

    private Section(
            String path,
            Map<String, Object> values,
            Map<String, String> env,
            Path fileOrNull,
            ParseContext fileContext,
            ParseContext envContext,
            List<String> problems) {
        this.path = path;
        this.values = values;
        this.env = env;
        this.fileOrNull = fileOrNull;
        this.fileContext = fileContext;
        this.envContext = envContext;
        this.problems = problems;
    }

    /**
     * The root section of a file (or of no file).
     *
     * @param yamlRootOrEmpty the file's top-level map
     * @param nested the keys whose map or list values are kept whole (sections of their own)
     */
    public static Section root(
            Map<?, ?> yamlRootOrEmpty, Set<String> nested, Map<String, String> env, Path fileOrNull) {
        List<String> problems = new ArrayList<>();
        Path cwd = Path.of("").toAbsolutePath();
        ParseContext fileContext = new ParseContext(fileOrNull == null ? cwd : fileOrNull.getParent());
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", yamlRootOrEmpty, nested, flat);
        return new Section("", flat, env, fileOrNull, fileContext, new ParseContext(cwd), problems);
    }

    private static void flatten(String prefix, Map<?, ?> map, Set<String> nested, Map<String, Object> into) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> inner && !nested.contains(key)) {
                flatten(key + ".", inner, nested, into);
            } else {
                into.put(key, e.getValue());
            }
        }
    }

    /** The value of a setting: the environment's, else the file's, else the default. */
    public <T> T get(Setting<T> setting) {
        String fromEnv = setting.envOrNull() == null ? null : env.get(setting.envOrNull());
        boolean useEnv = fromEnv != null && !fromEnv.isBlank();
        Object raw = useEnv ? fromEnv.trim() : values.get(setting.key());
        if (raw == null || raw instanceof String s && s.isBlank()) {
            return setting.defaultValue();
        }
        if (raw instanceof Map<?, ?>) {
            problem(setting, "a value is expected here, not a map");
            return setting.defaultValue();
        }
        try {
            return setting.parser().parse(raw, useEnv ? envContext : fileContext);
        } catch (IllegalArgumentException e) {
            boolean secret = setting.key().toLowerCase(java.util.Locale.ROOT).contains("password")
                    || e instanceof Parsers.SecretInValue;
            String shown = secret ? "the value" : "'" + raw + "'";
            problem(setting, shown + " " + e.getMessage());
            return setting.defaultValue();
        }
    }

    /** Whether the file or the environment sets this setting. */
    public boolean isSet(Setting<?> setting) {
        String fromEnv = setting.envOrNull() == null ? null : env.get(setting.envOrNull());
        return fromEnv != null && !fromEnv.isBlank() || values.get(setting.key()) != null;
    }

    /** Whether the file sets this key (a value, a map or a list), whatever it holds. */
    public boolean isSet(String key) {
        return values.get(key) != null;
    }

    /** Whether the environment sets this setting (and so overrides the file). */
    public boolean isSetByEnvironment(Setting<?> setting) {
        String fromEnv = setting.envOrNull() == null ? null : env.get(setting.envOrNull());
        return fromEnv != null && !fromEnv.isBlank();
    }

    /** The sections of a map of named entries, e.g. {@code profiles: {NAME: {...}}}, in file order. */
    public Map<String, Section> named(String key) {
        Object raw = values.get(key);
        Map<String, Section> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        if (!(raw instanceof Map<?, ?> map)) {
            problem(key, "a map of named entries is expected");
            return out;
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (e.getValue() instanceof Map<?, ?> inner) {
                out.put(name, child(key + "." + name, inner));
            } else {
                problem(key + "." + name, "a map of settings is expected");
            }
        }
        return out;
    }

    /** The sections of a list of maps, e.g. {@code authorities: [{url: ...}, ...]}, in order. */
    public List<Section> list(String key) {
        Object raw = values.get(key);
        List<Section> out = new ArrayList<>();
        if (raw == null) {
            return out;
        }
        if (!(raw instanceof List<?> list)) {
            problem(key, "a list is expected");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> inner) {
                out.add(child(key + "[" + i + "]", inner));
            } else {
                problem(key + "[" + i + "]", "a map of settings is expected");
            }
        }
        return out;
    }

    private Section child(String childPath, Map<?, ?> map) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", map, Set.of(), flat);
        // settings inside sections come from the file only
        return new Section(qualified(childPath), flat, Map.of(), fileOrNull, fileContext, envContext, problems);
    }

    /**
     * Reports every key of this section that is not declared.
     *
     * @param declared the settings of this section
     * @param nested the keys read as sections of their own ({@link #named}, {@link #list})
     */
    public void rejectUnknown(List<Setting<?>> declared, Set<String> nested) {
        Set<String> known =
                declared.stream().map(Setting::key).collect(Collectors.toCollection(java.util.TreeSet::new));
        known.addAll(nested);
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                problems.add("unknown setting '" + qualified(key) + "'" + where() + " (known here: "
                        + String.join(", ", known) + ")");
            }
        }
    }

    /** Records a problem with a setting of this section, naming it, its variable and its file. */
    public void problem(String key, String message) {
        problems.add(describe(key) + ": " + message);
    }

    /** The full key of a setting of this section, e.g. {@code profiles.seal.pkcs11.library}. */
    public String qualified(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The context values of this section's file are parsed in (relative paths). */
    public ParseContext context() {
        return fileContext;
    }

    /** The problems found so far, in all sections. */
    public List<String> problems() {
        return problems;
    }

    /** Where a value of this section was read from, for messages. */
    String where() {
        return fileOrNull == null ? "" : " in " + fileOrNull;
    }

    private String describe(String key) {
        return qualified(key) + where();
    }

    /** {@code http.port (SIGNDESK_HTTP_PORT)}, plus the file when the value came from it. */
    public String describe(Setting<?> setting) {
        String fromEnv = setting.envOrNull() == null ? null : env.get(setting.envOrNull());
        boolean inEnv = fromEnv != null && !fromEnv.isBlank();
        return qualified(setting.key())
                + (setting.envOrNull() == null ? "" : " (" + setting.envOrNull() + ")")
                + (!inEnv && (values.containsKey(setting.key()) || setting.envOrNull() == null) ? where() : "");
    }

    /** Records a problem with a declared setting, in the form {@link #describe(Setting)} gives. */
    public void problem(Setting<?> setting, String message) {
        problems.add(describe(setting) + ": " + message);
    }
}
