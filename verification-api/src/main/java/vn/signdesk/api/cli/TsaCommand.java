package vn.signdesk.api.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import vn.signdesk.api.credentials.SecretFiles;
import vn.signdesk.api.http.TimestampServer;
import vn.signdesk.signing.SigningKey;
import vn.signdesk.signing.keys.Pkcs12Keys;
import vn.signdesk.signing.tsa.EmbeddedTimestampAuthority;

/**
 * {@code signdesk tsa serve}: a standalone RFC 3161 timestamp authority with its own key from a
 * PKCS#12 file ({@link TimestampServer}), e.g. the external TSA of the production example.
 *
 * <p>The password comes from a file readable by its owner only ({@link SecretFiles}), never from the
 * command line, where other users could read it in the process list. The key's certificate must be a
 * TSA certificate (critical extended key usage timeStamping, RFC 3161 §2.3): the authority checks it,
 * and that the key matches it, before it listens.
 */
final class TsaCommand {

    /**
     * The policy of the tokens when {@code --policy} is not given: a private arc, for tests and
     * examples; a real TSA names the policy of its practice statement.
     */
    static final String DEFAULT_POLICY = "1.3.6.1.4.1.55555.9.1";

    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    TsaCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    int run(List<String> args) {
        if (args.isEmpty() || !args.get(0).equals("serve")) {
            throw new UsageException("expected 'tsa serve'");
        }
        Args a = Args.parse(
                args.subList(1, args.size()), Set.of("p12", "password-file", "port", "host", "policy"), Set.of());
        a.positional(0, "no positional argument");
        Path p12 = Path.of(a.required("p12"));
        char[] password = SecretFiles.read(Path.of(a.required("password-file")), "--password-file");
        SigningKey key;
        try {
            key = Pkcs12Keys.open(p12, password, null, "tsa");
        } finally {
            Arrays.fill(password, '\0');
        }
        EmbeddedTimestampAuthority tsa;
        try {
            tsa = new EmbeddedTimestampAuthority(
                    key.privateKey(),
                    key.chain(),
                    a.option("policy").orElse(DEFAULT_POLICY),
                    Duration.ofSeconds(1),
                    clock);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "--p12: " + p12 + " cannot serve as a timestamp authority: " + e.getMessage());
        }
        return TimestampServer.runUntilStopped(tsa, a.option("host").orElse("127.0.0.1"), port(a), out, err);
    }

    private static int port(Args a) {
        String text = a.required("port");
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("--port expects a port number (0-65535), got '" + text + "'");
    }
}
