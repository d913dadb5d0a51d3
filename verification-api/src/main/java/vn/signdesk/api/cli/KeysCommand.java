package vn.signdesk.api.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import vn.signdesk.api.SignDeskConfig;
import vn.signdesk.api.credentials.ApiKeyEntry;
import vn.signdesk.api.credentials.ApiKeyFile;

/**
 * {@code signdesk keys add|list|revoke}: manages the API keys of {@code credentials.apiKeysFile}
 * ({@link ApiKeyFile}). A running service picks the change up within about a second.
 *
 * <p>{@code keys add} prints the new key alone on one line of stdout, so a script can capture it
 * ({@code KEY=$(signdesk keys add ...)}); what it did goes to stderr. The key is shown this once: the
 * file keeps only its salted hash. {@code keys list} shows names, ids, roles, creation and last days,
 * never a key or a hash.
 */
final class KeysCommand {

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    KeysCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    int run(SignDeskConfig config, List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException("expected 'keys add', 'keys list' or 'keys revoke NAME'");
        }
        List<String> rest = args.subList(1, args.size());
        return switch (args.get(0)) {
            case "add" -> add(file(config), rest);
            case "list" -> list(file(config), rest);
            case "revoke" -> revoke(file(config), rest);
            default -> throw new UsageException("expected 'keys add', 'keys list' or 'keys revoke NAME'");
        };
    }

    private int add(ApiKeyFile file, List<String> args) {
        Args a = Args.parse(args, Set.of("name", "role", "expires"), Set.of());
        a.positional(0, "no positional argument");
        String name = a.required("name");
        List<String> roles = a.all("role");
        if (roles.isEmpty()) {
            throw new UsageException("option --role is required (one or more)");
        }
        LocalDate lastDay = a.option("expires").map(KeysCommand::date).orElse(null);
        String key = file.add(name, roles, lastDay, clock);
        out.println(key);
        out.flush();
        err.println("signdesk: added API key '" + name + "' (roles " + String.join(", ", roles)
                + (lastDay == null ? "" : ", last day " + lastDay) + ") to " + file.path()
                + "; the key is printed this once, only its hash is stored");
        return 0;
    }

    private int list(ApiKeyFile file, List<String> args) {
        Args.parse(args, Set.of(), Set.of()).positional(0, "no positional argument");
        List<ApiKeyEntry> keys = file.list();
        String row = "%-24s %-12s %-28s %-20s %s%n";
        out.printf(row, "NAME", "ID", "ROLES", "CREATED", "EXPIRES");
        for (ApiKeyEntry k : keys) {
            String expires =
                    k.lastDayOrNull() == null ? "never" : k.lastDayOrNull().toString();
            out.printf(
                    row,
                    k.name(),
                    k.id(),
                    String.join(",", k.roles()),
                    k.created(),
                    k.expiredAt(clock.instant()) ? expires + " (expired)" : expires);
        }
        out.flush();
        return 0;
    }

    private int revoke(ApiKeyFile file, List<String> args) {
        String name = Args.parse(args, Set.of(), Set.of()).positional(1, "NAME").get(0);
        ApiKeyEntry revoked = file.revoke(name);
        out.println("revoked API key '" + revoked.name() + "' (id " + revoked.id() + ")");
        return 0;
    }

    private static ApiKeyFile file(SignDeskConfig config) {
        Path path = config.credentials().apiKeysFileOrNull();
        if (path == null) {
            throw new IllegalArgumentException(ApiKeyFile.SETTING
                    + " is not set: name the API key file in the configuration (SIGNDESK_CONFIG) or the environment");
        }
        return ApiKeyFile.at(path);
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new UsageException("--expires expects a day as YYYY-MM-DD, got '" + text + "'");
        }
    }
}
