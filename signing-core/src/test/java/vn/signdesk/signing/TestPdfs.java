package vn.signdesk.signing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.pdfbox.pdfwriter.compress.CompressParameters;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * Test data builder for PDFs: {@code aPdf().pages(2).encrypted("pw").build()}; the owner password
 * of an encrypted one is {@code "owner-"} followed by the user password.
 */
public final class TestPdfs {

    private int pages = 1;
    private String userPasswordOrNull;
    private int keyLength = 128;
    private boolean aes;
    private boolean compressed = true;

    public static TestPdfs aPdf() {
        return new TestPdfs();
    }

    public TestPdfs pages(int n) {
        this.pages = n;
        return this;
    }

    public TestPdfs encrypted(String userPassword) {
        this.userPasswordOrNull = userPassword;
        return this;
    }

    /** Encrypted with a key of that many bits (40, 128 or 256), in AES or RC4. */
    public TestPdfs encrypted(String userPassword, int keyLength, boolean aes) {
        this.keyLength = keyLength;
        this.aes = aes;
        return encrypted(userPassword);
    }

    /** Without object streams, so the structure can be edited as text. */
    public TestPdfs uncompressed() {
        this.compressed = false;
        return this;
    }

    public byte[] build() {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int i = 1; i <= pages; i++) {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, 12);
                    cs.newLineAtOffset(72, 770);
                    cs.showText("Application for a certified copy - page " + i + " of " + pages);
                    for (int line = 0; line < 40; line++) {
                        cs.newLineAtOffset(0, -16);
                        cs.showText("Line " + line + ": the applicant requests the service described in section " + line
                                + ".");
                    }
                    cs.endText();
                }
            }
            if (userPasswordOrNull != null) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy(
                        "owner-" + userPasswordOrNull, userPasswordOrNull, new AccessPermission());
                policy.setEncryptionKeyLength(keyLength);
                policy.setPreferAES(aes);
                doc.protect(policy);
            }
            doc.save(out, compressed ? CompressParameters.DEFAULT_COMPRESSION : CompressParameters.NO_COMPRESSION);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
