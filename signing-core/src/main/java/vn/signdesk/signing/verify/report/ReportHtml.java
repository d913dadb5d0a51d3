package vn.signdesk.signing.verify.report;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import vn.signdesk.signing.verify.VerificationReport;
import vn.signdesk.signing.verify.report.ReportContent.Certificate;
import vn.signdesk.signing.verify.report.ReportContent.Content;
import vn.signdesk.signing.verify.report.ReportContent.Field;
import vn.signdesk.signing.verify.report.ReportContent.Section;

/**
 * The verification report as a self-contained HTML page a person reads, in Vietnamese or English:
 * the verdict in plain words at the top, the document's SHA-256, then every signature with who signed,
 * when, what changed after signing, its certificate chain, revocation and messages.
 *
 * <p>Implementation notes: one UTF-8 page with its CSS in a {@code <style>} element and no external
 * resource of any kind; a Content-Security-Policy meta element forbids scripts and loads, so even a
 * page served from a file or an e-mail cannot reach out. Every text from the report (names, subjects,
 * messages) passes through {@link #escape}: {@code & < > " '} become references and characters HTML
 * does not allow (C0/C1 controls other than white space, unpaired surrogates) become U+FFFD. Texts are
 * NFC-normalised so Vietnamese letters compare and render as one character each.
 */
public final class ReportHtml {

    private static final String CSS =
            """
            :root{color-scheme:light}
            *{box-sizing:border-box}
            body{margin:0;background:#f4f5f7;color:#1d2433;font:15px/1.5 "Segoe UI",Roboto,"Noto Sans","Liberation Sans",Arial,sans-serif}
            main{max-width:900px;margin:24px auto;padding:0 16px}
            h1{font-size:22px;margin:0 0 16px;color:#12305a}
            h2{font-size:18px;margin:0;display:flex;justify-content:space-between;gap:12px;align-items:baseline}
            h3{font-size:15px;margin:18px 0 6px;color:#12305a}
            .verdict{border-left:8px solid;border-radius:6px;padding:14px 18px;margin-bottom:18px}
            .verdict p{margin:4px 0 0}
            .verdict .headline{font-size:21px;font-weight:700;margin:0}
            .GOOD{border-color:#1b7f3b;background:#e7f5ec}.GOOD .headline,.GOOD .status{color:#1b7f3b}
            .BAD{border-color:#b42318;background:#fdecea}.BAD .headline,.BAD .status{color:#b42318}
            .UNSURE{border-color:#b25e09;background:#fff4e5}.UNSURE .headline,.UNSURE .status{color:#9a5008}
            .NEUTRAL{border-color:#667085;background:#eef0f3}.NEUTRAL .headline,.NEUTRAL .status{color:#475467}
            .card{background:#fff;border:1px solid #d9dde5;border-radius:6px;padding:14px 18px;margin-bottom:16px}
            .card.sig{border-left:6px solid}
            .card.sig.GOOD{border-left-color:#1b7f3b}.card.sig.BAD{border-left-color:#b42318}
            .card.sig.UNSURE{border-left-color:#b25e09}.card.sig.NEUTRAL{border-left-color:#667085}
            .status{font-size:15px;font-weight:700;white-space:nowrap}
            dl{display:grid;grid-template-columns:minmax(140px,30%) 1fr;gap:4px 16px;margin:10px 0 0}
            dt{color:#5b6475}
            dd{margin:0;overflow-wrap:anywhere}
            .cert{border-top:1px dashed #d9dde5;padding-top:6px;margin-top:8px}
            .cert h4{margin:4px 0 0;font-size:14px}
            ul{margin:4px 0 0;padding-left:20px}
            footer{color:#667085;font-size:12px;margin:8px 0 24px}
            @media print{body{background:#fff}main{margin:0}.card{break-inside:avoid}}
            """;

    private ReportHtml() {}

    /** The report as an HTML page in the language of {@code locale} (Vietnamese, else English). */
    public static String write(VerificationReport report, Locale locale) {
        return write(report, ReportLanguage.of(locale));
    }

    /** The report as an HTML page in {@code language}. */
    public static String write(VerificationReport report, ReportLanguage language) {
        Content c = ReportContent.of(report, language);
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"").append(c.languageTag()).append("\">\n<head>\n");
        h.append("<meta charset=\"utf-8\">\n");
        h.append(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
        h.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.append("<title>").append(escape(c.title())).append("</title>\n");
        h.append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        h.append("<h1>").append(escape(c.title())).append("</h1>\n");

        h.append("<section class=\"verdict ").append(c.tone()).append("\">\n");
        h.append("<p class=\"headline\">").append(escape(c.headline())).append("</p>\n");
        for (String line : c.summary()) {
            h.append("<p>").append(escape(line)).append("</p>\n");
        }
        h.append("</section>\n");

        h.append("<section class=\"card\">\n");
        fields(h, c.documentFields());
        h.append("</section>\n");

        for (Section s : c.sections()) {
            h.append("<section class=\"card sig ").append(s.tone()).append("\">\n");
            h.append("<h2><span>")
                    .append(escape(s.title()))
                    .append("</span><span class=\"status\">")
                    .append(escape(s.status()))
                    .append("</span></h2>\n");
            fields(h, s.fields());
            if (!s.chain().isEmpty()) {
                h.append("<h3>").append(escape(s.chainTitle())).append("</h3>\n");
                for (Certificate cert : s.chain()) {
                    h.append("<div class=\"cert\">\n<h4>")
                            .append(escape(cert.title()))
                            .append("</h4>\n");
                    fields(h, cert.fields());
                    h.append("</div>\n");
                }
            }
            if (!s.messages().isEmpty()) {
                h.append("<h3>").append(escape(s.messagesTitle())).append("</h3>\n<ul>\n");
                for (String message : s.messages()) {
                    h.append("<li>").append(escape(message)).append("</li>\n");
                }
                h.append("</ul>\n");
            }
            h.append("</section>\n");
        }
        h.append("<footer>").append(escape(c.footer())).append("</footer>\n");
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void fields(StringBuilder h, List<Field> fields) {
        h.append("<dl>\n");
        for (Field f : fields) {
            h.append("<dt>")
                    .append(escape(f.label()))
                    .append("</dt><dd>")
                    .append(escape(f.value()))
                    .append("</dd>\n");
        }
        h.append("</dl>\n");
    }

    /** {@code text} safe as HTML element content or a quoted attribute value. */
    static String escape(String text) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(nfc.length() + 16);
        for (int i = 0; i < nfc.length(); i++) {
            char c = nfc.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c)
                            && i + 1 < nfc.length()
                            && Character.isLowSurrogate(nfc.charAt(i + 1))) {
                        out.append(c).append(nfc.charAt(++i));
                    } else if (Character.isSurrogate(c)
                            || (Character.isISOControl(c) && c != '\n' && c != '\t' && c != '\r')) {
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
