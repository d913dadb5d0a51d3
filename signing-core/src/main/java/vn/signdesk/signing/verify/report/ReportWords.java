package vn.signdesk.signing.verify.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import vn.signdesk.signing.verify.ChangeKind;
import vn.signdesk.signing.verify.Finding;
import vn.signdesk.signing.verify.Finding.ByteRangeNotStandard;
import vn.signdesk.signing.verify.Finding.ChangeDetail;
import vn.signdesk.signing.verify.Finding.Changes;
import vn.signdesk.signing.verify.Finding.Note;
import vn.signdesk.signing.verify.Finding.RawScanDisagrees;
import vn.signdesk.signing.verify.Finding.Reason;
import vn.signdesk.signing.verify.Finding.TrustAnchorReached;
import vn.signdesk.signing.verify.Finding.TrustedListService;
import vn.signdesk.signing.verify.Finding.UnlistedSignatureDictionary;
import vn.signdesk.signing.verify.Finding.Verdict;

/**
 * The sentences of a report: each {@link Finding} said plainly for a branch officer, in Vietnamese
 * and in English, rather than in ETSI terms. The JSON report's {@code messages} and the human
 * reports' details are these sentences.
 *
 * <p>Implementation notes: each finding's words are written side by side ({@link #words}), so a
 * reviewer reads the Vietnamese beside the English it translates. Some findings say nothing (no
 * change after a signature that covers the whole document is not news).
 */
public final class ReportWords {

    private ReportWords() {}

    /**
     * The sentences of {@code findings}, in order, in {@code language}, each said once (two findings
     * may reach the same conclusion, e.g. a HASH_FAILURE reason and a content mismatch).
     */
    public static List<String> sentences(List<Finding> findings, ReportLanguage language) {
        List<String> out = new ArrayList<>(findings.size());
        Set<Words> said = new HashSet<>();
        for (Finding f : findings) {
            Words w = words(f);
            if (w != null && said.add(w)) {
                out.add(language == ReportLanguage.VI ? w.vi() : w.en());
            }
        }
        return out;
    }

    /** One sentence in both languages. */
    private record Words(String vi, String en) {}

    /** The words of one finding, or null when it says nothing. */
    private static Words words(Finding f) {
        Objects.requireNonNull(f, "finding");
        if (f instanceof Verdict v) {
            return verdict(v);
        }
        if (f instanceof Changes c) {
            return changes(c.kind(), c.coversWholeDocument());
        }
        if (f instanceof ChangeDetail d) {
            return new Words("Thay đổi: " + d.detail(), "Change: " + d.detail());
        }
        if (f instanceof Reason r) {
            return reason(r.subIndication());
        }
        if (f instanceof ByteRangeNotStandard b) {
            return new Words(
                    "Vùng dữ liệu được ký (ByteRange) bất thường: có phần của tệp không được chữ ký bảo vệ.",
                    "The signed byte range is not standard: "
                            + Objects.requireNonNullElse(b.anomalyOrNull(), "part of the file is not protected")
                            + ".");
        }
        if (f instanceof TrustedListService s) {
            return new Words(
                    "Chứng thư tin cậy lấy từ danh sách tin cậy " + s.territory() + ": dịch vụ “" + s.service()
                            + "” của “" + s.provider() + "”, trạng thái " + s.status() + ".",
                    "Trust anchor from the trusted list of " + s.territory() + ": service \"" + s.service() + "\" of \""
                            + s.provider() + "\", status " + s.status() + ".");
        }
        if (f instanceof TrustAnchorReached t) {
            return trustAnchor(t);
        }
        if (f instanceof UnlistedSignatureDictionary u) {
            return unlisted(u);
        }
        if (f instanceof RawScanDisagrees r) {
            return rawScan(r);
        }
        if (f instanceof Note n) {
            return note(n);
        }
        throw new IllegalArgumentException("no words for the finding " + f);
    }

    private static Words trustAnchor(TrustAnchorReached t) {
        String name = Objects.requireNonNullElse(t.commonNameOrNull(), "?");
        String bundle = t.bundleOrNull();
        return new Words(
                "Chuỗi chứng thư dẫn tới điểm tin cậy “" + name + "”"
                        + (bundle == null ? "" : " thuộc bộ chứng thư tin cậy “" + bundle + "”") + ".",
                "The certificate chain ends at the trust anchor \"" + name + "\""
                        + (bundle == null ? "" : " of the trust bundle \"" + bundle + "\"") + ".");
    }

    private static Words unlisted(UnlistedSignatureDictionary u) {
        return switch (u.placement()) {
            case USAGE_RIGHTS ->
                new Words(
                        "Tài liệu mang một chữ ký quyền sử dụng (" + u.object() + ", trong /Perms) do phần mềm tạo"
                                + " tệp thêm vào; nó không ký nội dung tài liệu và không được kiểm tra.",
                        "The document carries a usage-rights signature (" + u.object() + ", in /Perms) from the"
                                + " software that made it; it does not sign the document's content and is not checked.");
            case UNREFERENCED ->
                new Words(
                        "Tài liệu có một từ điển chữ ký (" + u.object() + ") mà không đối tượng nào tham chiếu tới;"
                                + " nó không phải chữ ký của tài liệu và không được kiểm tra.",
                        "The document holds a signature dictionary (" + u.object() + ") that nothing refers to; it"
                                + " is no signature of the document and is not checked.");
            default ->
                new Words(
                        "Tài liệu có một từ điển chữ ký (" + u.object() + ") không thuộc trường chữ ký nào; trình"
                                + " xem PDF không hiển thị nó như một chữ ký và nó không được kiểm tra.",
                        "The document holds a signature dictionary (" + u.object() + ") that belongs to no"
                                + " signature field; viewers do not show it as a signature, and it is not checked.");
        };
    }

    private static Words rawScan(RawScanDisagrees r) {
        if (r.inBytes() == r.inStructure()) {
            return new Words(
                    "Quét trực tiếp các byte của tệp thấy " + r.inBytes() + " vùng dữ liệu được ký (/ByteRange),"
                            + " nhưng không trùng với " + r.inStructure() + " vùng mà cấu trúc tài liệu cho biết.",
                    "A scan of the file's raw bytes finds " + r.inBytes() + " signed byte ranges (/ByteRange), not"
                            + " the same ones as the " + r.inStructure() + " the document's structure holds.");
        }
        return new Words(
                "Quét trực tiếp các byte của tệp thấy " + r.inBytes() + " vùng dữ liệu được ký (/ByteRange), còn"
                        + " cấu trúc tài liệu chỉ cho biết " + r.inStructure() + ": có dữ liệu chữ ký nằm ở nơi trình"
                        + " đọc PDF không tìm tới, hoặc ngược lại.",
                "A scan of the file's raw bytes finds " + r.inBytes() + " signed byte ranges (/ByteRange) where"
                        + " the document's structure holds " + r.inStructure() + ": signature data lies where a PDF"
                        + " reader does not look, or the other way round.");
    }

    private static Words verdict(Verdict v) {
        String what = v.documentTimestamp() ? "Dấu thời gian" : "Chữ ký";
        String whatEn = v.documentTimestamp() ? "The document timestamp" : "The signature";
        return switch (v.indication()) {
            case TOTAL_PASSED -> new Words(what + " hợp lệ.", whatEn + " is valid.");
            case TOTAL_FAILED -> new Words(what + " không hợp lệ.", whatEn + " is not valid.");
            case INDETERMINATE ->
                new Words(
                        "Chưa xác định được " + what.toLowerCase(Locale.ROOT) + " có hợp lệ hay không.",
                        "Whether " + whatEn.toLowerCase(Locale.ROOT) + " is valid cannot be decided.");
        };
    }

    private static Words changes(ChangeKind kind, boolean coversWholeDocument) {
        return switch (kind) {
            case NONE ->
                coversWholeDocument
                        ? new Words(
                                "Tài liệu không bị thay đổi sau khi ký.", "The document was not changed after signing.")
                        : null;
            case LTA_UPDATES ->
                new Words(
                        "Sau khi ký chỉ có dữ liệu kiểm tra chứng thư và dấu thời gian được thêm vào.",
                        "After signing, only certificate-check data and timestamps were added.");
            case FORM_FILLING ->
                new Words(
                        "Sau khi ký chỉ có biểu mẫu được điền hoặc chữ ký khác được thêm vào.",
                        "After signing, only form fields were filled in or further signatures added.");
            case ANNOTATIONS ->
                new Words(
                        "Sau khi ký chỉ có ghi chú được thêm hoặc sửa.",
                        "After signing, only comments (annotations) were added or changed.");
            case OTHER -> new Words("Tài liệu đã bị thay đổi sau khi ký.", "The document was changed after signing.");
        };
    }

    /** Why the validation gave its sub-indication, for the sub-indications people meet in practice. */
    private static Words reason(String sub) {
        return switch (sub) {
            case "NO_CERTIFICATE_CHAIN_FOUND", "NO_CERTIFICATE_CHAIN_FOUND_NO_POE" ->
                new Words(
                        "Chứng thư của người ký không dẫn tới một tổ chức chứng thực được tin cậy.",
                        "The signer's certificate does not lead to a trusted certification authority.");
            case "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED", "EXPIRED" ->
                new Words(
                        "Chứng thư của người ký đã hết hạn và không có dấu thời gian chứng minh chữ ký có trước đó.",
                        "The signer's certificate has expired and no timestamp proves the signature existed before.");
            case "NOT_YET_VALID" ->
                new Words(
                        "Chứng thư của người ký chưa có hiệu lực vào thời điểm ký.",
                        "The signer's certificate was not yet valid at signing time.");
            case "REVOKED", "REVOKED_NO_POE", "REVOKED_CA_NO_POE" -> note(Note.SIGNER_REVOKED);
            case "TRY_LATER" ->
                new Words(
                        "Chưa lấy được thông tin thu hồi chứng thư; hãy thử lại sau.",
                        "The certificate's revocation status could not be obtained yet; try again later.");
            case "CRYPTO_CONSTRAINTS_FAILURE", "CRYPTO_CONSTRAINTS_FAILURE_NO_POE" ->
                new Words(
                        "Chữ ký dùng thuật toán hoặc độ dài khoá không còn được chấp nhận.",
                        "The signature uses an algorithm or key size that is no longer accepted.");
            case "HASH_FAILURE" -> note(Note.SIGNED_CONTENT_MISMATCH);
            case "SIG_CRYPTO_FAILURE" ->
                new Words(
                        "Giá trị chữ ký không đúng với chứng thư của người ký.",
                        "The signature value does not verify with the signer's certificate.");
            case "FORMAT_FAILURE" ->
                new Words(
                        "Cấu trúc chữ ký không đúng chuẩn.", "The signature's structure does not follow the standard.");
            case "NO_SIGNING_CERTIFICATE_FOUND" ->
                new Words("Không tìm thấy chứng thư của người ký.", "The signer's certificate was not found.");
            case "CHAIN_CONSTRAINTS_FAILURE", "CERTIFICATE_CHAIN_GENERAL_FAILURE" ->
                new Words(
                        "Chuỗi chứng thư của người ký không đáp ứng chính sách kiểm tra.",
                        "The signer's certificate chain does not meet the validation policy.");
            case "SIGNED_DATA_NOT_FOUND" ->
                new Words("Không tìm thấy dữ liệu đã ký.", "The signed data was not found.");
            default -> new Words("Mã lý do: " + sub + ".", "Reason code: " + sub + ".");
        };
    }

    private static Words note(Note n) {
        return switch (n) {
            case SIGNER_REVOKED ->
                new Words("Chứng thư của người ký đã bị thu hồi.", "The signer's certificate has been revoked.");
            case DIGEST_CHECKED_DIRECTLY ->
                new Words(
                        "Bộ kiểm tra chuẩn không tính được giá trị băm của chữ ký; dữ liệu mật mã đã được kiểm tra"
                                + " trực tiếp và toàn vẹn.",
                        "The standard validator could not compute the signature's digest; its cryptography was"
                                + " checked directly and holds.");
            case NOT_RECOGNISED_BY_VALIDATOR ->
                new Words(
                        "Bộ kiểm tra chuẩn không nhận ra chữ ký này là một chữ ký hợp lệ về cấu trúc.",
                        "The standard validator does not recognise this signature as a well-formed one.");
            case CHECKED_WITHOUT_VALIDATOR ->
                new Words(
                        "Bộ kiểm tra chuẩn không xử lý được tài liệu; dữ liệu mật mã của chữ ký đã được kiểm tra"
                                + " trực tiếp.",
                        "The standard validator could not process the document; the signature's cryptography was"
                                + " checked directly.");
            case CMS_UNDECODABLE ->
                new Words("Không đọc được dữ liệu chữ ký (CMS).", "The signature data (CMS) cannot be decoded.");
            case ENCAPSULATED_CONTENT ->
                new Words(
                        "Chữ ký kiểu tách rời lại chứa nội dung nhúng bên trong.",
                        "A detached signature carries embedded content.");
            case SIGNED_CONTENT_MISMATCH ->
                new Words("Nội dung đã ký không khớp với chữ ký.", "The signed content does not match the signature.");
            case DATA_DAMAGED ->
                new Words(
                        "Không kiểm tra được chữ ký này: dữ liệu của nó bị hỏng.",
                        "This signature cannot be checked: its data is damaged.");
            case SIGNATURE_OUTSIDE_FORM ->
                new Words(
                        "Trường của chữ ký này nằm trên trang nhưng ngoài biểu mẫu của tài liệu (không có trong"
                                + " /AcroForm /Fields): nhiều trình xem PDF không hiển thị nó như một chữ ký.",
                        "This signature's field is on a page but outside the document's form (not in /AcroForm"
                                + " /Fields): many PDF viewers do not show it as a signature.");
        };
    }
}
