package vn.signdesk.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RoutePatternsTest {

    static Vertx vertx;
    static RoutePatterns patterns;

    @BeforeAll
    static void routes() {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        router.route().handler(ctx -> {});
        router.get("/health/ready").handler(ctx -> {});
        router.get("/pki/*").handler(ctx -> {});
        router.route("/v1/*").handler(ctx -> {});
        router.post("/v1/sign").handler(ctx -> {});
        router.post("/v1/sign/prepare").handler(ctx -> {});
        router.get("/v1/ocr/:id").handler(ctx -> {});
        router.get("/v1/ocr/:id/text").handler(ctx -> {});
        patterns = new RoutePatterns(router);
    }

    @AfterAll
    static void close() {
        vertx.close();
    }

    @Test
    void patternOf_exactPath_isThePath() {
        assertThat(patterns.patternOf(HttpMethod.POST, "/v1/sign")).isEqualTo("/v1/sign");
        assertThat(patterns.patternOf(HttpMethod.POST, "/v1/sign/prepare")).isEqualTo("/v1/sign/prepare");
        assertThat(patterns.patternOf(HttpMethod.GET, "/health/ready")).isEqualTo("/health/ready");
    }

    @Test
    void patternOf_pathWithParameter_isThePatternNotTheId() {
        assertThat(patterns.patternOf(HttpMethod.GET, "/v1/ocr/4f2a9c")).isEqualTo("/v1/ocr/:id");
        assertThat(patterns.patternOf(HttpMethod.GET, "/v1/ocr/4f2a9c/text")).isEqualTo("/v1/ocr/:id/text");
    }

    @Test
    void patternOf_prefixRoute_isThePrefixWithStar() {
        assertThat(patterns.patternOf(HttpMethod.GET, "/pki/ca/root-ca.crt")).isEqualTo("/pki/*");
        assertThat(patterns.patternOf(HttpMethod.GET, "/v1/unknown/thing")).isEqualTo("/v1/*");
    }

    @Test
    void patternOf_methodOfAnotherRoute_fallsBackToThePrefixOrUnmatched() {
        assertThat(patterns.patternOf(HttpMethod.GET, "/v1/sign")).isEqualTo("/v1/*");
        assertThat(patterns.patternOf(HttpMethod.POST, "/health/ready")).isEqualTo(RoutePatterns.UNMATCHED);
        assertThat(patterns.patternOf(HttpMethod.GET, "/wp-admin/login.php")).isEqualTo(RoutePatterns.UNMATCHED);
    }
}
