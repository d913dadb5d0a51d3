package vn.signdesk.signing.verify.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import vn.signdesk.signing.verify.ChangeKind;
import vn.signdesk.signing.verify.Finding;
import vn.signdesk.signing.verify.VerificationReport;
import vn.signdesk.signing.verify.VerificationReport.CertificateInfo;
import vn.signdesk.signing.verify.VerificationReport.Indication;
import vn.signdesk.signing.verify.VerificationReport.Revocation;
import vn.signdesk.signing.verify.VerificationReport.RevocationStatus;
import vn.signdesk.signing.verify.VerificationReport.SignatureReport;
import vn.signdesk.signing.verify.VerificationReport.Signer;
import vn.signdesk.signing.verify.VerificationReport.Verdict;

/** Verification reports built by hand, as a verifier would fill them, for the renderers' tests. */
final class ReportFixtures {

    static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    static final Instant VALIDATION_TIME = Instant.parse("2026-11-22T02:30:00Z");

    /** A signer name with Vietnamese letters and every HTML-special character. */
    static final String HOSTILE_NAME = "Trần Thị Ngọc Ánh <script>alert(\"Đ\")</script> & 'Sở Tư pháp'";

    static final String HOSTILE_ORGANIZATION = "Ủy ban nhân dân quận Hoàn Kiếm & Cty \"Ước Mơ\"";

    private ReportFixtures() {}

    /** A B-LTA signature by Nguyễn Văn Bình that passed, with archival updates after it. */
    static SignatureReport passedLta() {
        return new SignatureReport(
                "S-1A2B3C",
                false,
                Indication.TOTAL_PASSED,
                null,
                "PAdES-BASELINE-LTA",
                new Signer("Nguyễn Văn Bình", "Sở Tư pháp thành phố Hà Nội", "4f1c00a7"),
                Instant.parse("2026-11-20T01:15:00Z"),
                Instant.parse("2026-11-20T01:15:04Z"),
                "SignDesk TSA Hà Nội",
                true,
                false,
                ChangeKind.LTA_UPDATES,
                new Revocation(RevocationStatus.GOOD, "OCSP", true),
                chain("Nguyễn Văn Bình"),
                List.of(
                        new Finding.Verdict(Indication.TOTAL_PASSED, false),
                        new Finding.Changes(ChangeKind.LTA_UPDATES, false)),
                null);
    }

    /** A signature that failed because page content was changed after it. */
    static SignatureReport failedOther(String signerName, String organization) {
        return new SignatureReport(
                "S-DEADBEEF",
                false,
                Indication.TOTAL_FAILED,
                null,
                "PAdES-BASELINE-B",
                new Signer(signerName, organization, "01ab"),
                Instant.parse("2026-11-21T08:00:00Z"),
                null,
                null,
                true,
                false,
                ChangeKind.OTHER,
                new Revocation(RevocationStatus.UNAVAILABLE, null, false),
                chain(signerName),
                List.of(
                        new Finding.Verdict(Indication.TOTAL_FAILED, false),
                        new Finding.Changes(ChangeKind.OTHER, false),
                        new Finding.ChangeDetail("The content of page 1 was changed."),
                        new Finding.ChangeDetail(
                                "Tệp có \"dấu ngoặc\", dấu \\ và ký tự điều khiển\u0001 vẫn phải hiển thị an toàn.")),
                null);
    }

    /** A document timestamp that passed. */
    static SignatureReport documentTimestamp() {
        return new SignatureReport(
                "T-77",
                true,
                Indication.TOTAL_PASSED,
                null,
                null,
                new Signer("SignDesk TSA Hà Nội", "SignDesk", "1001"),
                null,
                Instant.parse("2026-11-21T03:00:00Z"),
                "SignDesk TSA Hà Nội",
                true,
                true,
                ChangeKind.NONE,
                new Revocation(RevocationStatus.GOOD, "CRL", false),
                List.of(),
                List.of(),
                null);
    }

    /** A signature whose revocation could not be checked yet. */
    static SignatureReport indeterminate() {
        return new SignatureReport(
                "S-TRY",
                false,
                Indication.INDETERMINATE,
                "TRY_LATER",
                "PAdES-BASELINE-T",
                new Signer("Lê Thị Hằng", null, null),
                null,
                Instant.parse("2026-11-21T04:00:00Z"),
                null,
                true,
                true,
                ChangeKind.NONE,
                new Revocation(RevocationStatus.UNAVAILABLE, null, false),
                List.of(),
                List.of(
                        new Finding.Verdict(Indication.INDETERMINATE, false),
                        new Finding.Changes(ChangeKind.NONE, true),
                        new Finding.Reason("TRY_LATER")),
                null);
    }

    static VerificationReport passed() {
        return new VerificationReport(
                SHA256, Verdict.TOTAL_PASSED, VALIDATION_TIME, List.of(passedLta(), documentTimestamp()));
    }

    static VerificationReport failed() {
        return new VerificationReport(
                SHA256,
                Verdict.TOTAL_FAILED,
                VALIDATION_TIME,
                List.of(passedLta(), failedOther(HOSTILE_NAME, HOSTILE_ORGANIZATION)));
    }

    static VerificationReport noSignature() {
        return new VerificationReport(SHA256, Verdict.NO_SIGNATURE, VALIDATION_TIME, List.of());
    }

    static VerificationReport undecided() {
        return new VerificationReport(SHA256, Verdict.INDETERMINATE, VALIDATION_TIME, List.of(indeterminate()));
    }

    /** {@code count} signatures, each with a long message, to fill several pages. */
    static VerificationReport many(int count) {
        List<SignatureReport> signatures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SignatureReport base = passedLta();
            String long_ = "Chữ ký số thứ " + (i + 1) + " được kiểm tra theo quy định tại Nghị định 130/2018/NĐ-CP"
                    + " và Thông tư hướng dẫn; ".repeat(6) + "kết thúc.";
            signatures.add(new SignatureReport(
                    "S-" + i,
                    false,
                    base.indication(),
                    null,
                    base.levelOrNull(),
                    new Signer("Phạm Quốc Việt " + (i + 1), base.signer().organizationOrNull(), "0" + i),
                    base.claimedSigningTimeOrNull(),
                    base.provenSigningTimeOrNull(),
                    base.timestampedByOrNull(),
                    true,
                    i == count - 1,
                    i == count - 1 ? ChangeKind.NONE : ChangeKind.FORM_FILLING,
                    base.revocation(),
                    base.chain(),
                    List.of(new Finding.ChangeDetail(long_)),
                    null));
        }
        return new VerificationReport(SHA256, Verdict.TOTAL_PASSED, VALIDATION_TIME, signatures);
    }

    private static List<CertificateInfo> chain(String signer) {
        return List.of(
                new CertificateInfo(
                        "CN=" + signer + ",O=Sở Tư pháp,C=VN",
                        "CN=SignDesk Demo CA,O=SignDesk,C=VN",
                        "4f1c00a7",
                        Instant.parse("2026-01-01T00:00:00Z"),
                        Instant.parse("2028-01-01T00:00:00Z"),
                        "3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b",
                        false),
                new CertificateInfo(
                        "CN=SignDesk Demo CA,O=SignDesk,C=VN",
                        "CN=SignDesk Demo CA,O=SignDesk,C=VN",
                        "01",
                        Instant.parse("2025-01-01T00:00:00Z"),
                        Instant.parse("2035-01-01T00:00:00Z"),
                        "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c",
                        true));
    }
}
