package vn.signdesk.signing.verify.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportHtmlTest {

    @Test
    void write_hostileSignerName_isEscapedAndNeverRaw() {
        String html = ReportHtml.write(ReportFixtures.failed(), ReportLanguage.VI);

        assertThat(html)
                .contains(
                        "Trần Thị Ngọc Ánh &lt;script&gt;alert(&quot;Đ&quot;)&lt;/script&gt; &amp; &#39;Sở Tư pháp&#39;")
                .contains("Ủy ban nhân dân quận Hoàn Kiếm &amp; Cty &quot;Ước Mơ&quot;")
                .doesNotContainIgnoringCase("<script")
                .doesNotContain("\u0001");
    }

    @Test
    void write_isSelfContained() {
        String html = ReportHtml.write(ReportFixtures.failed(), ReportLanguage.EN);

        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("<html lang=\"en\">")
                .contains("<meta charset=\"utf-8\">");
        assertThat(html).doesNotContain("http://", "https://", "src=", "href=", "url(", "@import");
        assertThat(html).contains("default-src 'none'");
    }

    @Test
    void write_changedAfterSigning_saysSoInPlainWords() {
        String vi = ReportHtml.write(ReportFixtures.failed(), Locale.forLanguageTag("vi-VN"));
        String en = ReportHtml.write(ReportFixtures.failed(), Locale.ENGLISH);

        assertThat(vi).contains("<html lang=\"vi\">").contains("Tài liệu đã bị thay đổi sau khi ký");
        assertThat(vi).contains("Nội dung đã bị thay đổi sau khi ký").contains("Không hợp lệ");
        assertThat(en).contains("The document was changed after it was signed").contains("Not valid");
    }

    @Test
    void write_passedLta_showsWhoWhenChainAndRevocation() {
        String vi = ReportHtml.write(ReportFixtures.passed(), ReportLanguage.VI);

        assertThat(vi).contains("Tất cả chữ ký đều hợp lệ");
        assertThat(vi).contains("Nguyễn Văn Bình").contains("Sở Tư pháp thành phố Hà Nội");
        assertThat(vi).contains("2026-11-20T08:15:00+07:00"); // claimed
        assertThat(vi).contains("2026-11-20T08:15:04+07:00, bằng dấu thời gian của SignDesk TSA Hà Nội");
        assertThat(vi).contains("PAdES-BASELINE-LTA");
        assertThat(vi).contains("Chỉ bổ sung dữ liệu kiểm tra chứng thư và dấu thời gian để lưu trữ dài hạn");
        assertThat(vi).contains("Chuỗi chứng thư số").contains("CN=SignDesk Demo CA,O=SignDesk,C=VN");
        assertThat(vi).contains("từ 2026-01-01T07:00:00+07:00 đến 2028-01-01T07:00:00+07:00");
        assertThat(vi).contains("Chứng thư số chưa bị thu hồi; nguồn: dịch vụ OCSP (lấy từ bộ nhớ đệm)");
        assertThat(vi).contains("Dấu thời gian 2 (SignDesk TSA Hà Nội)");
        assertThat(vi).contains(ReportFixtures.SHA256);
        assertThat(vi).contains("<dt>Chữ ký 1</dt><dd>Nguyễn Văn Bình — Hợp lệ</dd>");
    }

    @Test
    void write_eachVerdict_hasItsHeadline() {
        assertThat(ReportHtml.write(ReportFixtures.noSignature(), ReportLanguage.VI))
                .contains("Tài liệu không có chữ ký số");
        assertThat(ReportHtml.write(ReportFixtures.noSignature(), ReportLanguage.EN))
                .contains("The document has no digital signature");
        assertThat(ReportHtml.write(ReportFixtures.undecided(), ReportLanguage.VI))
                .contains("Chưa xác định được chữ ký có hợp lệ hay không")
                .contains("chưa lấy được thông tin thu hồi của chứng thư số; vui lòng kiểm tra lại sau (TRY_LATER)");
        assertThat(ReportHtml.write(ReportFixtures.undecided(), ReportLanguage.EN))
                .contains("The signature could not be confirmed");
        assertThat(ReportHtml.write(ReportFixtures.passed(), ReportLanguage.EN)).contains("All signatures are valid");
    }

    @Test
    void write_decomposedVietnamese_isNormalisedToNfc() {
        String decomposed = java.text.Normalizer.normalize("Nguyễn", java.text.Normalizer.Form.NFD);

        assertThat(ReportHtml.escape(decomposed)).isEqualTo("Nguyễn");
    }

    @Test
    void write_allTagsBalanced_noTextOutsideEscapes() {
        String html = ReportHtml.write(ReportFixtures.failed(), ReportLanguage.VI);
        // Every '<' starts one of the page's own tags: none comes from report text.
        assertThat(Pattern.compile(
                                "<(?!/?(html|head|meta|title|style|body|main|h1|h2|h3|h4|section|p|dl|dt|dd|div|ul|li|span|footer)[ >]|!DOCTYPE)")
                        .matcher(html)
                        .find())
                .isFalse();
    }

    @Test
    void forTag_unknownLanguage_isRefused() {
        assertThat(ReportLanguage.forTag("vi-VN")).isEqualTo(ReportLanguage.VI);
        assertThat(ReportLanguage.forTag("EN")).isEqualTo(ReportLanguage.EN);
        assertThatThrownBy(() -> ReportLanguage.forTag("fr")).isInstanceOf(IllegalArgumentException.class);
    }
}
