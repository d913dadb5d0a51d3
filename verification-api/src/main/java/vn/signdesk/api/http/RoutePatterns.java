package vn.signdesk.api.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;

/**
 * The route pattern a request belongs to, for log lines and metric labels: {@code /v1/sign},
 * {@code /pki/*}, {@code /v1/ocr/:id}, or {@code unmatched}. Raw paths would give every document id
 * its own time series.
 *
 * <p>Implementation notes. The pattern is looked up in the router's routes when the response ends,
 * rather than read from {@code RoutingContext.currentRoute()}: after a failure the current route is
 * the one whose failure handler runs (the catch-all), and a request refused by authentication never
 * reached the route it was meant for, yet should be counted under it. The most specific match wins:
 * an exact path over a path with parameters over a prefix ({@code /v1/*}). Routes without a path
 * (catch-all) or defined by a regular expression are not patterns and are skipped.
 */
final class RoutePatterns {

    /** The label of a request that matches no route (a 404 or 405). */
    static final String UNMATCHED = "unmatched";

    private final Router router;

    RoutePatterns(Router router) {
        this.router = router;
    }

    /** The pattern of the most specific route for that method and path, or {@value #UNMATCHED}. */
    String patternOf(HttpMethod method, String path) {
        if (path == null) {
            return UNMATCHED;
        }
        String best = null;
        int bestRank = -1;
        for (Route r : router.getRoutes()) {
            String pattern = r.getPath();
            // methods() is null for a route that takes every method
            if (pattern == null
                    || (r.methods() != null
                            && !r.methods().isEmpty()
                            && !r.methods().contains(method))) {
                continue;
            }
            boolean prefix = !r.isExactPath() && !pattern.contains(":");
            int rank;
            if (prefix) {
                rank = path.startsWith(pattern) || (path + "/").equals(pattern) ? 1 : -1;
            } else if (pattern.contains(":")) {
                rank = matchesSegments(pattern, path) ? 2 : -1;
            } else {
                rank = trim(pattern).equals(trim(path)) ? 3 : -1;
            }
            if (rank > bestRank) {
                bestRank = rank;
                best = prefix ? (pattern.endsWith("/") ? pattern + "*" : pattern + "/*") : pattern;
            }
        }
        return best == null ? UNMATCHED : best;
    }

    private static boolean matchesSegments(String pattern, String path) {
        String[] p = trim(pattern).split("/", -1);
        String[] q = trim(path).split("/", -1);
        if (p.length != q.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (!(p[i].startsWith(":") && !q[i].isEmpty()) && !p[i].equals(q[i])) {
                return false;
            }
        }
        return true;
    }

    private static String trim(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
