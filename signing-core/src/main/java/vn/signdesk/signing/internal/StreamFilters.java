package vn.signdesk.signing.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The decoding filters of ISO 32000-1 §7.4 as streaming {@link InputStream}s, for measuring what a
 * stream decodes to without holding it: FlateDecode, LZWDecode, RunLengthDecode, ASCIIHexDecode and
 * ASCII85Decode, by their full and abbreviated names (and Crypt, which passes data on: the scan decrypts
 * a stream before its filters). Image codecs (DCT, JPX, JBIG2, CCITT) and
 * unknown filters are terminal: what they would decode to is an image no parse produces.
 *
 * <p>Implementation notes. Each decoder is as lenient as a PDF library has to be: corrupt data ends
 * the stream instead of failing it (a reader keeps what it decoded), so the measure never comes out
 * lower than what a lenient reader gets. FlateDecode ignores the two bytes of the zlib header and
 * inflates what follows as raw deflate, which decodes every zlib stream and also those whose header
 * is damaged (PDFBox 3 reads them so). {@link #maxRatio} is the most a filter can expand its input:
 * deflate's longest match (258 bytes) costs at least two bits, LZW's longest string (4 096 codes less
 * the 258 reserved) at least nine, a run-length pair of two bytes gives 128, an ASCII85 {@code z}
 * gives four.
 */
final class StreamFilters {

    private StreamFilters() {}

    /** The largest factor by which the named filter can expand its input; 1 for terminal filters. */
    static double maxRatio(String filter) {
        return switch (canonical(filter)) {
            case "FlateDecode" -> 1032;
            case "LZWDecode" -> 3500;
            case "RunLengthDecode" -> 64;
            case "ASCII85Decode" -> 4;
            default -> 1;
        };
    }

    /** Whether {@link #decoderOrNull} decodes the named filter (it is neither terminal nor unknown). */
    static boolean decodes(String filter) {
        return switch (canonical(filter)) {
            case "FlateDecode", "LZWDecode", "RunLengthDecode", "ASCIIHexDecode", "ASCII85Decode", "Crypt" -> true;
            default -> false;
        };
    }

    /** A decoder of the named filter over {@code in}, or null when the filter is terminal or unknown. */
    static InputStream decoderOrNull(String filter, InputStream in) {
        return switch (canonical(filter)) {
            case "FlateDecode" -> new Flate(in);
            case "LZWDecode" -> new Lzw(in);
            case "RunLengthDecode" -> new RunLength(in);
            case "ASCIIHexDecode" -> new AsciiHex(in);
            case "ASCII85Decode" -> new Ascii85(in);
            // a crypt filter in the chain: the scan decrypts before any filter, so it passes the data on
            case "Crypt" -> in;
            default -> null;
        };
    }

    private static String canonical(String filter) {
        return switch (filter) {
            case "Fl" -> "FlateDecode";
            case "LZW" -> "LZWDecode";
            case "RL" -> "RunLengthDecode";
            case "AHx" -> "ASCIIHexDecode";
            case "A85" -> "ASCII85Decode";
            default -> filter;
        };
    }

    /** A decoder that produces its output in chunks into {@link #out}, served by the read methods. */
    private abstract static class Chunked extends InputStream {
        final InputStream in;
        final byte[] out;
        int outPos;
        int outLen;
        boolean done;

        Chunked(InputStream in, int chunk) {
            this.in = in;
            this.out = new byte[chunk];
        }

        /** Fills {@link #out} with at least one byte, or sets {@link #done}. */
        abstract void fill() throws IOException;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (outPos == outLen) {
                if (done) {
                    return -1;
                }
                outPos = 0;
                outLen = 0;
                fill();
            }
            int n = Math.min(len, outLen - outPos);
            System.arraycopy(out, outPos, b, off, n);
            outPos += n;
            return n;
        }
    }

    /** FlateDecode: the zlib header skipped, raw deflate inflated until its end or the first error. */
    private static final class Flate extends Chunked {
        private final Inflater inflater = new Inflater(true);
        private final byte[] input = new byte[2048];
        private boolean headerSkipped;

        Flate(InputStream in) {
            super(in, 4096);
        }

        @Override
        void fill() throws IOException {
            if (!headerSkipped) {
                headerSkipped = true;
                if (in.read() < 0 || in.read() < 0) {
                    finish();
                    return;
                }
            }
            try {
                while (outLen == 0) {
                    if (inflater.finished()) {
                        finish();
                        return;
                    }
                    if (inflater.needsInput()) {
                        int n = in.read(input);
                        if (n < 0) {
                            finish();
                            return;
                        }
                        inflater.setInput(input, 0, n);
                    }
                    outLen = inflater.inflate(out);
                    if (outLen == 0 && inflater.needsDictionary()) {
                        finish();
                        return;
                    }
                }
            } catch (DataFormatException corrupt) {
                finish();
            }
        }

        private void finish() {
            done = true;
            inflater.end();
        }

        @Override
        public void close() {
            inflater.end();
        }
    }

    /** LZWDecode (TIFF variant, most significant bit first), with the default early change of 1. */
    private static final class Lzw extends Chunked {
        private static final int CLEAR = 256;
        private static final int END = 257;
        private final int[] prefix = new int[4096];
        private final byte[] suffix = new byte[4096];
        private final byte[] first = new byte[4096];
        private final int[] length = new int[4096];
        private int next = 258;
        private int codeLength = 9;
        private int previous = -1;
        private long bits;
        private int bitCount;

        Lzw(InputStream in) {
            super(in, 4096);
            for (int i = 0; i < 256; i++) {
                suffix[i] = (byte) i;
                first[i] = (byte) i;
                length[i] = 1;
                prefix[i] = -1;
            }
        }

        @Override
        void fill() throws IOException {
            while (outLen == 0 && !done) {
                int code = readCode();
                if (code < 0 || code == END) {
                    done = true;
                } else if (code == CLEAR) {
                    next = 258;
                    codeLength = 9;
                    previous = -1;
                } else if (code < next) {
                    if (previous >= 0) {
                        add(previous, first[code]);
                    }
                    emit(code);
                    previous = code;
                } else if (code == next && previous >= 0) {
                    add(previous, first[previous]);
                    emit(code);
                    previous = code;
                } else {
                    done = true;
                }
            }
        }

        private void add(int prefixCode, byte last) {
            if (next >= 4096) {
                return;
            }
            prefix[next] = prefixCode;
            suffix[next] = last;
            first[next] = first[prefixCode];
            length[next] = length[prefixCode] + 1;
            next++;
            if (next + 1 >= (1 << codeLength) && codeLength < 12) {
                codeLength++;
            }
        }

        private void emit(int code) {
            int n = length[code];
            for (int i = n - 1, c = code; i >= 0; i--, c = prefix[c]) {
                out[i] = suffix[c];
            }
            outLen = n;
        }

        private int readCode() throws IOException {
            while (bitCount < codeLength) {
                int b = in.read();
                if (b < 0) {
                    return -1;
                }
                bits = (bits << 8) | b;
                bitCount += 8;
            }
            bitCount -= codeLength;
            return (int) ((bits >>> bitCount) & ((1 << codeLength) - 1));
        }
    }

    /** RunLengthDecode: a length byte, then that many literal bytes or one byte repeated. */
    private static final class RunLength extends Chunked {
        RunLength(InputStream in) {
            super(in, 128);
        }

        @Override
        void fill() throws IOException {
            int n = in.read();
            if (n < 0 || n == 128) {
                done = true;
            } else if (n < 128) {
                int got = in.readNBytes(out, 0, n + 1);
                outLen = got;
                done = got < n + 1;
            } else {
                int b = in.read();
                if (b < 0) {
                    done = true;
                    return;
                }
                Arrays.fill(out, 0, 257 - n, (byte) b);
                outLen = 257 - n;
            }
        }
    }

    /** ASCIIHexDecode: pairs of hexadecimal digits, white space ignored, up to {@code >}. */
    private static final class AsciiHex extends Chunked {
        AsciiHex(InputStream in) {
            super(in, 4096);
        }

        @Override
        void fill() throws IOException {
            int high = -1;
            while (outLen < out.length) {
                int c = in.read();
                int digit = c < 0 ? -1 : Character.digit(c, 16);
                if (c < 0 || c == '>' || (digit < 0 && !PdfLexer.isWhitespace(c))) {
                    if (high >= 0) {
                        out[outLen++] = (byte) (high << 4);
                    }
                    done = true;
                    return;
                }
                if (digit >= 0) {
                    if (high < 0) {
                        high = digit;
                    } else {
                        out[outLen++] = (byte) ((high << 4) | digit);
                        high = -1;
                    }
                }
            }
        }
    }

    /** ASCII85Decode: groups of five characters for four bytes, {@code z} for four zeros, up to {@code ~>}. */
    private static final class Ascii85 extends Chunked {
        Ascii85(InputStream in) {
            super(in, 4096);
        }

        @Override
        void fill() throws IOException {
            long group = 0;
            int count = 0;
            while (outLen <= out.length - 4) {
                int c = in.read();
                if (c == 'z' && count == 0) {
                    outLen += 4;
                    Arrays.fill(out, outLen - 4, outLen, (byte) 0);
                } else if (c >= '!' && c <= 'u') {
                    group = group * 85 + (c - '!');
                    if (++count == 5) {
                        writeGroup(group, 4);
                        group = 0;
                        count = 0;
                    }
                } else if (c < 0 || c == '~' || !PdfLexer.isWhitespace(c)) {
                    if (count > 1) {
                        for (int i = count; i < 5; i++) {
                            group = group * 85 + 84;
                        }
                        writeGroup(group, count - 1);
                    }
                    done = true;
                    return;
                }
            }
        }

        private void writeGroup(long group, int bytes) {
            for (int i = 0; i < bytes; i++) {
                out[outLen++] = (byte) (group >>> (24 - 8 * i));
            }
        }
    }
}
