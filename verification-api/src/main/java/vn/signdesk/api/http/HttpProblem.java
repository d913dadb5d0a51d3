package vn.signdesk.api.http;

import java.util.Map;

/**
 * An error the HTTP edge raises itself (authentication, limits, media types, request parameters),
 * carried to {@link ProblemHandler} by {@code RoutingContext.fail}. Errors of the core arrive as
 * {@code SignDeskException}s instead.
 *
 * <p>It has no stack trace: it describes the request, not a fault in the code.
 */
final class HttpProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, String> headers;
    private final Map<String, Object> members;

    /**
     * @param status the HTTP status
     * @param type the last segment of the problem type URI, e.g. {@code unauthorized}
     * @param title a short summary that is the same for every problem of this type
     * @param detail what went wrong with this request, for a person
     * @param headers response headers that go with the problem, e.g. {@code Retry-After}
     * @param members extension members of the problem body (RFC 9457 §3.2), e.g. {@code parameter}
     */
    HttpProblem(
            int status,
            String type,
            String title,
            String detail,
            Map<String, String> headers,
            Map<String, Object> members) {
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.title = title;
        this.headers = Map.copyOf(headers);
        this.members = Map.copyOf(members);
    }

    HttpProblem(int status, String type, String title, String detail, Map<String, String> headers) {
        this(status, type, title, detail, headers, Map.of());
    }

    HttpProblem(int status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of());
    }

    static HttpProblem badRequest(String detail) {
        return new HttpProblem(400, "invalid-request", "The request is not valid", detail);
    }

    static HttpProblem unsupportedMediaType(String expected) {
        return new HttpProblem(415, "unsupported-media-type", "Unsupported media type", "send the body as " + expected);
    }

    /** The service cannot take the request now; the client should retry after the given seconds. */
    static HttpProblem unavailable(String type, String title, String detail, int retryAfterSeconds) {
        return new HttpProblem(503, type, title, detail, Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
    }

    int status() {
        return status;
    }

    String type() {
        return type;
    }

    String title() {
        return title;
    }

    String detail() {
        return getMessage();
    }

    Map<String, String> headers() {
        return headers;
    }

    /** Extension members of the problem body, beside type, title, status and detail. */
    Map<String, Object> members() {
        return members;
    }
}
