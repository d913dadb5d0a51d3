package vn.signdesk.signing.verify.report;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.signdesk.signing.verify.report.ReportFixtures.HOSTILE_NAME;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.signdesk.signing.verify.ChangeKind;
import vn.signdesk.signing.verify.Finding;
import vn.signdesk.signing.verify.VerificationReport;
import vn.signdesk.signing.verify.VerificationReport.SignatureReport;
import vn.signdesk.signing.verify.VerificationReport.Signer;
import vn.signdesk.signing.verify.VerificationReport.Verdict;

class ReportJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode parse(VerificationReport report) throws Exception {
        return MAPPER.readTree(ReportJson.write(report));
    }

    @Test
    void write_failedReport_hasEveryContractFieldWithItsType() throws Exception {
        JsonNode root = parse(ReportFixtures.failed());

        assertThat(root.get("documentSha256").textValue()).isEqualTo(ReportFixtures.SHA256);
        assertThat(root.get("verdict").textValue()).isEqualTo("TOTAL_FAILED");
        assertThat(root.get("signatures").isArray()).isTrue();
        assertThat(root.get("signatures")).hasSize(2);
        for (JsonNode s : root.get("signatures")) {
            assertThat(s.get("id").isTextual()).isTrue();
            assertThat(s.get("indication").textValue()).isIn("TOTAL_PASSED", "TOTAL_FAILED", "INDETERMINATE");
            assertThat(s.has("subIndication")).isTrue();
            assertThat(s.get("subIndication").getNodeType()).isIn(JsonNodeType.STRING, JsonNodeType.NULL);
            assertThat(s.get("level").isTextual()).isTrue();
            JsonNode signer = s.get("signer");
            for (String name : List.of("commonName", "organization", "serial")) {
                assertThat(signer.get(name).isTextual()).as(name).isTrue();
            }
            assertThat(s.get("intact").isBoolean()).isTrue();
            assertThat(s.get("coversWholeDocument").isBoolean()).isTrue();
            assertThat(s.get("changesAfterSigning").textValue())
                    .isIn("NONE", "LTA_UPDATES", "FORM_FILLING", "ANNOTATIONS", "OTHER");
            JsonNode revocation = s.get("revocation");
            assertThat(revocation.get("status").textValue()).isIn("GOOD", "REVOKED", "UNKNOWN", "UNAVAILABLE");
            assertThat(revocation.has("source")).isTrue();
            assertThat(revocation.get("cached").isBoolean()).isTrue();
            assertThat(s.get("messages").get("vi").isArray()).isTrue();
            assertThat(s.get("messages").get("en").isArray()).isTrue();
        }

        JsonNode passed = root.get("signatures").get(0);
        assertThat(passed.get("id").textValue()).isEqualTo("S-1A2B3C");
        assertThat(passed.get("indication").textValue()).isEqualTo("TOTAL_PASSED");
        assertThat(passed.get("subIndication").isNull()).isTrue();
        assertThat(passed.get("level").textValue()).isEqualTo("PAdES-BASELINE-LTA");
        assertThat(passed.get("signer").get("commonName").textValue()).isEqualTo("Nguyễn Văn Bình");
        assertThat(passed.get("signer").get("organization").textValue()).isEqualTo("Sở Tư pháp thành phố Hà Nội");
        assertThat(passed.get("signer").get("serial").textValue()).isEqualTo("4f1c00a7");
        assertThat(passed.get("intact").booleanValue()).isTrue();
        assertThat(passed.get("coversWholeDocument").booleanValue()).isFalse();
        assertThat(passed.get("changesAfterSigning").textValue()).isEqualTo("LTA_UPDATES");
        assertThat(passed.get("revocation").get("status").textValue()).isEqualTo("GOOD");
        assertThat(passed.get("revocation").get("source").textValue()).isEqualTo("OCSP");
        assertThat(passed.get("revocation").get("cached").booleanValue()).isTrue();
        assertThat(passed.get("messages").get("vi").get(0).textValue()).isEqualTo("Chữ ký hợp lệ.");
        assertThat(passed.get("messages").get("en").get(0).textValue()).isEqualTo("The signature is valid.");
        assertThat(passed.get("messages").get("en").get(1).textValue())
                .isEqualTo("After signing, only certificate-check data and timestamps were added.");
        assertThat(passed.get("provenSigningTime").textValue()).isEqualTo("2026-11-20T08:15:04+07:00");
        assertThat(passed.get("timestampedBy").textValue()).isEqualTo("SignDesk TSA Hà Nội");
        assertThat(passed.get("chain")).hasSize(2);
        assertThat(passed.get("chain").get(1).get("trusted").booleanValue()).isTrue();

        JsonNode failed = root.get("signatures").get(1);
        assertThat(failed.get("indication").textValue()).isEqualTo("TOTAL_FAILED");
        assertThat(failed.get("changesAfterSigning").textValue()).isEqualTo("OTHER");
        assertThat(failed.get("revocation").get("source").isNull()).isTrue();
        assertThat(failed.get("signer").get("commonName").textValue()).isEqualTo(HOSTILE_NAME);
        assertThat(failed.get("messages").get("vi").get(3).textValue())
                .isEqualTo(
                        "Thay đổi: Tệp có \"dấu ngoặc\", dấu \\ và ký tự điều khiển\u0001 vẫn phải hiển thị an toàn.");
        assertThat(failed.get("provenSigningTime").isNull()).isTrue();
    }

    @Test
    void write_noSignature_hasEmptySignatureArray() throws Exception {
        JsonNode root = parse(ReportFixtures.noSignature());

        assertThat(root.get("verdict").textValue()).isEqualTo("NO_SIGNATURE");
        assertThat(root.get("signatures").isArray()).isTrue();
        assertThat(root.get("signatures")).isEmpty();
        assertThat(root.get("validationTime").textValue()).isEqualTo("2026-11-22T09:30:00+07:00");
    }

    @Test
    void write_documentFindings_areTheDocumentsOwnMessages() throws Exception {
        VerificationReport base = ReportFixtures.passed();
        VerificationReport withFinding = new VerificationReport(
                base.documentSha256(),
                base.verdict(),
                base.validationTime(),
                base.signatures(),
                base.raw(),
                List.of(new Finding.RawScanDisagrees(2, 3)));

        JsonNode root = parse(withFinding);

        assertThat(parse(base).get("messages").get("en")).isEmpty();
        assertThat(root.get("messages").get("en").get(0).textValue())
                .startsWith("A scan of the file's raw bytes finds 3 signed byte ranges");
        assertThat(root.get("messages").get("vi").get(0).textValue())
                .startsWith("Quét trực tiếp các byte của tệp thấy 3 vùng");
    }

    @Test
    void write_unknownSignerAndLevel_areNullNotMissing() throws Exception {
        SignatureReport base = ReportFixtures.indeterminate();
        SignatureReport anonymous = new SignatureReport(
                base.id(),
                false,
                base.indication(),
                base.subIndicationOrNull(),
                null,
                new Signer(null, null, null),
                null,
                null,
                null,
                false,
                false,
                ChangeKind.NONE,
                base.revocation(),
                List.of(),
                List.of(),
                null);
        JsonNode s = parse(new VerificationReport(
                        "00", Verdict.INDETERMINATE, ReportFixtures.VALIDATION_TIME, List.of(anonymous)))
                .get("signatures")
                .get(0);

        assertThat(s.get("level").isNull()).isTrue();
        assertThat(s.get("subIndication").textValue()).isEqualTo("TRY_LATER");
        for (String name : List.of("commonName", "organization", "serial")) {
            assertThat(s.get("signer").has(name)).isTrue();
            assertThat(s.get("signer").get(name).isNull()).isTrue();
        }
        assertThat(s.has("trustAnchor")).isTrue();
        assertThat(s.get("trustAnchor").isNull()).isTrue();
        assertThat(s.get("messages").get("vi")).isEmpty();
    }

    @Test
    void write_everyAwkwardCharacter_roundTripsThroughAParser() throws Exception {
        String awkward = "\"q\" \\b\\ /s/ \b\f\n\r\t \u0000\u001f\u007f \u2028\u2029 Đặng Thị Ngọc Ánh 😀 </script>";
        JsonNode root = parse(withMessage(awkward));

        assertThat(root.get("signatures")
                        .get(0)
                        .get("messages")
                        .get("en")
                        .get(0)
                        .textValue())
                .isEqualTo("Change: " + awkward);
    }

    @Test
    void write_unpairedSurrogate_becomesReplacementCharacter() throws Exception {
        JsonNode root = parse(withMessage("a\uD800b\uDC00c"));

        assertThat(root.get("signatures")
                        .get(0)
                        .get("messages")
                        .get("en")
                        .get(0)
                        .textValue())
                .isEqualTo("Change: a\uFFFDb\uFFFDc");
    }

    @Test
    void write_nonAscii_isKeptAsUtf8AndControlsAreEscaped() throws Exception {
        String json = ReportJson.write(ReportFixtures.failed());

        assertThat(json).contains("Trần Thị Ngọc Ánh").doesNotContain("\\u1ea7");
        assertThat(json).contains("\\u0001").contains("\\\"dấu ngoặc\\\"");
        assertThat(json.chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
    }

    @Test
    void write_toStream_isTheSameUtf8Document() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportJson.write(ReportFixtures.passed(), out);

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(ReportJson.write(ReportFixtures.passed()));
        JsonNode root = MAPPER.readTree(out.toByteArray());
        assertThat(root.fieldNames())
                .toIterable()
                .containsExactly("documentSha256", "verdict", "validationTime", "messages", "signatures");
    }

    private static VerificationReport withMessage(String message) {
        SignatureReport base = ReportFixtures.passedLta();
        SignatureReport s = new SignatureReport(
                base.id(),
                false,
                base.indication(),
                null,
                base.levelOrNull(),
                base.signer(),
                null,
                null,
                null,
                true,
                true,
                ChangeKind.NONE,
                base.revocation(),
                List.of(),
                List.of(new Finding.ChangeDetail(message)),
                null);
        return new VerificationReport("00", Verdict.TOTAL_PASSED, ReportFixtures.VALIDATION_TIME, List.of(s));
    }
}
