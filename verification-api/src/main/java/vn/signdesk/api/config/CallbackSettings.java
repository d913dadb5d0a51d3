package vn.signdesk.api.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where and how job completion callbacks are delivered ({@code callbacks}): the hosts a callback
 * URL may name, and how often and how long a refused delivery is retried.
 *
 * @param allowedHosts {@code host} (any port) or {@code host:port} entries, lowercase; empty: callbacks are refused
 * @param attempts how many times a notification is sent at most
 * @param firstRetry the wait before the second attempt; each later wait doubles, up to {@link #MAX_RETRY}
 */
public record CallbackSettings(List<String> allowedHosts, int attempts, Duration firstRetry) {

    /** The longest wait between two attempts. */
    public static final Duration MAX_RETRY = Duration.ofMinutes(10);

    private static final Pattern HOST_PORT = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,252})(:[0-9]{1,5})?");

    public static final Setting<List<String>> ALLOWED_HOSTS = Setting.env(
            "callbacks.allowedHosts",
            "SIGNDESK_CALLBACK_ALLOWED_HOSTS",
            List.of(),
            Parsers.listOf(CallbackSettings::hostPort),
            "the hosts callback URLs may name: host (any port) or host:port, comma-separated; empty: no callbacks");
    static final Setting<Integer> ATTEMPTS = Setting.env(
            "callbacks.attempts",
            "SIGNDESK_CALLBACK_ATTEMPTS",
            8,
            Parsers.wholeInt(1, 20),
            "how many times a job's completion is sent at most");
    static final Setting<Duration> FIRST_RETRY = Setting.env(
            "callbacks.firstRetry",
            "SIGNDESK_CALLBACK_FIRST_RETRY",
            Duration.ofSeconds(5),
            Parsers.seconds(1, 600),
            "seconds before the second attempt; each later wait doubles, up to 10 minutes");

    /** The callback settings, in documentation order. */
    public static final List<Setting<?>> SETTINGS = List.of(ALLOWED_HOSTS, ATTEMPTS, FIRST_RETRY);

    public CallbackSettings {
        allowedHosts = List.copyOf(allowedHosts);
    }

    public static CallbackSettings read(Section root) {
        return new CallbackSettings(root.get(ALLOWED_HOSTS), root.get(ATTEMPTS), root.get(FIRST_RETRY));
    }

    /** No callbacks: the default. */
    public static CallbackSettings none() {
        return new CallbackSettings(List.of(), ATTEMPTS.defaultValue(), FIRST_RETRY.defaultValue());
    }

    /**
     * Whether a URL may be called back: {@code http} or {@code https}, no user information, and its
     * host (with its port, the scheme's default when absent) on the allow-list.
     */
    public boolean allows(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null || url.getUserInfo() != null) {
            return false;
        }
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = url.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : url.getPort();
        return allowedHosts.contains(host) || allowedHosts.contains(host + ":" + port);
    }

    /** The wait after attempt {@code n} (from 1) failed: {@code firstRetry * 2^(n-1)}, at most {@link #MAX_RETRY}. */
    public Duration retryAfter(int n) {
        Duration wait = firstRetry;
        for (int i = 1; i < n && wait.compareTo(MAX_RETRY) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(MAX_RETRY) < 0 ? wait : MAX_RETRY;
    }

    private static String hostPort(Object raw, ParseContext c) {
        String t = Parsers.text(raw).toLowerCase(Locale.ROOT);
        if (!HOST_PORT.matcher(t).matches()) {
            throw new IllegalArgumentException("is not a host name or host:port");
        }
        return t;
    }
}
