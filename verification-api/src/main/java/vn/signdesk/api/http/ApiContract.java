package vn.signdesk.api.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The service's OpenAPI 3.1 document ({@code openapi.yaml} beside this class): the YAML text served
 * at {@code GET /openapi.yaml}, the same document as JSON for the docs page, and the contract that
 * request parameters are validated against.
 *
 * <p>Implementation notes. The document is the one source of the HTTP contract; a test checks that
 * every route of the router is in it. Bodies are not validated by the contract: they are PDFs,
 * RFC 3161 queries and base64-laden JSON of up to 140 MiB, checked by the routes themselves (media
 * type and size before they are read, content by the core). So the contract given to the validator
 * is the document with every {@code requestBody} removed, which also keeps the validator from
 * reading a body: it validates path, query and header parameters only.
 */
final class ApiContract {

    private static final String RESOURCE = "openapi.yaml";

    private static volatile ApiContract loaded;

    private final String yaml;
    private final JsonObject document;

    private ApiContract(String yaml, JsonObject document) {
        this.yaml = yaml;
        this.document = document;
    }

    /** The document shipped with the service, read and parsed once per class loader. */
    static ApiContract load() {
        ApiContract c = loaded;
        if (c == null) {
            synchronized (ApiContract.class) {
                c = loaded;
                if (c == null) {
                    c = read();
                    loaded = c;
                }
            }
        }
        return c;
    }

    /** The document as written, YAML. */
    String yaml() {
        return yaml;
    }

    /** The document as a JSON tree; a copy, free to change. */
    JsonObject document() {
        return document.copy();
    }

    /**
     * Parses the document as OpenAPI (checked against the 3.1 schema) with its request bodies and
     * responses left out: what the parameter validator needs. Vert.x's parser refuses request
     * and response media types other than JSON, multipart, octet-stream and text, and this
     * document is mostly PDFs; and path templates that are not a whole segment (the demo PKI's
     * {@code /pki/ca/{name}.crt}), whose paths are left out too.
     */
    Future<OpenAPIContract> parametersOnly(Vertx vertx) {
        JsonObject doc = document();
        JsonObject paths = doc.getJsonObject("paths");
        // Vert.x only takes whole-segment templates: /pki/ca/{name}.crt is left to its route
        paths.fieldNames().removeIf(path -> path.matches(".*([^/]\\{|\\}[^/]).*"));
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (item.getValue(method) instanceof JsonObject operation) {
                    operation.remove("requestBody");
                    // Vert.x wants at least one response; its media types are what it refuses
                    operation.put(
                            "responses",
                            new JsonObject().put("default", new JsonObject().put("description", "see openapi.yaml")));
                }
            }
        }
        JsonObject components = doc.getJsonObject("components");
        if (components != null) {
            components.remove("requestBodies");
            components.remove("responses");
        }
        return OpenAPIContract.from(vertx, doc);
    }

    private static ApiContract read() {
        try (InputStream in = ApiContract.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is missing from the build");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
            if (!(tree instanceof Map<?, ?> map)) {
                throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is not a YAML mapping");
            }
            @SuppressWarnings("unchecked")
            JsonObject json = new JsonObject((Map<String, Object>) map);
            // through text once, so every nested map and list becomes a JsonObject or JsonArray
            return new ApiContract(text, new JsonObject(json.encode()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document " + RESOURCE, e);
        }
    }
}
