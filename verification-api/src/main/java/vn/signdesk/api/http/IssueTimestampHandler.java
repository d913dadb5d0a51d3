package vn.signdesk.api.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import vn.signdesk.signing.tsa.EmbeddedTimestampAuthority;

/**
 * {@code POST /tsa}: the embedded timestamp authority over HTTP (RFC 3161 §3.4), a DER
 * {@code TimeStampReq} as {@code application/timestamp-query} in, a DER {@code TimeStampResp} as
 * {@code application/timestamp-reply} out. A request the TSA refuses is still a 200 whose
 * {@code TimeStampResp} carries the rejection, as §2.4.2 has it.
 */
final class IssueTimestampHandler implements Handler<RoutingContext> {

    static final String QUERY = "application/timestamp-query";
    static final String REPLY = "application/timestamp-reply";
    /** A real TimeStampReq is a few hundred bytes. */
    static final long MAX_BODY = EmbeddedTimestampAuthority.MAX_REQUEST_BYTES;

    private final Supplier<EmbeddedTimestampAuthority> authority;
    private final CryptoPool pool;

    private IssueTimestampHandler(Supplier<EmbeddedTimestampAuthority> authority, CryptoPool pool) {
        this.authority = authority;
        this.pool = pool;
    }

    /**
     * Makes {@code route} (a {@code POST}) serve timestamps: the media type and the size are checked
     * before the body is read, the token is made on the pool.
     *
     * @param authority the TSA; may throw an {@link HttpProblem} (e.g. 503 while the service starts)
     */
    static Route serve(Route route, Supplier<EmbeddedTimestampAuthority> authority, CryptoPool pool) {
        return route.handler(Bodies.requireContentType(QUERY))
                .handler(Bodies.readUpTo(MAX_BODY))
                .handler(new IssueTimestampHandler(authority, pool));
    }

    @Override
    public void handle(RoutingContext ctx) {
        EmbeddedTimestampAuthority tsa = authority.get();
        byte[] request = Bodies.bytes(ctx);
        pool.submit(() -> tsa.respond(request)).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
            } else {
                ctx.response().putHeader("Content-Type", REPLY);
                RecordAuditHandler.end(ctx, Buffer.buffer(done.result()));
            }
        });
    }
}
