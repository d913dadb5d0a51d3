package vn.signdesk.signing;

import static vn.signdesk.signing.TestPdfs.aPdf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;
import vn.signdesk.fixtures.MalformedPdfs;
import vn.signdesk.fixtures.RawPdf;

/**
 * Small PDFs generated for the tests that the shared corpus also feeds: well-formed ones (plain, with
 * an object stream, encrypted), ones signed with the demo PKI (one and two signatures, a timestamped
 * one, one with an object replaced after signing) and every {@link MalformedPdfs} file. They seed the
 * fuzz tests and give the default run what the corpus gives the conformance suite. Made once per JVM.
 */
public final class GeneratedPdfs {

    private GeneratedPdfs() {}

    /** Every generated PDF, named. */
    public static List<Named<byte[]>> all() {
        return Holder.ALL;
    }

    /** {@link #all()} as JUnit arguments of one {@code byte[]} parameter. */
    public static Stream<Arguments> arguments() {
        return all().stream().map(Arguments::of);
    }

    /** The demo PKI and signer that signed the signed ones. */
    static SigningFixture fixture() {
        return Holder.FIXTURE;
    }

    private static final class Holder {
        static final SigningFixture FIXTURE = new SigningFixture();
        static final List<Named<byte[]>> ALL = make(FIXTURE);
    }

    private static List<Named<byte[]>> make(SigningFixture f) {
        Map<String, byte[]> pdfs = new LinkedHashMap<>();
        byte[] plain = aPdf().build();
        pdfs.put("plain", plain);
        pdfs.put("raw-one-page", RawPdf.onePage().bytes());
        pdfs.put("object-stream", MalformedPdfs.withObjectStream());
        pdfs.put("encrypted", aPdf().encrypted("mật-khẩu").build());
        SigningKey seal = SigningFixture.key(f.pki.departmentSeal());
        byte[] signed = f.signer.sign(PdfInput.of(plain), seal, SignOptions.invisible(SignatureLevel.B_B));
        pdfs.put("signed-b-b", signed);
        pdfs.put("signed-b-t", f.signer.sign(PdfInput.of(plain), seal, SignOptions.invisible(SignatureLevel.B_T)));
        pdfs.put(
                "signed-twice",
                f.signer.sign(
                        PdfInput.of(signed),
                        SigningFixture.key(f.pki.branchCopy()),
                        SignOptions.invisible(SignatureLevel.B_B)));
        pdfs.put(
                "signed-then-changed",
                RawPdf.update(
                        signed,
                        Map.of(4, "<< /Length 8 >>\nstream\nBT ET q Q\nendstream"),
                        "/Root 1 0 R",
                        RawPdf.lastStartxref(signed)));
        List<Named<byte[]>> out = new ArrayList<>();
        pdfs.forEach((name, bytes) -> out.add(Named.of(name, bytes)));
        MalformedPdfs.all().forEach(m -> out.add(Named.of(m.name(), m.bytes())));
        return List.copyOf(out);
    }
}
