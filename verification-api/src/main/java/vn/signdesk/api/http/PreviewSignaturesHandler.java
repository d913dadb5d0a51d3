package vn.signdesk.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Base64;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.preview.PreviewLimits;
import vn.signdesk.signing.preview.SignaturePageRenderer;
import vn.signdesk.signing.preview.SignaturePages;

/**
 * {@code POST /v1/verify/pages}: the pages of an {@code application/pdf} body that carry a visible
 * signature, as PNG images, with each signature's box on them in fractions of the page, numbered in
 * the order of the verification report's signatures. Any authenticated channel may ask; the web page
 * lays the boxes over the images.
 *
 * <p>Bounded by {@link PreviewLimits#DEFAULT}: at most four pages, 100 dpi, two megapixels a page;
 * the rendering runs on the crypto pool like a verification.
 */
final class PreviewSignaturesHandler {

    static final long MAX_BODY = PreviewLimits.DEFAULT.document().maxBytes();

    private final SignaturePageRenderer renderer;
    private final CryptoPool pool;

    PreviewSignaturesHandler(SignaturePageRenderer renderer, CryptoPool pool) {
        this.renderer = renderer;
        this.pool = pool;
    }

    void preview(RoutingContext ctx) {
        ReceivedBody body = Bodies.received(ctx);
        pool.submit(body.size(), () -> toJson(renderer.render(PdfInput.of(body.bytes()))))
                .onComplete(done -> {
                    if (done.failed()) {
                        ctx.fail(done.cause());
                    } else {
                        ctx.response()
                                .putHeader("Content-Type", "application/json")
                                .putHeader("Cache-Control", "no-store");
                        RecordAuditHandler.end(ctx, Buffer.buffer(done.result().encode()));
                    }
                });
    }

    static JsonObject toJson(SignaturePages pages) {
        JsonArray signatures = new JsonArray();
        for (SignaturePages.Signature s : pages.signatures()) {
            JsonArray boxes = new JsonArray();
            for (SignaturePages.Box b : s.boxes()) {
                boxes.add(new JsonObject()
                        .put("page", b.page())
                        .put("left", b.left())
                        .put("top", b.top())
                        .put("width", b.width())
                        .put("height", b.height()));
            }
            signatures.add(new JsonObject()
                    .put("number", s.number())
                    .put("field", s.fieldName())
                    .put("documentTimestamp", s.documentTimestamp())
                    .put("boxes", boxes));
        }
        JsonArray images = new JsonArray();
        for (SignaturePages.PageImage p : pages.pages()) {
            images.add(new JsonObject()
                    .put("page", p.page())
                    .put("width", p.width())
                    .put("height", p.height())
                    .put("image", "data:image/png;base64," + Base64.getEncoder().encodeToString(p.png())));
        }
        return new JsonObject()
                .put("pageCount", pages.pageCount())
                .put("signatures", signatures)
                .put("pages", images)
                .put("pagesLeftOut", pages.pagesLeftOut());
    }
}
