package vn.signdesk.signing.verify.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import vn.signdesk.signing.verify.ChangeKind;
import vn.signdesk.signing.verify.VerificationReport;
import vn.signdesk.signing.verify.VerificationReport.CertificateInfo;
import vn.signdesk.signing.verify.VerificationReport.Indication;
import vn.signdesk.signing.verify.VerificationReport.Revocation;
import vn.signdesk.signing.verify.VerificationReport.SignatureReport;
import vn.signdesk.signing.verify.VerificationReport.TrustAnchor;

/**
 * What a human-readable verification report says, in one language, independently of how it is laid
 * out: the verdict in plain words, the document's facts, then one section per signature with its facts,
 * certificate chain and messages. {@link ReportHtml} and {@link ReportPdf} both lay out this content, so
 * the page and the PDF always say the same thing.
 *
 * <p>Implementation notes: every sentence is written here in both languages side by side ({@link #w}),
 * so a reviewer reads the Vietnamese beside the English it translates. Times are shown in ISO 8601 at
 * Asia/Ho_Chi_Minh (+07:00), to the second. Sub-indications are the ETSI EN 319 102-1 §5.1.3 names.
 */
final class ReportContent {

    /** How a verdict or a signature should look: passed, failed, undecided or neither. */
    enum Tone {
        GOOD,
        BAD,
        UNSURE,
        NEUTRAL
    }

    /** A labelled fact. */
    record Field(String label, String value) {}

    /** One certificate of a chain: a title (its common name) and its facts. */
    record Certificate(String title, List<Field> fields) {}

    /** One signature or document timestamp. */
    record Section(
            String title,
            Tone tone,
            String status,
            List<Field> fields,
            String chainTitle,
            List<Certificate> chain,
            String messagesTitle,
            List<String> messages) {}

    /** The whole report. */
    record Content(
            String languageTag,
            String title,
            Tone tone,
            String headline,
            List<String> summary,
            List<Field> documentFields,
            List<Section> sections,
            String footer,
            String pageWord,
            String ofWord) {}

    private static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    private final ReportLanguage language;

    private ReportContent(ReportLanguage language) {
        this.language = language;
    }

    /** The content of {@code report} in {@code language}. */
    static Content of(VerificationReport report, ReportLanguage language) {
        return new ReportContent(language).content(report);
    }

    /** {@code instant} in ISO 8601 at +07:00, to the second, e.g. {@code 2026-11-22T09:30:00+07:00}. */
    static String time(Instant instant) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                instant.truncatedTo(ChronoUnit.SECONDS).atZone(ZONE).toOffsetDateTime());
    }

    private String w(String vi, String en) {
        return language == ReportLanguage.VI ? vi : en;
    }

    private Content content(VerificationReport report) {
        List<SignatureReport> signatures = report.signatures();
        List<Section> sections = new ArrayList<>();
        for (int i = 0; i < signatures.size(); i++) {
            sections.add(section(signatures.get(i), i + 1));
        }
        List<Field> documentFields = new ArrayList<>(List.of(
                new Field(w("Mã SHA-256 của tài liệu", "Document SHA-256"), report.documentSha256()),
                new Field(w("Thời điểm kiểm tra", "Validation time"), time(report.validationTime())),
                new Field(w("Chữ ký trong tài liệu", "Signatures in the document"), count(signatures))));
        if (signatures.size() > 1) {
            // With several signatures, one line each up front, before the details pages.
            for (int i = 0; i < signatures.size(); i++) {
                SignatureReport s = signatures.get(i);
                documentFields.add(new Field(
                        kind(s) + (i + 1), orUnknown(s.signer().commonNameOrNull()) + " — " + status(s.indication())));
            }
        }
        return new Content(
                language.tag(),
                w("Báo cáo kiểm tra chữ ký số", "Digital signature verification report"),
                tone(report.verdict()),
                headline(report),
                summary(report),
                documentFields,
                sections,
                w("SignDesk · Báo cáo kiểm tra chữ ký số", "SignDesk · Digital signature verification report"),
                w("Trang", "Page"),
                w("/", "of"));
    }

    private static Tone tone(VerificationReport.Verdict verdict) {
        return switch (verdict) {
            case TOTAL_PASSED -> Tone.GOOD;
            case TOTAL_FAILED -> Tone.BAD;
            case INDETERMINATE -> Tone.UNSURE;
            case NO_SIGNATURE -> Tone.NEUTRAL;
        };
    }

    private static Tone tone(Indication indication) {
        return switch (indication) {
            case TOTAL_PASSED -> Tone.GOOD;
            case TOTAL_FAILED -> Tone.BAD;
            case INDETERMINATE -> Tone.UNSURE;
        };
    }

    private String headline(VerificationReport report) {
        List<SignatureReport> signatures = report.signatures();
        return switch (report.verdict()) {
            case NO_SIGNATURE -> w("Tài liệu không có chữ ký số", "The document has no digital signature");
            case TOTAL_PASSED -> {
                boolean onlyTimestamps = signatures.stream().allMatch(SignatureReport::documentTimestamp);
                if (onlyTimestamps) {
                    yield signatures.size() == 1
                            ? w("Dấu thời gian hợp lệ", "The timestamp is valid")
                            : w("Tất cả dấu thời gian đều hợp lệ", "All timestamps are valid");
                }
                yield signatures.size() == 1
                        ? w("Chữ ký hợp lệ", "The signature is valid")
                        : w("Tất cả chữ ký đều hợp lệ", "All signatures are valid");
            }
            case TOTAL_FAILED -> {
                boolean changed = signatures.stream()
                        .anyMatch(s -> s.indication() == Indication.TOTAL_FAILED
                                && s.changesAfterSigning() == ChangeKind.OTHER);
                if (changed) {
                    yield w("Tài liệu đã bị thay đổi sau khi ký", "The document was changed after it was signed");
                }
                boolean altered =
                        signatures.stream().anyMatch(s -> s.indication() == Indication.TOTAL_FAILED && !s.intact());
                if (altered) {
                    yield w(
                            "Chữ ký không hợp lệ: nội dung đã ký không còn nguyên vẹn",
                            "The signature is not valid: the signed content is not intact");
                }
                yield signatures.size() == 1
                        ? w("Chữ ký không hợp lệ", "The signature is not valid")
                        : w("Có chữ ký không hợp lệ", "At least one signature is not valid");
            }
            case INDETERMINATE ->
                signatures.size() == 1
                        ? w("Chưa xác định được chữ ký có hợp lệ hay không", "The signature could not be confirmed")
                        : w(
                                "Chưa xác định được tất cả chữ ký có hợp lệ hay không",
                                "Not every signature could be confirmed");
        };
    }

    private List<String> summary(VerificationReport report) {
        List<SignatureReport> signatures = report.signatures();
        List<String> lines = new ArrayList<>();
        switch (report.verdict()) {
            case NO_SIGNATURE ->
                lines.add(w(
                        "Không tìm thấy chữ ký số hay dấu thời gian nào trong tài liệu; tài liệu không chứng minh được ai"
                                + " đã ban hành nó.",
                        "No digital signature or timestamp was found; the document does not prove who issued it."));
            case TOTAL_PASSED -> {
                ChangeKind worst = signatures.stream()
                        .map(SignatureReport::changesAfterSigning)
                        .max(Enum::compareTo)
                        .orElse(ChangeKind.NONE);
                lines.add(w("Sau khi ký: ", "After signing: ") + lowerFirst(changes(worst)));
            }
            default -> {
                for (int i = 0; i < signatures.size(); i++) {
                    SignatureReport s = signatures.get(i);
                    if (s.indication() != Indication.TOTAL_PASSED) {
                        lines.add(title(s, i + 1) + ": " + lowerFirst(reason(s)));
                    }
                }
            }
        }
        // what concerns the document rather than one signature: unlisted signature dictionaries, a raw scan
        lines.addAll(ReportWords.sentences(report.findings(), language));
        return lines;
    }

    private String count(List<SignatureReport> signatures) {
        long timestamps =
                signatures.stream().filter(SignatureReport::documentTimestamp).count();
        long signed = signatures.size() - timestamps;
        if (signatures.isEmpty()) {
            return w("Không có", "None");
        }
        String sig = w(signed + " chữ ký", signed + (signed == 1 ? " signature" : " signatures"));
        String ts = w(
                timestamps + " dấu thời gian tài liệu",
                timestamps + (timestamps == 1 ? " document timestamp" : " document timestamps"));
        if (timestamps == 0) {
            return sig;
        }
        return signed == 0 ? ts : sig + w(" và ", " and ") + ts;
    }

    private String kind(SignatureReport s) {
        return s.documentTimestamp() ? w("Dấu thời gian ", "Document timestamp ") : w("Chữ ký ", "Signature ");
    }

    private String title(SignatureReport s, int number) {
        String name = s.signer().commonNameOrNull();
        return kind(s) + number + (name == null || name.isBlank() ? "" : " (" + name + ")");
    }

    private Section section(SignatureReport s, int number) {
        boolean ts = s.documentTimestamp();
        List<Field> fields = new ArrayList<>();
        fields.add(new Field(w("Kết quả", "Result"), status(s.indication()) + reasonSuffix(s)));
        fields.add(new Field(
                ts ? w("Đơn vị cấp dấu thời gian", "Timestamp authority") : w("Người ký", "Signed by"),
                orUnknown(s.signer().commonNameOrNull())));
        if (s.signer().organizationOrNull() != null) {
            fields.add(
                    new Field(w("Cơ quan, tổ chức", "Organisation"), s.signer().organizationOrNull()));
        }
        fields.add(new Field(
                w("Số hiệu chứng thư số", "Certificate serial"),
                orUnknown(s.signer().serialOrNull())));
        if (!ts) {
            fields.add(new Field(
                    w("Thời điểm ký (người ký tự khai)", "Signing time (as claimed)"),
                    s.claimedSigningTimeOrNull() == null
                            ? w("Không ghi", "Not stated")
                            : time(s.claimedSigningTimeOrNull())));
        }
        fields.add(new Field(
                ts ? w("Thời điểm đóng dấu", "Time stamped") : w("Thời điểm được chứng minh", "Time proved"),
                proved(s)));
        fields.add(new Field(
                w("Định dạng", "Format"), s.levelOrNull() == null ? w("Không xác định", "Unknown") : s.levelOrNull()));
        fields.add(new Field(
                w("Toàn vẹn", "Intact"),
                s.intact()
                        ? w(
                                "Có: giá trị chữ ký và mã băm khớp với phần tài liệu đã ký",
                                "Yes: the signature value and the digest of the signed bytes hold")
                        : w(
                                "Không: phần tài liệu đã ký bị sửa đổi hoặc chữ ký bị hỏng",
                                "No: the signed bytes were altered or the signature is damaged")));
        fields.add(new Field(
                w("Phạm vi", "Coverage"),
                s.coversWholeDocument()
                        ? w("Bao trùm toàn bộ tài liệu", "Covers the whole document")
                        : w(
                                "Không bao trùm toàn bộ: có dữ liệu được thêm vào sau phiên bản đã ký",
                                "Not the whole document: data was added after the signed revision")));
        fields.add(new Field(w("Thay đổi sau khi ký", "Changes after signing"), changes(s.changesAfterSigning())));
        fields.add(new Field(w("Tình trạng thu hồi", "Revocation"), revocation(s.revocation())));
        fields.add(new Field(w("Điểm tin cậy", "Trust anchor"), trustAnchor(s.trustAnchorOrNull())));

        List<Certificate> chain = new ArrayList<>();
        for (CertificateInfo c : s.chain()) {
            chain.add(new Certificate(
                    commonName(c.subject()),
                    List.of(
                            new Field(w("Chủ thể", "Subject"), c.subject()),
                            new Field(w("Tổ chức cấp", "Issuer"), c.issuer()),
                            new Field(
                                    w("Hiệu lực", "Valid"),
                                    w("từ ", "from ") + time(c.notBefore()) + w(" đến ", " to ") + time(c.notAfter())),
                            new Field(w("Số hiệu", "Serial"), c.serialHex()),
                            new Field("SHA-256", c.sha256()),
                            new Field(
                                    w("Được tin cậy", "Trusted"),
                                    c.trusted()
                                            ? w("Có: là điểm tin cậy đã cấu hình", "Yes: a configured trust anchor")
                                            : w("Không", "No")))));
        }
        List<String> messages = ReportWords.sentences(s.findings(), language);
        return new Section(
                title(s, number),
                tone(s.indication()),
                status(s.indication()),
                fields,
                w("Chuỗi chứng thư số", "Certificate chain"),
                chain,
                w("Chi tiết", "Details"),
                messages);
    }

    private String status(Indication indication) {
        return switch (indication) {
            case TOTAL_PASSED -> w("Hợp lệ", "Valid");
            case TOTAL_FAILED -> w("Không hợp lệ", "Not valid");
            case INDETERMINATE -> w("Chưa xác định", "Indeterminate");
        };
    }

    private String reasonSuffix(SignatureReport s) {
        if (s.subIndicationOrNull() == null) {
            return "";
        }
        return ": " + lowerFirst(subIndication(s.subIndicationOrNull())) + " (" + s.subIndicationOrNull() + ")";
    }

    /** Why a signature did not pass, in one clause: what changed, else its sub-indication. */
    private String reason(SignatureReport s) {
        if (s.indication() == Indication.TOTAL_FAILED && s.changesAfterSigning() == ChangeKind.OTHER) {
            return changes(ChangeKind.OTHER);
        }
        if (s.subIndicationOrNull() != null) {
            return subIndication(s.subIndicationOrNull());
        }
        if (!s.intact()) {
            return w("Phần tài liệu đã ký bị sửa đổi", "The signed bytes were altered");
        }
        return status(s.indication());
    }

    private String proved(SignatureReport s) {
        if (s.provenSigningTimeOrNull() == null) {
            return s.documentTimestamp()
                    ? w("Không xác định", "Unknown")
                    : w("Không có dấu thời gian chứng minh thời điểm ký", "No timestamp proves when it was signed");
        }
        String when = time(s.provenSigningTimeOrNull());
        String tsa = s.timestampedByOrNull();
        if (tsa == null || tsa.isBlank()) {
            return when + w(", bằng dấu thời gian", ", by a timestamp");
        }
        return when + w(", bằng dấu thời gian của " + tsa, ", by a timestamp from " + tsa);
    }

    private String changes(ChangeKind kind) {
        return switch (kind) {
            case NONE ->
                w("Không có gì được thêm vào hay sửa đổi sau khi ký", "Nothing was added or changed after signing");
            case LTA_UPDATES ->
                w(
                        "Chỉ bổ sung dữ liệu kiểm tra chứng thư và dấu thời gian để lưu trữ dài hạn",
                        "Only certificate validation data and archive timestamps were added, for long-term archival");
            case FORM_FILLING ->
                w(
                        "Chỉ điền biểu mẫu hoặc ký thêm vào ô chữ ký; nội dung đã ký không bị động tới",
                        "Only form fields were filled in or further signatures added; the signed content was not touched");
            case ANNOTATIONS ->
                w(
                        "Chỉ thêm, sửa hoặc xóa chú thích (ghi chú, con dấu); nội dung đã ký không bị động tới",
                        "Only annotations (comments, stamps) were added, changed or removed; the signed content was not"
                                + " touched");
            case OTHER ->
                w(
                        "Nội dung đã bị thay đổi sau khi ký (sửa nội dung trang, thêm hoặc bớt trang,"
                                + " hoặc sửa phần đã ký)",
                        "The content was changed after signing (page content edited, pages added or removed, or"
                                + " signed parts rewritten)");
        };
    }

    private String trustAnchor(TrustAnchor anchor) {
        if (anchor == null) {
            return w(
                    "Không có: chuỗi chứng thư không dẫn tới điểm tin cậy nào",
                    "None: the certificate chain reaches no trust anchor");
        }
        String name = orUnknown(anchor.commonNameOrNull());
        return anchor.bundleOrNull() == null
                ? name
                : name + w(" (bộ chứng thư tin cậy “", " (trust bundle \"") + anchor.bundleOrNull() + w("”)", "\")");
    }

    private String revocation(Revocation r) {
        String status =
                switch (r.status()) {
                    case GOOD -> w("Chứng thư số chưa bị thu hồi", "The certificate is not revoked");
                    case REVOKED -> w("Chứng thư số đã bị thu hồi", "The certificate has been revoked");
                    case UNKNOWN ->
                        w("Nơi cấp không nhận biết chứng thư số này", "The issuer does not recognise the certificate");
                    case UNAVAILABLE ->
                        w("Không lấy được thông tin thu hồi", "No revocation information could be obtained");
                };
        String source = r.sourceOrNull() == null
                ? null
                : switch (r.sourceOrNull()) {
                    case "OCSP" -> w("dịch vụ OCSP", "an OCSP responder");
                    case "CRL" -> w("danh sách chứng thư bị thu hồi (CRL)", "a certificate revocation list (CRL)");
                    case "EMBEDDED" -> w("dữ liệu kèm trong tài liệu", "data embedded in the document");
                    default -> r.sourceOrNull();
                };
        StringBuilder text = new StringBuilder(status);
        if (source != null) {
            text.append(w("; nguồn: ", "; source: ")).append(source);
        }
        if (r.cached()) {
            text.append(w(" (lấy từ bộ nhớ đệm)", " (from the cache)"));
        }
        return text.toString();
    }

    private static final Map<String, String[]> SUB_INDICATIONS = Map.ofEntries(
            entry(
                    "FORMAT_FAILURE",
                    "Chữ ký sai định dạng hoặc có cấu trúc bất thường",
                    "The signature is malformed or its structure is abnormal"),
            entry(
                    "HASH_FAILURE",
                    "Mã băm của phần đã ký không khớp, tức là nội dung đã bị sửa đổi",
                    "The digest of the signed bytes does not match, so the content was altered"),
            entry(
                    "SIG_CRYPTO_FAILURE",
                    "Giá trị chữ ký không khớp với khóa công khai của người ký",
                    "The signature value does not match the signer's public key"),
            entry("REVOKED", "Chứng thư số của người ký đã bị thu hồi", "The signer's certificate has been revoked"),
            entry(
                    "SIG_CONSTRAINTS_FAILURE",
                    "Chữ ký không đáp ứng chính sách kiểm tra",
                    "The signature does not meet the validation policy"),
            entry(
                    "CHAIN_CONSTRAINTS_FAILURE",
                    "Chuỗi chứng thư số không đáp ứng chính sách kiểm tra",
                    "The certificate chain does not meet the validation policy"),
            entry(
                    "CERTIFICATE_CHAIN_GENERAL_FAILURE",
                    "Chuỗi chứng thư số không hợp lệ",
                    "The certificate chain is not valid"),
            entry(
                    "CRYPTO_CONSTRAINTS_FAILURE",
                    "Thuật toán mật mã đã dùng không còn được chấp nhận",
                    "A cryptographic algorithm used is no longer acceptable"),
            entry(
                    "CRYPTO_CONSTRAINTS_FAILURE_NO_POE",
                    "Thuật toán mật mã không còn được chấp nhận và không có bằng chứng chữ ký được tạo trước đó",
                    "A cryptographic algorithm is no longer acceptable and nothing proves the signature existed"
                            + " before"),
            entry(
                    "EXPIRED",
                    "Chứng thư số đã hết hạn tại thời điểm kiểm tra",
                    "The certificate had expired at the validation time"),
            entry("NOT_YET_VALID", "Chứng thư số chưa có hiệu lực", "The certificate was not yet valid"),
            entry(
                    "POLICY_PROCESSING_ERROR",
                    "Không xử lý được chính sách chữ ký",
                    "The signature policy could not be processed"),
            entry(
                    "SIGNATURE_POLICY_NOT_AVAILABLE",
                    "Không tìm thấy chính sách chữ ký được dẫn chiếu",
                    "The signature policy referred to is not available"),
            entry(
                    "TIMESTAMP_ORDER_FAILURE",
                    "Thứ tự các dấu thời gian không hợp lý",
                    "The timestamps are out of order"),
            entry(
                    "NO_SIGNING_CERTIFICATE_FOUND",
                    "Không tìm thấy chứng thư số của người ký",
                    "The signer's certificate was not found"),
            entry(
                    "NO_CERTIFICATE_CHAIN_FOUND",
                    "Chứng thư số không dẫn tới một tổ chức chứng thực được tin cậy",
                    "The certificate does not chain up to a trusted authority"),
            entry(
                    "REVOKED_NO_POE",
                    "Chứng thư số đã bị thu hồi và không có bằng chứng chữ ký được tạo trước khi thu hồi",
                    "The certificate was revoked and nothing proves the signature was made before"),
            entry(
                    "REVOKED_CA_NO_POE",
                    "Chứng thư của tổ chức cấp đã bị thu hồi và không có bằng chứng chữ ký được tạo trước đó",
                    "An issuing certificate was revoked and nothing proves the signature was made before"),
            entry(
                    "OUT_OF_BOUNDS_NO_POE",
                    "Chứng thư số đã hết hạn và không có bằng chứng chữ ký được tạo khi còn hiệu lực",
                    "The certificate had expired and nothing proves the signature was made while it was valid"),
            entry(
                    "OUT_OF_BOUNDS_NOT_REVOKED",
                    "Chứng thư số đã hết hạn (chưa bị thu hồi) và không có bằng chứng chữ ký được tạo khi còn hiệu lực",
                    "The certificate had expired (not revoked) and nothing proves the signature was made while it"
                            + " was valid"),
            entry(
                    "REVOCATION_OUT_OF_BOUNDS_NO_POE",
                    "Thông tin thu hồi nằm ngoài thời hạn hiệu lực của chứng thư số",
                    "The revocation information lies outside the certificate's validity"),
            entry(
                    "NO_POE",
                    "Không có bằng chứng về thời điểm tạo chữ ký",
                    "Nothing proves when the signature was made"),
            entry(
                    "TRY_LATER",
                    "Chưa lấy được thông tin thu hồi của chứng thư số; vui lòng kiểm tra lại sau",
                    "The certificate's revocation status is not available yet; try again later"),
            entry("SIGNED_DATA_NOT_FOUND", "Không tìm thấy dữ liệu đã ký", "The signed data was not found"));

    private static Map.Entry<String, String[]> entry(String code, String vi, String en) {
        return Map.entry(code, new String[] {vi, en});
    }

    private String subIndication(String code) {
        String[] words = SUB_INDICATIONS.get(code);
        if (words == null) {
            return w("Lý do: " + code, "Reason: " + code);
        }
        return language == ReportLanguage.VI ? words[0] : words[1];
    }

    private String orUnknown(String value) {
        return value == null || value.isBlank() ? w("Không rõ", "Unknown") : value;
    }

    /** The CN of an RFC 2253 / 4514 distinguished name, or the whole name when it has none. */
    private static String commonName(String dn) {
        int at = dn.startsWith("CN=") ? 0 : dn.indexOf(",CN=") + 1;
        if (at == 0 && !dn.startsWith("CN=")) {
            return dn;
        }
        int start = at + 3;
        StringBuilder cn = new StringBuilder();
        for (int i = start; i < dn.length(); i++) {
            char c = dn.charAt(i);
            if (c == '\\' && i + 1 < dn.length()) {
                cn.append(dn.charAt(++i));
            } else if (c == ',' || c == '+') {
                break;
            } else {
                cn.append(c);
            }
        }
        return cn.toString();
    }

    private String lowerFirst(String sentence) {
        // Vietnamese and English sentences here start with an ordinary word, never a name or acronym.
        return sentence.isEmpty() ? sentence : Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
    }
}
