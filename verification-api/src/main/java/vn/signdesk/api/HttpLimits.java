package vn.signdesk.api;

import java.util.Map;

/**
 * The service's per-request limits at the HTTP edge: the rate each credential may call at, and the
 * body size above which an upload goes to disk instead of memory.
 *
 * @param ratePerSecond {@code SIGNDESK_RATE_LIMIT}, default 2000: requests per second one credential
 *     (API key) may make on {@code /v1/*}, refilled continuously
 * @param burst {@code SIGNDESK_RATE_BURST}, default 4000: requests one credential may make at once
 *     after being idle (the size of its token bucket); at least 1
 * @param uploadThreshold {@code SIGNDESK_UPLOAD_THRESHOLD}, default 4 MiB: request bodies larger than
 *     this many bytes are written to {@code DATA_DIR/uploads} while they arrive, and deleted when the
 *     request ends
 */
public record HttpLimits(double ratePerSecond, int burst, long uploadThreshold) {

    /** Generous enough not to throttle a load test, strict enough to stop one runaway client. */
    public static final HttpLimits DEFAULT = new HttpLimits(2000, 4000, 4L << 20);

    public HttpLimits {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException(
                    "SIGNDESK_RATE_LIMIT: '" + ratePerSecond + "' is not a positive number of requests per second");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("SIGNDESK_RATE_BURST: '" + burst + "' is not a positive whole number");
        }
        if (uploadThreshold < 0) {
            throw new IllegalArgumentException(
                    "SIGNDESK_UPLOAD_THRESHOLD: '" + uploadThreshold + "' is not a number of bytes (0 or more)");
        }
    }

    /** Reads the limits from the given environment; absent variables keep their defaults. */
    public static HttpLimits fromEnvironment(Map<String, String> env) {
        double rate =
                parse(env, "SIGNDESK_RATE_LIMIT", DEFAULT.ratePerSecond(), "a positive number of requests per second");
        long burst = (long) parse(env, "SIGNDESK_RATE_BURST", DEFAULT.burst(), "a positive whole number");
        long threshold = (long)
                parse(env, "SIGNDESK_UPLOAD_THRESHOLD", DEFAULT.uploadThreshold(), "a number of bytes (0 or more)");
        if (burst > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("SIGNDESK_RATE_BURST: '" + burst + "' is too large");
        }
        return new HttpLimits(rate, (int) burst, threshold);
    }

    private static double parse(Map<String, String> env, String key, double defaultValue, String expected) {
        String text = env.get(key);
        if (text == null || text.isBlank()) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(text.trim());
            boolean whole = !key.equals("SIGNDESK_RATE_LIMIT");
            if (Double.isFinite(value) && (!whole || value == Math.rint(value))) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(key + ": '" + text + "' is not " + expected);
    }
}
