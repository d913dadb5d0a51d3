package vn.signdesk.signing.verify;

import java.util.ArrayList;
import java.util.List;
import vn.signdesk.signing.verify.VerificationReport.Indication;
import vn.signdesk.signing.verify.VerificationReport.Messages;
import vn.signdesk.signing.verify.VerificationReport.TrustAnchor;

/**
 * The sentences of a signature's report, in Vietnamese and English, said plainly for a branch
 * officer rather than in ETSI terms. Collected in order: the verdict first, then why.
 */
final class Wording {

    private final List<String> vi = new ArrayList<>();
    private final List<String> en = new ArrayList<>();

    void add(String vietnamese, String english) {
        vi.add(vietnamese);
        en.add(english);
    }

    Messages messages() {
        return new Messages(vi, en);
    }

    void verdict(Indication indication, boolean documentTimestamp) {
        String what = documentTimestamp ? "Dấu thời gian" : "Chữ ký";
        String whatEn = documentTimestamp ? "The document timestamp" : "The signature";
        switch (indication) {
            case TOTAL_PASSED -> add(what + " hợp lệ.", whatEn + " is valid.");
            case TOTAL_FAILED -> add(what + " không hợp lệ.", whatEn + " is not valid.");
            case INDETERMINATE ->
                add(
                        "Chưa xác định được " + what.toLowerCase(java.util.Locale.ROOT) + " có hợp lệ hay không.",
                        "Whether " + whatEn.toLowerCase(java.util.Locale.ROOT) + " is valid cannot be decided.");
        }
    }

    void changes(ChangeKind kind, boolean coversWholeDocument) {
        switch (kind) {
            case NONE -> {
                if (coversWholeDocument) {
                    add("Tài liệu không bị thay đổi sau khi ký.", "The document was not changed after signing.");
                }
            }
            case LTA_UPDATES ->
                add(
                        "Sau khi ký chỉ có dữ liệu kiểm tra chứng thư và dấu thời gian được thêm vào.",
                        "After signing, only certificate-check data and timestamps were added.");
            case FORM_FILLING ->
                add(
                        "Sau khi ký chỉ có biểu mẫu được điền hoặc chữ ký khác được thêm vào.",
                        "After signing, only form fields were filled in or further signatures added.");
            case ANNOTATIONS ->
                add(
                        "Sau khi ký chỉ có ghi chú được thêm hoặc sửa.",
                        "After signing, only comments (annotations) were added or changed.");
            case OTHER -> add("Tài liệu đã bị thay đổi sau khi ký.", "The document was changed after signing.");
        }
    }

    /** Where the chain's trust comes from: the anchor it ends at, and its bundle; nothing without one. */
    void trustAnchor(TrustAnchor anchor) {
        if (anchor == null) {
            return;
        }
        String name = anchor.commonNameOrNull() == null ? "?" : anchor.commonNameOrNull();
        String bundle = anchor.bundleOrNull();
        add(
                "Chuỗi chứng thư dẫn tới điểm tin cậy “" + name + "”"
                        + (bundle == null ? "" : " thuộc bộ chứng thư tin cậy “" + bundle + "”") + ".",
                "The certificate chain ends at the trust anchor \"" + name + "\""
                        + (bundle == null ? "" : " of the trust bundle \"" + bundle + "\"") + ".");
    }

    /** Why DSS gave its sub-indication, for the sub-indications people meet in practice. */
    void subIndication(String sub) {
        if (sub == null) {
            return;
        }
        switch (sub) {
            case "NO_CERTIFICATE_CHAIN_FOUND", "NO_CERTIFICATE_CHAIN_FOUND_NO_POE" ->
                add(
                        "Chứng thư của người ký không dẫn tới một tổ chức chứng thực được tin cậy.",
                        "The signer's certificate does not lead to a trusted certification authority.");
            case "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED", "EXPIRED" ->
                add(
                        "Chứng thư của người ký đã hết hạn và không có dấu thời gian chứng minh chữ ký có trước đó.",
                        "The signer's certificate has expired and no timestamp proves the signature existed before.");
            case "NOT_YET_VALID" ->
                add(
                        "Chứng thư của người ký chưa có hiệu lực vào thời điểm ký.",
                        "The signer's certificate was not yet valid at signing time.");
            case "REVOKED", "REVOKED_NO_POE", "REVOKED_CA_NO_POE" ->
                add("Chứng thư của người ký đã bị thu hồi.", "The signer's certificate has been revoked.");
            case "TRY_LATER" ->
                add(
                        "Chưa lấy được thông tin thu hồi chứng thư; hãy thử lại sau.",
                        "The certificate's revocation status could not be obtained yet; try again later.");
            case "CRYPTO_CONSTRAINTS_FAILURE", "CRYPTO_CONSTRAINTS_FAILURE_NO_POE" ->
                add(
                        "Chữ ký dùng thuật toán hoặc độ dài khoá không còn được chấp nhận.",
                        "The signature uses an algorithm or key size that is no longer accepted.");
            case "HASH_FAILURE" ->
                add("Nội dung đã ký không khớp với chữ ký.", "The signed content does not match the signature.");
            case "SIG_CRYPTO_FAILURE" ->
                add(
                        "Giá trị chữ ký không đúng với chứng thư của người ký.",
                        "The signature value does not verify with the signer's certificate.");
            case "FORMAT_FAILURE" ->
                add("Cấu trúc chữ ký không đúng chuẩn.", "The signature's structure does not follow the standard.");
            case "NO_SIGNING_CERTIFICATE_FOUND" ->
                add("Không tìm thấy chứng thư của người ký.", "The signer's certificate was not found.");
            case "CHAIN_CONSTRAINTS_FAILURE", "CERTIFICATE_CHAIN_GENERAL_FAILURE" ->
                add(
                        "Chuỗi chứng thư của người ký không đáp ứng chính sách kiểm tra.",
                        "The signer's certificate chain does not meet the validation policy.");
            case "SIGNED_DATA_NOT_FOUND" -> add("Không tìm thấy dữ liệu đã ký.", "The signed data was not found.");
            default -> add("Mã lý do: " + sub + ".", "Reason code: " + sub + ".");
        }
    }
}
