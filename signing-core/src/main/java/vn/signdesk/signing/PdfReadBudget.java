package vn.signdesk.signing;

import java.util.Objects;
import vn.signdesk.signing.internal.PdfStructureScan;

/**
 * How much reading one untrusted PDF may cost before it is refused as too complex ({@link
 * DocumentTooComplexException}): what its streams decode to, how many objects it declares, how deep
 * its objects and its page and form trees nest. Each bound grows with the size of the file, between
 * a floor and an absolute cap; loops of references are refused at any size.
 *
 * <p>{@link #check} scans the raw bytes without a PDF library and runs before every parse: a file
 * whose streams inflate to gigabytes is refused after inflating at most {@link #maxDecodedBytes()},
 * never holding more than a small buffer of it. PDFBox's own bounds do not help here: PDFBox 3
 * decodes every stream whole, each filter's output into a heap buffer ({@code Filter.decode}),
 * whatever stream cache ({@code MemoryUsageSetting}) the document was loaded with, and it has no
 * bound on nesting; so the decoded bytes a parse can hold are what this budget allows.
 *
 * @param decodedBytes the bytes all the file's streams decode to together, cross-reference and
 *     object streams included (images in JPEG, JPEG 2000, JBIG2 or CCITT count at their encoded size:
 *     no parse decodes them, rendering bounds their pixels)
 * @param objects the indirect objects the file declares: object headers in the file and in object
 *     streams, and the entries of its largest cross-reference stream
 * @param maxNesting the deepest nesting of arrays and dictionaries in one object, and of the page
 *     and form-field trees ({@code /Kids})
 */
public record PdfReadBudget(Bound decodedBytes, Bound objects, int maxNesting) {

    /**
     * Decoded bytes: 64 times the file, at least 128 MiB and at most 256 MiB. Objects: one per
     * 8 bytes of file, at least 100 000 and at most 1 000 000. Nesting: 100 levels. A signed
     * administrative document decodes to a few times its size and nests under 20 levels; a scan
     * keeps its pages in JPEG or CCITT, which count at their encoded size.
     */
    public static final PdfReadBudget DEFAULT =
            new PdfReadBudget(new Bound(64, 128L << 20, 256L << 20), new Bound(1 / 8.0, 100_000, 1_000_000), 100);

    public PdfReadBudget {
        Objects.requireNonNull(decodedBytes, "decodedBytes");
        Objects.requireNonNull(objects, "objects");
        if (maxNesting < 1) {
            throw new IllegalArgumentException("maxNesting must be positive");
        }
    }

    /**
     * A bound that grows with the input: {@code perInputByte} times its size, raised to {@code
     * floor} and capped at {@code cap}.
     */
    public record Bound(double perInputByte, long floor, long cap) {

        public Bound {
            if (!(perInputByte >= 0) || Double.isInfinite(perInputByte)) {
                throw new IllegalArgumentException("perInputByte must be a finite number, 0 or more");
            }
            if (floor < 1 || cap < floor) {
                throw new IllegalArgumentException("the floor must be positive and the cap at least the floor");
            }
        }

        /** The bound for an input of that many bytes. */
        public long forInput(long inputBytes) {
            double scaled = perInputByte * inputBytes;
            return scaled >= cap ? cap : Math.max(floor, (long) scaled);
        }
    }

    /** The most any document may decode to: the cap of {@link #decodedBytes}, what heap sizing starts from. */
    public long maxDecodedBytes() {
        return decodedBytes.cap();
    }

    /**
     * Refuses a PDF whose reading would exceed this budget; cheap for an ordinary document (one pass
     * over its bytes, decoding only what the bounds cannot settle without it).
     *
     * @throws DocumentTooComplexException naming the bound that was crossed
     */
    public void check(byte[] pdf) {
        check(pdf, null);
    }

    /**
     * {@link #check(byte[])} for a document that will be opened with a password: the streams of an
     * encrypted document count when that password (or the empty one) opens it, since a reader then
     * decodes them, and only then.
     */
    public void check(byte[] pdf, char[] passwordOrNull) {
        PdfStructureScan.check(pdf, passwordOrNull, this);
    }
}
