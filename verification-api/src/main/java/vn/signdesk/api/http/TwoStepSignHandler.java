package vn.signdesk.api.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import vn.signdesk.api.SigningRuntime;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.PreparedSignature;
import vn.signdesk.signing.SignOptions;
import vn.signdesk.signing.SignatureLevel;

/**
 * {@code POST /v1/sign/prepare} and {@code POST /v1/sign/complete}: two-step signing for keys the
 * service never holds (a resident's USB token). The client sends the document and its certificate
 * chain, gets back what its key must sign, signs it where the key is, and sends the signature value
 * back with the same document; the service answers the signed PDF. Any authenticated channel may
 * use it. The service keeps nothing between the steps: the token carries the rest under a MAC.
 *
 * <p>Both steps take {@code application/json}; binary values are standard base64 (RFC 4648 §4, with
 * padding), times are ISO-8601 instants.
 *
 * <pre>
 * POST /v1/sign/prepare
 * {"document": PDF, "certificateChain": [DER, ...], "level": "B-T",   // level optional, B-T by default
 *  "reason": "...", "location": "..."}                                 // optional
 * 200 {"token": "...",               // opaque; send it back unchanged
 *      "dataToSign": "...",          // DER signed attributes: sign these with signatureAlgorithm
 *      "digest": "...",              // their digest, for keys that sign a digest (raw RSA/ECDSA)
 *      "digestAlgorithm": "SHA-256", "signatureAlgorithm": "SHA256withECDSA",
 *      "signingTime": "2026-...Z", "expiresAt": "2026-...Z"}
 *
 * POST /v1/sign/complete
 * {"document": PDF,                  // the very bytes that were prepared
 *  "token": "...", "signatureValue": "...",   // PKCS#1 v1.5 for RSA, DER for ECDSA
 *  "certificateChain": [DER, ...]}   // the signer first, the same signer as prepared
 * 200 application/pdf                // the signed PDF
 * </pre>
 *
 * <p>The chain lists the signer's certificate first, then its CAs as far as known. A body that is
 * not a JSON object, a missing field, bad base64 or a certificate that cannot be read is a 400
 * {@code invalid-request} problem naming the field. A tampered or expired token, another document,
 * another signer or a signature value that does not verify is refused by the core, also a 400.
 *
 * <p>Implementation notes. Parsing runs on the crypto pool with the signing: a body of up to
 * {@link #MAX_BODY} (the base64 of a 100 MiB PDF plus the rest) is too much to decode on the event
 * loop.
 */
final class TwoStepSignHandler {

    static final String JSON = "application/json";

    /** Base64 of a 100 MiB PDF (4/3 of it) plus room for the chain, token and signature value. */
    static final long MAX_BODY = 140L << 20;

    private static final SignatureLevel DEFAULT_LEVEL = SignatureLevel.B_T;

    private final Supplier<SigningRuntime> runtime;
    private final CryptoPool pool;

    TwoStepSignHandler(Supplier<SigningRuntime> runtime, CryptoPool pool) {
        this.runtime = runtime;
        this.pool = pool;
    }

    /** Computes the data to sign on the crypto pool and answers it as JSON. */
    void prepare(RoutingContext ctx) {
        SigningRuntime rt = runtime.get();
        ReceivedBody body = Bodies.received(ctx);
        Consumer<byte[]> audit = RecordAuditHandler.documentOf(ctx);
        pool.submit(body.size(), () -> {
                    JsonObject request = parse(body.buffer());
                    PdfInput document = PdfInput.of(binary(request, "document"));
                    audit.accept(document.bytes());
                    List<X509Certificate> chain = chain(request);
                    SignOptions options = new SignOptions(
                            level(request), null, null, text(request, "reason"), text(request, "location"));
                    PreparedSignature p = rt.signer().prepare(document, chain, options);
                    Base64.Encoder b64 = Base64.getEncoder();
                    return new JsonObject()
                            .put("token", p.token())
                            .put("dataToSign", b64.encodeToString(p.dataToSign()))
                            .put("digest", b64.encodeToString(p.digest()))
                            .put("digestAlgorithm", p.digestAlgorithm())
                            .put("signatureAlgorithm", p.signatureAlgorithm())
                            .put("signingTime", p.signingTime().toString())
                            .put("expiresAt", p.expiresAt().toString())
                            .toBuffer();
                })
                .onComplete(done -> {
                    if (done.failed()) {
                        ctx.fail(done.cause());
                    } else {
                        ctx.response().putHeader("Content-Type", JSON).putHeader("Cache-Control", "no-store");
                        RecordAuditHandler.end(ctx, done.result());
                    }
                });
    }

    /** Assembles the signature on the crypto pool and answers the signed PDF. */
    void complete(RoutingContext ctx) {
        SigningRuntime rt = runtime.get();
        ReceivedBody body = Bodies.received(ctx);
        Consumer<byte[]> audit = RecordAuditHandler.documentOf(ctx);
        pool.submit(body.size(), () -> {
                    JsonObject request = parse(body.buffer());
                    PdfInput document = PdfInput.of(binary(request, "document"));
                    audit.accept(document.bytes());
                    String token = requiredText(request, "token");
                    byte[] signatureValue = binary(request, "signatureValue");
                    List<X509Certificate> chain = chain(request);
                    return rt.signer().complete(document, token, signatureValue, chain);
                })
                .onComplete(done -> {
                    if (done.failed()) {
                        ctx.fail(done.cause());
                    } else {
                        ctx.response()
                                .putHeader("Content-Type", SignDocumentHandler.PDF)
                                .putHeader("Cache-Control", "no-store");
                        RecordAuditHandler.end(ctx, Buffer.buffer(done.result()));
                    }
                });
    }

    private static JsonObject parse(Buffer body) {
        try {
            // the parser's message may quote the body: say only what is wrong with it
            return new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            throw HttpProblem.badRequest("the body is not a JSON object");
        }
    }

    private static SignatureLevel level(JsonObject request) {
        String text = text(request, "level");
        try {
            return text == null ? DEFAULT_LEVEL : SignatureLevel.parse(text);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("'level': " + e.getMessage());
        }
    }

    /** An optional string field: null when absent, null or blank. */
    private static String text(JsonObject request, String field) {
        Object value = request.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String s)) {
            throw HttpProblem.badRequest("'" + field + "' must be a string");
        }
        return s.isBlank() ? null : s;
    }

    private static String requiredText(JsonObject request, String field) {
        String s = text(request, field);
        if (s == null) {
            throw HttpProblem.badRequest("the field '" + field + "' is required");
        }
        return s;
    }

    private static byte[] binary(JsonObject request, String field) {
        return decode(requiredText(request, field), "'" + field + "'");
    }

    private static byte[] decode(String base64, String what) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(what + " is not valid base64 (RFC 4648, standard alphabet)");
        }
    }

    private static List<X509Certificate> chain(JsonObject request) {
        Object value = request.getValue("certificateChain");
        if (value == null) {
            throw HttpProblem.badRequest(
                    "the field 'certificateChain' is required: base64 DER certificates, the signer first");
        }
        if (!(value instanceof JsonArray array) || array.isEmpty()) {
            throw HttpProblem.badRequest(
                    "'certificateChain' must be a non-empty array of base64 DER certificates, the signer first");
        }
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("X.509 certificates are not supported by this Java runtime", e);
        }
        List<X509Certificate> chain = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String what = "certificateChain[" + i + "]";
            if (!(array.getValue(i) instanceof String s)) {
                throw HttpProblem.badRequest("'" + what + "' must be a base64 string");
            }
            try {
                chain.add((X509Certificate)
                        factory.generateCertificate(new ByteArrayInputStream(decode(s, "'" + what + "'"))));
            } catch (CertificateException | ClassCastException e) {
                throw HttpProblem.badRequest("'" + what + "' is not a DER X.509 certificate");
            }
        }
        return chain;
    }
}
