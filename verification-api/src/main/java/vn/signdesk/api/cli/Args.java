package vn.signdesk.api.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parsed arguments of one subcommand: {@code --name value} options, {@code --flag} switches and
 * positional arguments, checked against what the subcommand accepts.
 */
final class Args {

    private final Map<String, List<String>> options = new HashMap<>();
    private final Set<String> flags;
    private final List<String> positional = new ArrayList<>();

    private Args(Set<String> flags) {
        this.flags = flags;
    }

    /**
     * Parses {@code args}.
     *
     * @param valued the options that take a value
     * @param flags the options that take none
     * @throws UsageException on an unknown option or a missing value
     */
    static Args parse(List<String> args, Set<String> valued, Set<String> flags) {
        Args a = new Args(flags);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--") && arg.length() > 2) {
                String name = arg.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq > 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (flags.contains(name) && value == null) {
                    a.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                } else if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= args.size()) {
                            throw new UsageException("option --" + name + " needs a value");
                        }
                        value = args.get(++i);
                    }
                    a.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } else {
                    throw new UsageException("unknown option --" + name);
                }
            } else {
                a.positional.add(arg);
            }
        }
        return a;
    }

    Optional<String> option(String name) {
        List<String> v = options.get(name);
        return v == null ? Optional.empty() : Optional.of(v.get(v.size() - 1));
    }

    List<String> all(String name) {
        return options.getOrDefault(name, List.of());
    }

    String required(String name) {
        return option(name).orElseThrow(() -> new UsageException("option --" + name + " is required"));
    }

    boolean flag(String name) {
        return flags.contains(name) && options.containsKey(name);
    }

    /** Exactly {@code n} positional arguments, else a usage error naming them. */
    List<String> positional(int n, String names) {
        if (positional.size() != n) {
            throw new UsageException("expected " + names + ", got " + positional.size() + " argument(s)");
        }
        return positional;
    }
}
