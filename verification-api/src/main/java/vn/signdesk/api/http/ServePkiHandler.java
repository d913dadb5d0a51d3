package vn.signdesk.api.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;
import vn.signdesk.api.SigningRuntime;
import vn.signdesk.pki.PkiResponder;

/**
 * The demo PKI's endpoints, whose URLs are in the demo certificates' AIA and CRL distribution
 * points: {@code GET /pki/ca/{name}.crt}, {@code GET /pki/crl/{name}.crl}, {@code POST /pki/ocsp}
 * and {@code GET /pki/ocsp/{base64}}. Delegates to {@link PkiResponder}, which sets the content
 * types ({@code application/pkix-cert}, {@code application/pkix-crl},
 * {@code application/ocsp-response}); its errors become problems like every other error.
 */
final class ServePkiHandler implements Handler<RoutingContext> {

    private final Supplier<SigningRuntime> runtime;
    private final CryptoPool pool;

    ServePkiHandler(Supplier<SigningRuntime> runtime, CryptoPool pool) {
        this.runtime = runtime;
        this.pool = pool;
    }

    @Override
    public void handle(RoutingContext ctx) {
        PkiResponder responder = runtime.get().demoPki().orElseThrow().responder();
        String method = ctx.request().method().name();
        String path = ctx.request().path();
        byte[] body = "POST".equals(method) ? Bodies.bytes(ctx) : null;
        // OCSP responses and CRLs are signed per request
        pool.submit(() -> responder.handle(method, path, body)).onComplete(done -> {
            if (done.failed()) {
                ctx.fail(done.cause());
                return;
            }
            PkiResponder.Response r = done.result();
            if (r.status() == 200) {
                ctx.response().putHeader("Content-Type", r.contentType()).end(Buffer.buffer(r.body()));
            } else {
                ctx.fail(r.status());
            }
        });
    }
}
