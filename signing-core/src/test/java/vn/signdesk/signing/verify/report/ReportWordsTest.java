package vn.signdesk.signing.verify.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.signdesk.signing.verify.ChangeKind;
import vn.signdesk.signing.verify.Finding;
import vn.signdesk.signing.verify.SignatureCoverage;
import vn.signdesk.signing.verify.VerificationReport.Indication;

/** {@link ReportWords}: every kind of finding is said in both languages. */
class ReportWordsTest {

    /** One finding of every kind, every note and every indication. */
    private static List<Finding> everyKind() {
        List<Finding> all = new ArrayList<>();
        for (Indication i : Indication.values()) {
            all.add(new Finding.Verdict(i, false));
            all.add(new Finding.Verdict(i, true));
        }
        for (ChangeKind k : ChangeKind.values()) {
            all.add(new Finding.Changes(k, false));
        }
        all.add(new Finding.Changes(ChangeKind.NONE, true));
        all.add(new Finding.ChangeDetail("Object 7 0 R was rewritten."));
        all.add(new Finding.Reason("HASH_FAILURE"));
        all.add(new Finding.Reason("SOME_FUTURE_CODE"));
        all.add(new Finding.ByteRangeNotStandard(null));
        all.add(new Finding.ByteRangeNotStandard("the byte range has 1 range instead of 2"));
        all.add(new Finding.TrustedListService("VN", "Provider", "Service", "granted"));
        all.add(new Finding.TrustAnchorReached("Vietnam National Root CA", "vn"));
        all.add(new Finding.TrustAnchorReached(null, null));
        for (SignatureCoverage.Placement p : SignatureCoverage.Placement.values()) {
            all.add(new Finding.UnlistedSignatureDictionary("object 57 0", p));
        }
        all.add(new Finding.RawScanDisagrees(1, 2));
        all.add(new Finding.RawScanDisagrees(2, 2));
        all.addAll(Arrays.asList(Finding.Note.values()));
        return all;
    }

    @Test
    void sentences_everyKindOfFinding_hasWordsInBothLanguages() {
        Set<Class<?>> covered = new HashSet<>();
        for (Finding f : everyKind()) {
            covered.add(f instanceof Finding.Note ? Finding.Note.class : f.getClass());
            if (f.equals(new Finding.Changes(ChangeKind.NONE, false))) {
                // nothing after a signature that does not cover the document: the details say what
                assertThat(ReportWords.sentences(List.of(f), ReportLanguage.EN)).isEmpty();
                continue;
            }
            List<String> vi = ReportWords.sentences(List.of(f), ReportLanguage.VI);
            List<String> en = ReportWords.sentences(List.of(f), ReportLanguage.EN);
            assertThat(vi).as("%s in Vietnamese", f).singleElement().asString().isNotBlank();
            assertThat(en).as("%s in English", f).singleElement().asString().isNotBlank();
            assertThat(vi.get(0)).as("%s is translated", f).isNotEqualTo(en.get(0));
        }
        assertThat(covered)
                .as("a sample of every kind of finding")
                .containsExactlyInAnyOrder(Finding.class.getPermittedSubclasses());
    }

    @Test
    void sentences_keepTheOrderOfTheFindings() {
        List<Finding> findings = List.of(
                new Finding.Verdict(Indication.TOTAL_FAILED, false),
                new Finding.Changes(ChangeKind.OTHER, false),
                new Finding.ChangeDetail("The content of page 1 was replaced."),
                Finding.Note.SIGNED_CONTENT_MISMATCH);

        assertThat(ReportWords.sentences(findings, ReportLanguage.EN))
                .containsExactly(
                        "The signature is not valid.",
                        "The document was changed after signing.",
                        "Change: The content of page 1 was replaced.",
                        "The signed content does not match the signature.");
        assertThat(ReportWords.sentences(findings, ReportLanguage.VI))
                .containsExactly(
                        "Chữ ký không hợp lệ.",
                        "Tài liệu đã bị thay đổi sau khi ký.",
                        "Thay đổi: The content of page 1 was replaced.",
                        "Nội dung đã ký không khớp với chữ ký.");
    }

    @Test
    void sentences_trustAnchorReached_namesTheAnchorAndItsBundle() {
        List<Finding> findings = List.of(
                new Finding.TrustAnchorReached("Vietnam National Root CA", "vn"),
                new Finding.TrustAnchorReached("SignDesk Demo Root", null));

        assertThat(ReportWords.sentences(findings, ReportLanguage.EN))
                .containsExactly(
                        "The certificate chain ends at the trust anchor \"Vietnam National Root CA\" of the trust"
                                + " bundle \"vn\".",
                        "The certificate chain ends at the trust anchor \"SignDesk Demo Root\".");
        assertThat(ReportWords.sentences(findings, ReportLanguage.VI))
                .containsExactly(
                        "Chuỗi chứng thư dẫn tới điểm tin cậy “Vietnam National Root CA” thuộc bộ chứng thư tin cậy"
                                + " “vn”.",
                        "Chuỗi chứng thư dẫn tới điểm tin cậy “SignDesk Demo Root”.");
    }

    @Test
    void sentences_twoFindingsOfOneConclusion_sayItOnce() {
        List<Finding> findings = List.of(
                new Finding.Reason("HASH_FAILURE"),
                Finding.Note.SIGNED_CONTENT_MISMATCH,
                new Finding.Reason("REVOKED"),
                Finding.Note.SIGNER_REVOKED);

        assertThat(ReportWords.sentences(findings, ReportLanguage.EN))
                .containsExactly(
                        "The signed content does not match the signature.",
                        "The signer's certificate has been revoked.");
        assertThat(ReportWords.sentences(findings, ReportLanguage.VI)).hasSize(2);
    }
}
