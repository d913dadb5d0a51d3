package vn.signdesk.api.config;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The parsers of setting values; each message completes "'value' ..." in a problem line. */
public final class Parsers {

    private Parsers() {}

    /** A port number, 0 to 65535 (0 picks a free one). */
    public static int port(Object raw, ParseContext c) {
        return (int) whole(raw, 0, 65535, "is not a port number (0-65535)");
    }

    /** A positive, finite number. */
    public static double positive(Object raw, ParseContext c) {
        try {
            double d = Double.parseDouble(text(raw));
            if (d > 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("is not a positive number");
    }

    /** A parser of whole numbers within bounds. */
    public static Setting.Parser<Long> whole(long min, long max) {
        return (raw, c) -> whole(
                raw, min, max, "is not a whole number from " + min + (max == Long.MAX_VALUE ? " up" : " to " + max));
    }

    /** A parser of whole numbers within bounds, as an int. */
    public static Setting.Parser<Integer> wholeInt(int min, int max) {
        return (raw, c) -> (int) whole(raw, min, max, "is not a whole number from " + min + " to " + max);
    }

    private static long whole(Object raw, long min, long max, String message) {
        try {
            long n = Long.parseLong(text(raw));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(message);
    }

    /** A parser of a number of seconds within bounds. */
    public static Setting.Parser<Duration> seconds(long min, long max) {
        return (raw, c) ->
                Duration.ofSeconds(whole(raw, min, max, "is not a number of seconds (" + min + "-" + max + ")"));
    }

    /** true or false. */
    public static boolean bool(Object raw, ParseContext c) {
        if (raw instanceof Boolean b) {
            return b;
        }
        return switch (text(raw).toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("is neither true nor false");
        };
    }

    /** A parser of one of an enum's constants, written in any case, with {@code -} for {@code _}. */
    public static <E extends Enum<E>> Setting.Parser<E> oneOf(Class<E> type) {
        return (raw, c) -> {
            String t = text(raw).toUpperCase(Locale.ROOT).replace('-', '_');
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(t)) {
                    return e;
                }
            }
            List<String> names = new ArrayList<>();
            for (E e : type.getEnumConstants()) {
                names.add(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            throw new IllegalArgumentException("is none of " + String.join(", ", names));
        };
    }

    /** A path, absolute or relative to the file's directory; it need not exist. */
    public static Path path(Object raw, ParseContext c) {
        try {
            return c.resolve(text(raw));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("is not a valid path");
        }
    }

    /** A readable regular file. */
    public static Path file(Object raw, ParseContext c) {
        Path p = path(raw, c);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("is not a file");
        }
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException("is not readable");
        }
        return p;
    }

    /** A readable file or folder. */
    public static Path fileOrFolder(Object raw, ParseContext c) {
        Path p = path(raw, c);
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException("is neither a readable file nor a folder");
        }
        return p;
    }

    /** An http(s) URL with a host, without a trailing slash. */
    public static URI url(Object raw, ParseContext c) {
        try {
            URI uri = URI.create(text(raw).replaceAll("/+$", ""));
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("is not an http(s) URL");
    }

    /** A value that holds a secret: a problem with it never repeats the value. */
    public static final class SecretInValue extends IllegalArgumentException {
        SecretInValue(String message) {
            super(message);
        }
    }

    /**
     * {@code postgresql://USER@HOST[:PORT]/DB}, without a password (that comes from a file).
     *
     * @throws SecretInValue when the URL holds a password
     */
    public static URI postgresUrl(Object raw, ParseContext c) {
        URI uri;
        try {
            uri = new URI(text(raw));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL of the form postgresql://USER@HOST:PORT/DB");
        }
        String user = uri.getRawUserInfo();
        if (user != null && user.contains(":")) {
            throw new SecretInValue(
                    "holds a password; put it in the file named by store.passwordFile (SIGNDESK_STORE_PASSWORD_FILE)");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (!"postgresql".equals(uri.getScheme())
                || user == null
                || user.isEmpty()
                || uri.getHost() == null
                || !path.matches("/[A-Za-z0-9_$-]+")
                || uri.getQuery() != null
                || uri.getFragment() != null) {
            throw new IllegalArgumentException("is not a URL of the form postgresql://USER@HOST:PORT/DB");
        }
        return uri;
    }

    /** An object identifier in dotted form. */
    public static String oid(Object raw, ParseContext c) {
        String t = text(raw);
        if (t.matches("[0-2](\\.(0|[1-9][0-9]*))+")) {
            return t;
        }
        throw new IllegalArgumentException("is not an object identifier (dotted numbers, e.g. 1.2.3.4)");
    }

    /** A date, YYYY-MM-DD. */
    public static LocalDate date(Object raw, ParseContext c) {
        try {
            return LocalDate.parse(text(raw));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("is not a date (YYYY-MM-DD)");
        }
    }

    /** A name of an environment variable. */
    public static String envName(Object raw, ParseContext c) {
        String t = text(raw);
        if (t.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return t;
        }
        throw new IllegalArgumentException("is not an environment variable name");
    }

    /** Non-blank text. */
    public static String string(Object raw, ParseContext c) {
        String t = text(raw);
        if (t.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        return t;
    }

    /** A parser of a list (a YAML list, or one value, or comma-separated text from the environment). */
    public static <T> Setting.Parser<List<T>> listOf(Setting.Parser<T> element) {
        return (raw, c) -> {
            List<Object> items = new ArrayList<>();
            if (raw instanceof List<?> l) {
                items.addAll(l);
            } else {
                for (String part : text(raw).split(",")) {
                    if (!part.isBlank()) {
                        items.add(part.trim());
                    }
                }
            }
            List<T> out = new ArrayList<>();
            for (Object item : items) {
                if (item instanceof java.util.Map<?, ?> || item instanceof List<?>) {
                    throw new IllegalArgumentException("must be a list of values");
                }
                try {
                    out.add(element.parse(item, c));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("holds '" + item + "', which " + e.getMessage());
                }
            }
            return List.copyOf(out);
        };
    }

    /** A raw scalar as text. */
    static String text(Object raw) {
        if (raw instanceof List<?> || raw instanceof java.util.Map<?, ?>) {
            throw new IllegalArgumentException("must be a single value");
        }
        return String.valueOf(raw).trim();
    }
}
