package vn.signdesk.api.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Renders the OpenAPI document into one self-contained HTML page (no script, no external style or
 * font: the service may run offline): every route with its summary, security, parameters, request
 * body media types and responses, then the schemas.
 *
 * <p>Implementation notes. Only the parts of OpenAPI the document uses are rendered: local
 * {@code $ref}s to components, parameters, request bodies, responses with headers, and schemas with
 * their properties one level deep. Every text from the document is HTML-escaped, and its Markdown
 * code spans are shown as code.
 */
final class ApiDocsPage {

    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\n]+)`");
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

    private final JsonObject doc;
    private final StringBuilder out = new StringBuilder(64 * 1024);

    private ApiDocsPage(JsonObject doc) {
        this.doc = doc;
    }

    /** The page for the given OpenAPI document. */
    static String render(JsonObject openApi) {
        return new ApiDocsPage(openApi).page();
    }

    private String page() {
        JsonObject info = doc.getJsonObject("info", new JsonObject());
        String title = info.getString("title", "API") + " " + info.getString("version", "");
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>")
                .append(esc(title))
                .append(" API</title><style>")
                .append(
                        "body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:70em;padding:1em 2em;color:#222}")
                .append("code,pre{font-family:ui-monospace,monospace;font-size:90%}")
                .append("table{border-collapse:collapse;margin:.4em 0 1em;width:100%}")
                .append("th,td{border:1px solid #ddd;padding:.25em .5em;text-align:left;vertical-align:top}")
                .append("th{background:#f4f4f4}section.op{border-top:1px solid #ccc;padding-top:.5em}")
                .append(".m{display:inline-block;min-width:4em;font-weight:bold;color:#fff;border-radius:3px;")
                .append("padding:0 .4em;text-align:center}.get{background:#2a7ab0}.post{background:#3a8a3a}")
                .append(".put,.patch{background:#b07a2a}.delete{background:#b03a3a}.open{color:#777}")
                .append("nav li{list-style:none}</style></head><body>\n");
        out.append("<h1>").append(esc(title)).append("</h1>\n");
        paragraph(info.getString("summary"));
        paragraph(info.getString("description"));
        out.append("<p>The machine-readable document: <a href=\"/openapi.yaml\">/openapi.yaml</a> (OpenAPI ")
                .append(esc(doc.getString("openapi", "")))
                .append(").</p>\n");
        security();
        List<String[]> ops = operations();
        out.append("<h2>Routes</h2>\n<nav><ul>\n");
        for (String[] op : ops) {
            JsonObject o = operation(op);
            out.append("<li><a href=\"#")
                    .append(esc(anchor(op)))
                    .append("\"><span class=\"m ")
                    .append(op[1])
                    .append("\">")
                    .append(op[1].toUpperCase(Locale.ROOT))
                    .append("</span> <code>")
                    .append(esc(op[0]))
                    .append("</code></a> ")
                    .append(esc(o.getString("summary", "")))
                    .append("</li>\n");
        }
        out.append("</ul></nav>\n");
        for (String[] op : ops) {
            operationSection(op);
        }
        schemas();
        out.append("</body></html>\n");
        return out.toString();
    }

    private List<String[]> operations() {
        List<String[]> ops = new ArrayList<>();
        JsonObject paths = doc.getJsonObject("paths", new JsonObject());
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : METHODS) {
                if (item.getValue(method) instanceof JsonObject) {
                    ops.add(new String[] {path, method});
                }
            }
        }
        return ops;
    }

    private JsonObject operation(String[] op) {
        return doc.getJsonObject("paths").getJsonObject(op[0]).getJsonObject(op[1]);
    }

    private void security() {
        JsonObject schemes = doc.getJsonObject("components", new JsonObject()).getJsonObject("securitySchemes");
        if (schemes == null) {
            return;
        }
        out.append("<h2>Credentials</h2>\n<table><tr><th>scheme</th><th>type</th><th>how</th></tr>\n");
        for (String name : schemes.fieldNames()) {
            JsonObject s = schemes.getJsonObject(name);
            String type = s.getString("type", "") + (s.containsKey("scheme") ? " " + s.getString("scheme") : "");
            row(name, type, s.getString("description", ""));
        }
        out.append("</table>\n");
    }

    private void operationSection(String[] op) {
        JsonObject o = operation(op);
        out.append("<section class=\"op\" id=\"")
                .append(esc(anchor(op)))
                .append("\"><h3><span class=\"m ")
                .append(op[1])
                .append("\">")
                .append(op[1].toUpperCase(Locale.ROOT))
                .append("</span> <code>")
                .append(esc(op[0]))
                .append("</code></h3>\n");
        paragraph(o.getString("summary"));
        paragraph(o.getString("description"));
        JsonArray security = o.containsKey("security") ? o.getJsonArray("security") : doc.getJsonArray("security");
        if (security == null || security.isEmpty()) {
            out.append("<p class=\"open\">Open: no credential needed.</p>\n");
        } else {
            List<String> names = new ArrayList<>();
            for (Object requirement : security) {
                names.addAll(((JsonObject) requirement).fieldNames());
            }
            out.append("<p>Credential: ")
                    .append(esc(String.join(" or ", names)))
                    .append(".</p>\n");
        }
        JsonArray params = o.getJsonArray("parameters", new JsonArray());
        if (!params.isEmpty()) {
            out.append("<h4>Parameters</h4>\n<table><tr><th>name</th><th>in</th><th>required</th>")
                    .append("<th>schema</th><th>description</th></tr>\n");
            for (Object p : params) {
                JsonObject param = resolve((JsonObject) p);
                row(
                        param.getString("name", ""),
                        param.getString("in", ""),
                        param.getBoolean("required", false) ? "yes" : "no",
                        schemaText(param.getJsonObject("schema", new JsonObject())),
                        param.getString("description", ""));
            }
            out.append("</table>\n");
        }
        if (o.getValue("requestBody") instanceof JsonObject rb) {
            JsonObject body = resolve(rb);
            out.append("<h4>Request body</h4>\n<table><tr><th>media type</th><th>schema</th></tr>\n");
            JsonObject content = body.getJsonObject("content", new JsonObject());
            for (String media : content.fieldNames()) {
                row(media, schemaText(content.getJsonObject(media).getJsonObject("schema", new JsonObject())));
            }
            out.append("</table>\n");
            paragraph(body.getString("description"));
        }
        JsonObject responses = o.getJsonObject("responses", new JsonObject());
        out.append("<h4>Responses</h4>\n<table><tr><th>status</th><th>description</th><th>media types</th>")
                .append("<th>headers</th></tr>\n");
        for (String status : responses.fieldNames()) {
            JsonObject r = resolve(responses.getJsonObject(status));
            String media = String.join(
                    ", ", r.getJsonObject("content", new JsonObject()).fieldNames());
            String headers = String.join(
                    ", ", r.getJsonObject("headers", new JsonObject()).fieldNames());
            row(status, r.getString("description", ""), media, headers);
        }
        out.append("</table></section>\n");
    }

    private void schemas() {
        JsonObject schemas = doc.getJsonObject("components", new JsonObject()).getJsonObject("schemas");
        if (schemas == null) {
            return;
        }
        out.append("<h2>Schemas</h2>\n");
        for (String name : schemas.fieldNames()) {
            JsonObject s = schemas.getJsonObject(name);
            out.append("<h3 id=\"schema-")
                    .append(esc(name))
                    .append("\">")
                    .append(esc(name))
                    .append("</h3>\n");
            paragraph(s.getString("description"));
            JsonObject props = s.getJsonObject("properties", new JsonObject());
            if (props.isEmpty()) {
                out.append("<p><code>").append(esc(schemaText(s))).append("</code></p>\n");
                continue;
            }
            JsonArray required = s.getJsonArray("required", new JsonArray());
            out.append("<table><tr><th>property</th><th>required</th><th>schema</th><th>description</th></tr>\n");
            for (String prop : props.fieldNames()) {
                JsonObject p = props.getJsonObject(prop);
                row(prop, required.contains(prop) ? "yes" : "no", schemaText(p), p.getString("description", ""));
            }
            out.append("</table>\n");
        }
    }

    /** A one-line description of a schema: type, enum, pattern, default, reference. */
    private static String schemaText(JsonObject schema) {
        if (schema.containsKey("$ref")) {
            return refName(schema.getString("$ref"));
        }
        List<String> parts = new ArrayList<>();
        Object type = schema.getValue("type");
        if (type instanceof JsonArray types) {
            parts.add(types.stream().map(String::valueOf).collect(Collectors.joining(" | ")));
        } else if (type != null) {
            parts.add(type.toString());
        }
        if (schema.getValue("items") instanceof JsonObject items) {
            parts.add("of " + schemaText(items));
        }
        if (schema.containsKey("enum")) {
            parts.add("one of "
                    + schema.getJsonArray("enum").stream().map(String::valueOf).collect(Collectors.joining(", ")));
        }
        for (String key : List.of("format", "contentMediaType", "contentEncoding", "pattern", "default", "maxLength")) {
            if (schema.containsKey(key)) {
                parts.add(key + " " + schema.getValue(key));
            }
        }
        return String.join("; ", parts);
    }

    private JsonObject resolve(JsonObject maybeRef) {
        JsonObject current = maybeRef;
        for (int depth = 0; depth < 8 && current.containsKey("$ref"); depth++) {
            String ref = current.getString("$ref");
            if (!ref.startsWith("#/")) {
                return current;
            }
            Object node = doc;
            for (String segment : ref.substring(2).split("/")) {
                node = node instanceof JsonObject o
                        ? o.getValue(segment.replace("~1", "/").replace("~0", "~"))
                        : null;
            }
            if (!(node instanceof JsonObject resolved)) {
                return current;
            }
            current = resolved;
        }
        return current;
    }

    private static String refName(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private static String anchor(String[] op) {
        return op[1] + "-" + op[0].replaceAll("[^A-Za-z0-9]+", "-");
    }

    private void paragraph(String text) {
        if (text != null && !text.isBlank()) {
            out.append("<p>").append(prose(text.strip())).append("</p>\n");
        }
    }

    private void row(String... cells) {
        out.append("<tr>");
        for (int i = 0; i < cells.length; i++) {
            String cell = esc(cells[i]);
            out.append("<td>")
                    .append(i == 0 ? "<code>" + cell + "</code>" : prose(cells[i]))
                    .append("</td>");
        }
        out.append("</tr>\n");
    }

    /** Escaped text whose Markdown code spans ({@code `x`}, as the document writes them) become {@code <code>}. */
    static String prose(String s) {
        return CODE_SPAN.matcher(esc(s)).replaceAll("<code>$1</code>");
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
