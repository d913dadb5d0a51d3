package vn.signdesk.api.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
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

    private final Supplier<EmbeddedTimestampAuthority> tsa;
    private final CryptoPool pool;

    /** @param tsa the authority that answers, looked up per request (the service may still be starting) */
    IssueTimestampHandler(Supplier<EmbeddedTimestampAuthority> tsa, CryptoPool pool) {
        this.tsa = tsa;
        this.pool = pool;
    }

    @Override
    public void handle(RoutingContext ctx) {
        EmbeddedTimestampAuthority authority = tsa.get();
        byte[] request = Bodies.bytes(ctx);
        pool.submit(() -> authority.respond(request)).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
            } else {
                ctx.response().putHeader("Content-Type", REPLY);
                RecordAuditHandler.end(ctx, Buffer.buffer(done.result()));
            }
        });
    }
}
