package vn.signdesk.signing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.InflaterInputStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.filter.FilterFactory;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.junit.jupiter.api.Test;
import vn.signdesk.signing.DocumentTooComplexException;
import vn.signdesk.signing.PdfBombs;
import vn.signdesk.signing.PdfReadBudget;
import vn.signdesk.signing.TestPdfs;

/**
 * The structure scan of {@link PdfReadBudget#check}: every kind of bomb and loop is refused with a
 * {@link DocumentTooComplexException} that says which bound it crossed, ordinary and encrypted
 * documents pass, and what it measures is what PDFBox decodes.
 */
class PdfStructureScanTest {

    private static final PdfReadBudget BUDGET = PdfReadBudget.DEFAULT;

    private static void assertTooComplex(byte[] pdf, String why) {
        assertThatThrownBy(() -> BUDGET.check(pdf))
                .isInstanceOf(DocumentTooComplexException.class)
                .hasMessageStartingWith("the PDF is too complex to read safely: ")
                .hasMessageContaining(why)
                .hasMessageNotContaining("\n");
    }

    @Test
    void check_tenMegabyteCrossReferenceStreamBomb_isRefusedOnceItPassesWhatItsRowsNeed() {
        byte[] bomb = PdfBombs.crossReferenceStreamBomb(10 << 20);
        // about 10 GB once inflated; its 10 rows of 7 bytes need 70
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> assertTooComplex(bomb, "its cross-reference stream expands to more than its entries need"));
    }

    @Test
    void check_tenMegabyteContentStreamBomb_isRefusedAfterInflatingTheCapOnly() {
        byte[] bomb = PdfBombs.contentStreamBomb(10 << 20);
        // about 10 GB once inflated; the cap for a file of this size is 256 MiB
        assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> assertTooComplex(bomb, "its compressed streams expand to more than 256 MiB"));
    }

    @Test
    void check_objectStreamBomb_isTooComplex() {
        assertTooComplex(PdfBombs.objectStreamBomb(300 << 10), "expand to more than 128 MiB");
    }

    @Test
    void check_contentStreamBomb_isTooComplex() {
        assertTooComplex(PdfBombs.contentStreamBomb(300 << 10), "expand to more than 128 MiB");
    }

    @Test
    void check_bombBehindAFilterChainWithAnEscapedName_isTooComplex() {
        assertTooComplex(PdfBombs.hexEncodedContentStreamBomb(600 << 10), "expand to more than 128 MiB");
    }

    @Test
    void check_bombWithinTheBudget_passes() {
        // about 100 MiB of zeros: under the 128 MiB floor
        assertThatCode(() -> BUDGET.check(PdfBombs.contentStreamBomb(100 << 10)))
                .doesNotThrowAnyException();
    }

    @Test
    void check_deepNesting_isTooComplex() {
        assertTooComplex(PdfBombs.deepNesting(100_000), "nested more than 100 levels deep");
    }

    @Test
    void check_nestingWithinTheBound_passes() {
        assertThatCode(() -> BUDGET.check(PdfBombs.deepNesting(99))).doesNotThrowAnyException();
    }

    @Test
    void check_pageTreeThatContainsItself_isTooComplex() {
        assertTooComplex(PdfBombs.pageTreeLoop(), "its page or form-field tree contains a loop (/Kids)");
    }

    @Test
    void check_pageTreeDeeperThanTheBound_isTooComplex() {
        assertTooComplex(PdfBombs.deepPageTree(150), "its page or form-field tree is more than 100 levels deep");
        assertThatCode(() -> BUDGET.check(PdfBombs.deepPageTree(20))).doesNotThrowAnyException();
    }

    @Test
    void check_crossReferenceSectionsInALoop_isTooComplex() {
        assertTooComplex(PdfBombs.prevLoop(), "cross-reference sections lead back to one another in a loop");
    }

    @Test
    void check_objectsThatAreOnlyReferencesToEachOther_isTooComplex() {
        assertTooComplex(PdfBombs.referenceLoop(), "refers to itself through a chain of references");
    }

    @Test
    void check_objectStreamThatContainsItself_isTooComplex() {
        assertTooComplex(PdfBombs.selfContainingObjectStream(), "object stream 5 contains itself");
    }

    @Test
    void check_objectStreamDeclaringMillionsOfObjects_isTooComplex() {
        assertTooComplex(PdfBombs.manyObjects(2_000_000), "it declares more than 100000 objects");
    }

    @Test
    void check_ordinaryDocuments_pass() {
        for (byte[] pdf :
                List.of(document(1, null, 0, true), document(20, null, 0, true), document(3, null, 0, false))) {
            assertThatCode(() -> BUDGET.check(pdf)).doesNotThrowAnyException();
        }
    }

    @Test
    void measure_everyStreamDecoded_matchesWhatPdfBoxDecodes() throws IOException {
        for (byte[] pdf : List.of(document(2, null, 0, true), document(2, null, 0, false))) {
            assertThat(exact(pdf, null).decodedBytes()).isEqualTo(pdfBoxDecodedBytes(pdf, ""));
        }
    }

    @Test
    void measure_encryptedWithAnEmptyUserPassword_decryptsAsPdfBoxDoes() throws IOException {
        for (int keyLength : List.of(40, 128, 256)) {
            for (boolean aes : List.of(false, true)) {
                if (keyLength == 40 && aes || keyLength == 256 && !aes) {
                    continue;
                }
                byte[] pdf = document(2, "", keyLength, aes);
                PdfStructureScan.Measurement m = exact(pdf, null);
                assertThat(m.decrypted()).as("%d bits, AES %s", keyLength, aes).isTrue();
                assertThat(m.decodedBytes())
                        .as("%d bits, AES %s", keyLength, aes)
                        .isEqualTo(pdfBoxDecodedBytes(pdf, ""));
            }
        }
    }

    @Test
    void measure_encryptedWithAUserPassword_decryptsWithThatPasswordOnly() throws IOException {
        byte[] pdf = document(1, "mật khẩu", 256, true);
        assertThat(exact(pdf, null).decrypted()).isFalse();
        assertThat(exact(pdf, "wrong".toCharArray()).decrypted()).isFalse();
        PdfStructureScan.Measurement right = exact(pdf, "mật khẩu".toCharArray());
        assertThat(right.decrypted()).isTrue();
        assertThat(right.decodedBytes()).isEqualTo(pdfBoxDecodedBytes(pdf, "mật khẩu"));
        // the owner password opens it too
        assertThat(exact(pdf, "owner-mật khẩu".toCharArray()).decrypted()).isTrue();
        byte[] rc4 = document(1, "pw", 128, false);
        assertThat(exact(rc4, "owner-pw".toCharArray()).decrypted()).isTrue();
        assertThat(exact(rc4, "pw".toCharArray()).decrypted()).isTrue();
        assertThat(exact(rc4, null).decrypted()).isFalse();
    }

    @Test
    void check_bombInADocumentEncryptedWithAnEmptyUserPassword_isTooComplex() throws IOException {
        byte[] bomb = encryptedContentBomb("", 300 << 10);
        assertTooComplex(bomb, "expand to more than 128 MiB");
    }

    @Test
    void check_bombInADocumentNoPasswordGivenOpens_passesSinceNoReaderDecodesIt() throws IOException {
        byte[] bomb = encryptedContentBomb("secret", 300 << 10);
        assertThatCode(() -> BUDGET.check(bomb)).doesNotThrowAnyException();
        assertThatThrownBy(() -> Loader.loadPDF(bomb).close()).isInstanceOf(InvalidPasswordException.class);
        assertThatThrownBy(() -> BUDGET.check(bomb, "secret".toCharArray()))
                .isInstanceOf(DocumentTooComplexException.class);
    }

    @Test
    void filters_decodeWhatPdfBoxEncodes() throws IOException {
        Random random = new Random(14);
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) {
            // runs, text and noise, so that every filter meets long and short patterns
            data[i] = (byte)
                    (i % 5000 < 2000 ? 'a' + (i / 7) % 3 : i % 5000 < 4000 ? random.nextInt(40) : random.nextInt(256));
        }
        for (COSName filter : List.of(
                COSName.FLATE_DECODE,
                COSName.LZW_DECODE,
                COSName.RUN_LENGTH_DECODE,
                COSName.ASCII_HEX_DECODE,
                COSName.ASCII85_DECODE)) {
            ByteArrayOutputStream encoded = new ByteArrayOutputStream();
            FilterFactory.INSTANCE
                    .getFilter(filter)
                    .encode(new ByteArrayInputStream(data), encoded, new COSDictionary(), 0);
            InputStream decoder =
                    StreamFilters.decoderOrNull(filter.getName(), new ByteArrayInputStream(encoded.toByteArray()));
            assertThat(decoder.readAllBytes()).as(filter.getName()).isEqualTo(data);
            assertThat((double) data.length / encoded.size())
                    .as(filter.getName())
                    .isLessThanOrEqualTo(StreamFilters.maxRatio(filter.getName()));
        }
    }

    @Test
    void check_damagedDocuments_passOrAreTooComplexButNeverFailOtherwise() {
        byte[] original = document(2, null, 0, true);
        Random random = new Random(2024);
        for (int round = 0; round < 400; round++) {
            byte[] damaged = original.clone();
            int edits = 1 + random.nextInt(20);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(damaged.length);
                damaged[at] = (byte)
                        (random.nextBoolean() ? random.nextInt(256) : "<<>>[]()/ 0R%".charAt(random.nextInt(13)));
            }
            byte[] input = random.nextInt(4) == 0 ? Arrays.copyOf(damaged, random.nextInt(damaged.length)) : damaged;
            try {
                BUDGET.check(input);
            } catch (DocumentTooComplexException expected) {
                // a damaged reference may well make a loop
            }
        }
    }

    // ---- documents ----

    private static PdfStructureScan.Measurement exact(byte[] pdf, char[] password) {
        return PdfStructureScan.measure(pdf, password, BUDGET, true);
    }

    /**
     * What PDFBox decodes: every stream of its cross-reference table, through all its filters, and
     * the cross-reference streams its parser decodes (not in the table it gives; inflated here).
     */
    private static long pdfBoxDecodedBytes(byte[] pdf, String password) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf, password)) {
            long total = crossReferenceStreamBytes(pdf);
            for (COSObjectKey key : List.copyOf(doc.getDocument().getXrefTable().keySet())) {
                COSBase base = doc.getDocument().getObjectFromPool(key).getObject();
                if (base instanceof COSStream stream) {
                    try (InputStream in = stream.createInputStream()) {
                        total += in.readAllBytes().length;
                    }
                }
            }
            return total;
        }
    }

    private static long crossReferenceStreamBytes(byte[] pdf) throws IOException {
        String text = new String(pdf, StandardCharsets.ISO_8859_1);
        Matcher m = Pattern.compile("(?s)obj\\s*<<((?:(?!endobj).)*?/Type\\s*/XRef.*?)>>\\s*stream\r?\n")
                .matcher(text);
        long total = 0;
        while (m.find()) {
            Matcher length = Pattern.compile("/Length (\\d+)").matcher(m.group(1));
            assertThat(length.find()).isTrue();
            int n = Integer.parseInt(length.group(1));
            try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(pdf, m.end(), n))) {
                total += in.readAllBytes().length;
            }
        }
        return total;
    }

    /** A PDF of text pages, with object streams or without, encrypted when a user password is given. */
    private static byte[] document(int pages, String userPasswordOrNull, int keyLength, boolean aesOrObjectStreams) {
        TestPdfs pdf = TestPdfs.aPdf().pages(pages);
        if (userPasswordOrNull != null) {
            return pdf.encrypted(userPasswordOrNull, keyLength, aesOrObjectStreams)
                    .build();
        }
        return aesOrObjectStreams ? pdf.build() : pdf.uncompressed().build();
    }

    /** A one-page document, encrypted with AES-128, whose page content is a deflate bomb. */
    private static byte[] encryptedContentBomb(String userPassword, int bytes) throws IOException {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            PDStream content = new PDStream(doc);
            try (OutputStream raw = content.getCOSObject().createRawOutputStream()) {
                raw.write(PdfBombs.zeroBomb(bytes));
            }
            content.getCOSObject().setItem(COSName.FILTER, COSName.FLATE_DECODE);
            page.setContents(content);
            StandardProtectionPolicy policy =
                    new StandardProtectionPolicy("owner-" + userPassword, userPassword, new AccessPermission());
            policy.setEncryptionKeyLength(128);
            doc.protect(policy);
            doc.save(out);
            return out.toByteArray();
        }
    }
}
