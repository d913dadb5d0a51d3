package vn.signdesk.signing;

import static vn.signdesk.signing.TestPdfs.aPdf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;
import vn.signdesk.fixtures.MalformedPdfs;
import vn.signdesk.fixtures.RawPdf;

/**
 * The seeds of the PDF fuzz tests, generated: small well-formed PDFs (plain, with an object stream,
 * encrypted), PDFs signed with the demo PKI (one and two signatures, a timestamped one, one changed
 * after signing) and every {@link MalformedPdfs} file. In regression runs each is also a test case.
 */
final class FuzzSeeds {

    private FuzzSeeds() {}

    /** The seeds as named JUnit arguments of one {@code byte[]} parameter. */
    static Stream<Arguments> pdfs(SigningFixture f) {
        Map<String, byte[]> seeds = new java.util.LinkedHashMap<>();
        byte[] plain = aPdf().build();
        seeds.put("plain", plain);
        seeds.put("raw-one-page", RawPdf.onePage().bytes());
        seeds.put("object-stream", MalformedPdfs.withObjectStream());
        seeds.put("encrypted", aPdf().encrypted("mật-khẩu").build());
        SigningKey seal = SigningFixture.key(f.pki.departmentSeal());
        byte[] signed = f.signer.sign(PdfInput.of(plain), seal, SignOptions.invisible(SignatureLevel.B_B));
        seeds.put("signed-b-b", signed);
        seeds.put("signed-b-t", f.signer.sign(PdfInput.of(plain), seal, SignOptions.invisible(SignatureLevel.B_T)));
        seeds.put(
                "signed-twice",
                f.signer.sign(
                        PdfInput.of(signed),
                        SigningFixture.key(f.pki.branchCopy()),
                        SignOptions.invisible(SignatureLevel.B_B)));
        seeds.put(
                "signed-then-changed",
                RawPdf.update(
                        signed,
                        Map.of(4, "<< /Length 8 >>\nstream\nBT ET q Q\nendstream"),
                        "/Root 1 0 R",
                        RawPdf.lastStartxref(signed)));
        List<Arguments> out = new ArrayList<>();
        seeds.forEach((name, bytes) -> out.add(Arguments.of(Named.of(name, bytes))));
        MalformedPdfs.all().forEach(m -> out.add(Arguments.of(Named.of(m.name(), m.bytes()))));
        return out.stream();
    }
}
