package vn.signdesk.api.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostMultipartRequestDecoder;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The documents of a {@code multipart/form-data} body (RFC 7578): every file part named {@value
 * #PART}, in order, with its file name. Parsed with Netty's decoder (the one Vert.x itself uses for
 * uploads) over the whole body, which the route has already bounded and received.
 */
final class MultipartDocuments {

    /** The name of the form field that carries each document. */
    static final String PART = "document";

    /** One document of the form: its file name as sent (may be empty) and its bytes. */
    record Document(String fileName, byte[] content) {}

    private MultipartDocuments() {}

    /**
     * The documents of the body, at most {@code maxDocuments}.
     *
     * @throws HttpProblem 400 when the body is not a form of documents or holds none, 413 when it
     *     holds more than {@code maxDocuments}
     */
    static List<Document> parse(String contentType, byte[] body, int maxDocuments) {
        FullHttpRequest request =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/", Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpPostMultipartRequestDecoder decoder;
        try {
            decoder = new HttpPostMultipartRequestDecoder(new DefaultHttpDataFactory(false), request);
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException | IllegalArgumentException e) {
            throw notAForm();
        }
        try {
            List<Document> documents = new ArrayList<>();
            for (InterfaceHttpData data : decoder.getBodyHttpDatas()) {
                if (data instanceof FileUpload file && PART.equals(file.getName())) {
                    if (documents.size() == maxDocuments) {
                        throw new HttpProblem(
                                413,
                                "too-many-documents",
                                "Too many documents",
                                "a batch holds at most " + maxDocuments + " documents");
                    }
                    documents.add(new Document(file.getFilename() == null ? "" : file.getFilename(), file.get()));
                }
            }
            if (documents.isEmpty()) {
                throw HttpProblem.badRequest("the form holds no file part named '" + PART + "'");
            }
            return documents;
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException
                | HttpPostRequestDecoder.NotEnoughDataDecoderException
                | IOException e) {
            throw notAForm();
        } finally {
            decoder.destroy();
            request.release();
        }
    }

    private static HttpProblem notAForm() {
        return HttpProblem.badRequest("the body is not a multipart/form-data form of '" + PART + "' file parts");
    }

    /** A file name that is safe in a ZIP entry and a header: no path, only plain characters, short. */
    static String safeFileName(String sent, int n) {
        String base = sent.replace('\\', '/');
        base = base.substring(base.lastIndexOf('/') + 1);
        // Vietnamese names keep their letters without diacritics: "Quyết định" becomes "Quyet_dinh"
        String ascii = Normalizer.normalize(base, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .replace('đ', 'd')
                .replace('Đ', 'D');
        String plain = ascii.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
        if (plain.length() > 80) {
            plain = plain.substring(plain.length() - 80);
        }
        if (plain.isEmpty() || plain.chars().allMatch(c -> c == '_' || c == '.')) {
            plain = "document.pdf";
        } else if (!plain.toLowerCase(java.util.Locale.ROOT).endsWith(".pdf")) {
            plain = plain + ".pdf";
        }
        return String.format("%03d-%s", n, plain);
    }
}
