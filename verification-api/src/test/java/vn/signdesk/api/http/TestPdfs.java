package vn.signdesk.api.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Random;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;

/** A test data builder of PDFs: {@code TestPdfs.aPdf().pages(5001).filler(2 << 20).build()}. */
final class TestPdfs {

    private int pages = 1;
    private int fillerBytes;

    private TestPdfs() {}

    static TestPdfs aPdf() {
        return new TestPdfs();
    }

    /** The number of (empty, A4) pages. */
    TestPdfs pages(int n) {
        this.pages = n;
        return this;
    }

    /** Adds a stream of this many incompressible bytes, to make the file large. */
    TestPdfs filler(int bytes) {
        this.fillerBytes = bytes;
        return this;
    }

    byte[] build() {
        try (PDDocument doc = new PDDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int i = 0; i < pages; i++) {
                doc.addPage(new PDPage());
            }
            if (fillerBytes > 0) {
                byte[] noise = new byte[fillerBytes];
                new Random(42).nextBytes(noise);
                COSStream stream = doc.getDocument().createCOSStream();
                try (OutputStream raw = stream.createRawOutputStream()) {
                    raw.write(noise);
                }
                doc.getDocumentCatalog().getCOSObject().setItem(COSName.getPDFName("Filler"), stream);
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
