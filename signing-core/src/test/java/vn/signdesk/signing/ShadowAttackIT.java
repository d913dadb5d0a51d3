package vn.signdesk.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.signdesk.signing.ShadowAttacks.aShadowAttack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vn.signdesk.signing.ShadowAttacks.Attack;
import vn.signdesk.signing.ShadowAttacks.Variant;
import vn.signdesk.signing.verify.ChangeKind;
import vn.signdesk.signing.verify.Finding;
import vn.signdesk.signing.verify.SignatureVerifier;
import vn.signdesk.signing.verify.VerificationReport;
import vn.signdesk.signing.verify.VerificationReport.SignatureReport;
import vn.signdesk.signing.verify.VerificationReport.Verdict;
import vn.signdesk.signing.verify.report.ReportLanguage;
import vn.signdesk.signing.verify.report.ReportWords;

/**
 * Every shadow-attack variant ({@link ShadowAttacks}), prepared, signed with SignDesk and the demo
 * PKI, then manipulated: the signed document verifies, with nothing reported changed after signing;
 * the manipulated one is TOTAL_FAILED with the change described, by the rule its variant breaks;
 * where poppler shows the attack, its rendering proves the manipulation real. The same kinds of
 * change made honestly (a comment away from signed content, a field filled in) are
 * {@code RevisionAnalyzerIT}'s.
 */
class ShadowAttackIT {

    private static final SigningFixture F = new SigningFixture();

    /** The change each variant is caught by, as the report describes it. */
    private static final Map<Variant, String> CAUGHT_BY = Map.of(
            Variant.HIDE_VIA_REFERENCED_OBJECT, "points at the bytes of object",
            Variant.HIDE_VIA_REFERENCED_OBJECT_RENUMBERED, "points at the bytes of object",
            Variant.HIDE_FORM_VIA_FORM, "was rewritten while its value did not change",
            Variant.HIDE_TEXT_VIA_FORM, "shows over signed content on page 1 was rewritten",
            Variant.REPLACE_VIA_OVERLAY, "added on page 1 shows over signed content",
            Variant.REPLACE_VIA_OVERWRITE, "was rewritten although signed content uses it",
            Variant.HIDE_AND_REPLACE_REFERENCES, "The content of page 1 was replaced.",
            Variant.HIDE_AND_REPLACE_USAGE, "was marked free although the document still uses it");

    private static SignatureVerifier verifier;

    @BeforeAll
    static void verifier() {
        verifier = F.verifier();
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void verify_shadowAttack_signedPassesAndManipulatedFailsWithTheChange(Variant variant, @TempDir Path dir)
            throws Exception {
        Attack attack = aShadowAttack(variant).signedBy(ShadowAttackIT::sign).build();
        if (variant.shownByPoppler) {
            assertThat(render(attack.manipulated(), dir))
                    .as("poppler shows the manipulated document otherwise than the signed one")
                    .isNotEqualTo(render(attack.signed(), dir));
        }

        VerificationReport signed = verifier.verify(PdfInput.of(attack.signed()));
        VerificationReport manipulated = verifier.verify(PdfInput.of(attack.manipulated()));

        SignatureReport before = signed.signatures().get(0);
        assertThat(signed.verdict()).as(describe(signed)).isEqualTo(Verdict.TOTAL_PASSED);
        assertThat(before.coversWholeDocument()).isTrue();
        assertThat(before.changesAfterSigning()).isEqualTo(ChangeKind.NONE);

        assertThat(manipulated.signatures()).hasSize(1);
        SignatureReport after = manipulated.signatures().get(0);
        assertThat(manipulated.verdict()).as(describe(manipulated)).isEqualTo(Verdict.TOTAL_FAILED);
        assertThat(after.intact()).as("the signed revision itself is untouched").isTrue();
        assertThat(after.changesAfterSigning()).isEqualTo(ChangeKind.OTHER);
        assertThat(after.findings())
                .filteredOn(Finding.ChangeDetail.class::isInstance)
                .map(f -> ((Finding.ChangeDetail) f).detail())
                .as(describe(manipulated))
                .anyMatch(d -> d.contains(CAUGHT_BY.get(variant)));
        assertThat(ReportWords.sentences(after.findings(), ReportLanguage.VI))
                .contains("Tài liệu đã bị thay đổi sau khi ký.")
                .anyMatch(m -> m.startsWith("Thay đổi: "));
    }

    /** The first page as poppler renders it (grey, 30 dpi). */
    private static byte[] render(byte[] pdf, Path dir) throws IOException, InterruptedException {
        Path in = Files.createTempFile(dir, "attack", ".pdf");
        Files.write(in, pdf);
        Path out = dir.resolve(in.getFileName() + "-page");
        SigningFixture.run(List.of(
                "pdftoppm", "-r", "30", "-gray", "-singlefile", "-f", "1", "-l", "1", in.toString(), out.toString()));
        return Files.readAllBytes(Path.of(out + ".pgm"));
    }

    private static byte[] sign(byte[] pdf) {
        return F.signer.sign(
                PdfInput.of(pdf), SigningFixture.key(F.pki.residentRsa()), SignOptions.invisible(SignatureLevel.B_B));
    }

    private static String describe(VerificationReport report) {
        StringBuilder sb = new StringBuilder(report.verdict().name());
        for (SignatureReport s : report.signatures()) {
            sb.append(" ").append(ReportWords.sentences(s.findings(), ReportLanguage.EN));
        }
        return sb.toString();
    }
}
