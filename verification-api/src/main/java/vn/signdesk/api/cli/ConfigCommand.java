package vn.signdesk.api.cli;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.signdesk.api.SignDeskConfig;
import vn.signdesk.api.SigningProfile;
import vn.signdesk.api.SigningRuntime;
import vn.signdesk.api.config.SettingsDoc;
import vn.signdesk.signing.revocation.SigningCertificateCheck;

/**
 * {@code signdesk config check} and {@code signdesk config keys}: the operator's check of a
 * configuration before a start, and the list of every setting.
 *
 * <p>{@code check} loads the configuration (every problem of the file and the environment, one per
 * line), builds the runtime of its mode (which opens every profile's key), asks every timestamp
 * authority for one token and checks every profile's certificate (validity, revocation). It prints
 * one line per problem, never a secret, and exits 0 when there is none, 1 otherwise.
 */
final class ConfigCommand {

    private final Map<String, String> env;
    private final PrintStream out;
    private final Clock clock;

    ConfigCommand(Map<String, String> env, PrintStream out, Clock clock) {
        this.env = env;
        this.out = out;
        this.clock = clock;
    }

    int run(SignDeskConfig config, List<String> args) {
        if (args.size() != 1 || !List.of("check", "keys").contains(args.get(0))) {
            throw new UsageException("expected 'config check' or 'config keys'");
        }
        if (args.get(0).equals("keys")) {
            out.print(SettingsDoc.markdown());
            return 0;
        }
        List<String> problems = new ArrayList<>();
        SigningRuntime runtime;
        try {
            runtime = SigningRuntime.of(config, clock, env);
        } catch (RuntimeException e) {
            problems.add(message(e));
            problems.forEach(out::println);
            return 1;
        }
        try (runtime) {
            if (config.mode() == SignDeskConfig.Mode.DEMO) {
                try {
                    runtime.probeTimestampAuthority();
                } catch (RuntimeException e) {
                    problems.add("the embedded timestamp authority gave no token: " + message(e));
                }
            } else {
                problems.addAll(SigningRuntime.probeEachAuthority(config, env));
            }
            for (SigningProfile profile : runtime.profiles()) {
                SigningCertificateCheck.Status status = runtime.profileStatus(profile);
                if (!status.usable()) {
                    problems.add("profiles." + profile.name() + ": " + status.detail());
                }
            }
        }
        if (problems.isEmpty()) {
            out.println("configuration OK: " + config.mode().name().toLowerCase(java.util.Locale.ROOT) + " mode, "
                    + SigningRuntime.profileNames(config).size() + " signing profiles, "
                    + Math.max(1, config.timestamping().authorities().size()) + " timestamp authorities");
            return 0;
        }
        problems.forEach(out::println);
        return 1;
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
