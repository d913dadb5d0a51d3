package vn.signdesk.signing.verify.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import vn.signdesk.signing.verify.Finding;
import vn.signdesk.signing.verify.VerificationReport;
import vn.signdesk.signing.verify.VerificationReport.CertificateInfo;
import vn.signdesk.signing.verify.VerificationReport.SignatureReport;
import vn.signdesk.signing.verify.VerificationReport.TrustAnchor;

/**
 * The verification report as JSON, with exactly the field names and shapes of CONTRACT.md's
 * "Verification report (JSON, the fields scripts read)", plus a few fields scripts may also want:
 * {@code validationTime}, the document's own {@code messages} (what concerns no one signature, in
 * the shape of a signature's), and per signature {@code documentTimestamp}, {@code claimedSigningTime},
 * {@code provenSigningTime}, {@code timestampedBy}, {@code chain} and {@code trustAnchor} (the
 * trusted certificate the chain ends at: {@code commonName}, {@code sha256} and the {@code bundle}
 * it came from, or null).
 *
 * <p>Implementation notes: written by hand, since signing-core has no JSON library and needs none for
 * one fixed shape. Strings are escaped per RFC 8259 §7: quotation mark, reverse solidus and every
 * control character; U+2028 and U+2029 too, so the output can be pasted into a script; an unpaired
 * surrogate (not encodable as UTF-8) becomes U+FFFD. Everything else is kept as UTF-8, so Vietnamese
 * stays readable. Times are ISO 8601 at +07:00 like the human reports; absent values are {@code null},
 * never omitted, so every contract field is always present. Output is indented by two spaces.
 */
public final class ReportJson {

    private ReportJson() {}

    /** The report as a JSON document (ends with a newline). */
    public static String write(VerificationReport report) {
        Json json = new Json();
        json.beginObject();
        json.name("documentSha256").value(report.documentSha256());
        json.name("verdict").value(report.verdict().name());
        json.name("validationTime").value(report.validationTime());
        messages(json, report.findings());
        json.name("signatures").beginArray();
        for (SignatureReport s : report.signatures()) {
            signature(json, s);
        }
        json.endArray();
        json.endObject();
        return json.out.append('\n').toString();
    }

    /** Writes the report as UTF-8 JSON to {@code out}, which stays open. */
    public static void write(VerificationReport report, OutputStream out) throws IOException {
        out.write(write(report).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void signature(Json json, SignatureReport s) {
        json.beginObject();
        json.name("id").value(s.id());
        json.name("documentTimestamp").value(s.documentTimestamp());
        json.name("indication").value(s.indication().name());
        json.name("subIndication").value(s.subIndicationOrNull());
        json.name("level").value(s.levelOrNull());
        json.name("signer").beginObject();
        json.name("commonName").value(s.signer().commonNameOrNull());
        json.name("organization").value(s.signer().organizationOrNull());
        json.name("serial").value(s.signer().serialOrNull());
        json.endObject();
        json.name("claimedSigningTime").value(s.claimedSigningTimeOrNull());
        json.name("provenSigningTime").value(s.provenSigningTimeOrNull());
        json.name("timestampedBy").value(s.timestampedByOrNull());
        json.name("intact").value(s.intact());
        json.name("coversWholeDocument").value(s.coversWholeDocument());
        json.name("changesAfterSigning").value(s.changesAfterSigning().name());
        json.name("revocation").beginObject();
        json.name("status").value(s.revocation().status().name());
        json.name("source").value(s.revocation().sourceOrNull());
        json.name("cached").value(s.revocation().cached());
        json.endObject();
        json.name("chain").beginArray();
        for (CertificateInfo c : s.chain()) {
            json.beginObject();
            json.name("subject").value(c.subject());
            json.name("issuer").value(c.issuer());
            json.name("serial").value(c.serialHex());
            json.name("notBefore").value(c.notBefore());
            json.name("notAfter").value(c.notAfter());
            json.name("sha256").value(c.sha256());
            json.name("trusted").value(c.trusted());
            json.endObject();
        }
        json.endArray();
        trustAnchor(json, s.trustAnchorOrNull());
        messages(json, s.findings());
        json.endObject();
    }

    private static void trustAnchor(Json json, TrustAnchor anchor) {
        json.name("trustAnchor");
        if (anchor == null) {
            json.value((String) null);
            return;
        }
        json.beginObject();
        json.name("commonName").value(anchor.commonNameOrNull());
        json.name("sha256").value(anchor.sha256OrNull());
        json.name("bundle").value(anchor.bundleOrNull());
        json.endObject();
    }

    /** A {@code messages} member: the findings' sentences in Vietnamese and English. */
    private static void messages(Json json, List<Finding> findings) {
        json.name("messages").beginObject();
        json.name("vi");
        strings(json, ReportWords.sentences(findings, ReportLanguage.VI));
        json.name("en");
        strings(json, ReportWords.sentences(findings, ReportLanguage.EN));
        json.endObject();
    }

    private static void strings(Json json, List<String> values) {
        json.beginArray();
        for (String value : values) {
            json.value(value);
        }
        json.endArray();
    }

    /** Appends {@code value} to {@code out} as a JSON string literal, quotes included. */
    static void quote(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7F || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else if (Character.isHighSurrogate(c)
                            && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** A minimal indenting JSON writer: separators and indentation follow from the nesting. */
    private static final class Json {
        final StringBuilder out = new StringBuilder(2048);
        private int depth;
        private boolean first = true;
        private boolean afterName;

        Json beginObject() {
            open('{');
            return this;
        }

        Json endObject() {
            close('}');
            return this;
        }

        Json beginArray() {
            open('[');
            return this;
        }

        Json endArray() {
            close(']');
            return this;
        }

        Json name(String name) {
            separate();
            quote(name, out);
            out.append(": ");
            afterName = true;
            return this;
        }

        void value(String value) {
            separate();
            if (value == null) {
                out.append("null");
            } else {
                quote(value, out);
            }
        }

        void value(boolean value) {
            separate();
            out.append(value);
        }

        void value(Instant value) {
            value(value == null ? null : ReportContent.time(value));
        }

        private void open(char bracket) {
            separate();
            out.append(bracket);
            depth++;
            first = true;
        }

        private void close(char bracket) {
            depth--;
            if (!first) {
                newline();
            }
            out.append(bracket);
            first = false;
        }

        /** Before a member or element: the comma and newline, unless it follows its name. */
        private void separate() {
            if (afterName) {
                afterName = false;
                return;
            }
            if (depth > 0) {
                if (!first) {
                    out.append(',');
                }
                newline();
            }
            first = false;
        }

        private void newline() {
            out.append('\n');
            out.append("  ".repeat(depth));
        }
    }
}
