package vn.signdesk.api;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import vn.signdesk.signing.InvalidRequestException;
import vn.signdesk.signing.verify.VerificationReport;
import vn.signdesk.signing.verify.VerifyOptions;
import vn.signdesk.signing.verify.report.ReportHtml;
import vn.signdesk.signing.verify.report.ReportJson;
import vn.signdesk.signing.verify.report.ReportLanguage;
import vn.signdesk.signing.verify.report.ReportPdf;

/**
 * The forms a verification report is given in, by the command line ({@code --format}) and the
 * service ({@code ?report=}): the contract's JSON, the ETSI TS 119 102-2 validation report, and a
 * page a person reads, as HTML or PDF, in Vietnamese or English.
 */
public enum ReportFormat {
    JSON("application/json"),
    ETSI("application/xml"),
    HTML("text/html; charset=utf-8"),
    PDF("application/pdf");

    private final String contentType;

    ReportFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The media type of the rendered report. */
    public String contentType() {
        return contentType;
    }

    /** The verification options this format needs (the ETSI report must be kept by the verifier). */
    public VerifyOptions options() {
        return this == ETSI ? new VerifyOptions(null, true, false, false) : VerifyOptions.DEFAULT;
    }

    /** Renders {@code report} in this format; {@code lang} is {@code vi} or {@code en} (HTML, PDF). */
    public byte[] render(VerificationReport report, String lang) {
        return switch (this) {
            case JSON -> ReportJson.write(report).getBytes(StandardCharsets.UTF_8);
            case ETSI -> {
                String xml = report.raw().etsiValidationReportOrNull();
                if (xml == null) {
                    throw new InvalidRequestException("no ETSI validation report was produced for this document");
                }
                yield xml.getBytes(StandardCharsets.UTF_8);
            }
            case HTML -> ReportHtml.write(report, language(lang)).getBytes(StandardCharsets.UTF_8);
            case PDF -> ReportPdf.write(report, language(lang));
        };
    }

    /** Parses {@code json}, {@code etsi}, {@code html} or {@code pdf}; null means JSON. */
    public static ReportFormat parse(String textOrNull) {
        if (textOrNull == null) {
            return JSON;
        }
        try {
            return valueOf(textOrNull.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(
                    "unknown report format '" + textOrNull + "': use json, etsi, html or pdf");
        }
    }

    private static ReportLanguage language(String lang) {
        try {
            return ReportLanguage.forTag(lang == null ? "vi" : lang);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("unknown report language '" + lang + "': use vi or en");
        }
    }
}
