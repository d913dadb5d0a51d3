package vn.signdesk.signing.verify.internal;

import java.nio.charset.StandardCharsets;

/** Searches in a file's raw bytes. */
final class Bytes {

    private Bytes() {}

    /** The offset of the first {@code needle} (ASCII) at or after {@code from}, or -1. */
    static int indexOf(byte[] data, String needle, int from) {
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        for (int i = Math.max(0, from); i <= data.length - n.length; i++) {
            if (matchesAt(data, n, i)) {
                return i;
            }
        }
        return -1;
    }

    /** The offset of the last {@code needle} (ASCII) that starts before {@code before}, or -1. */
    static int lastIndexOf(byte[] data, String needle, int before) {
        byte[] n = needle.getBytes(StandardCharsets.US_ASCII);
        for (int i = Math.min(before - 1, data.length - n.length); i >= 0; i--) {
            if (matchesAt(data, n, i)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matchesAt(byte[] data, byte[] needle, int at) {
        for (int k = 0; k < needle.length; k++) {
            if (data[at + k] != needle[k]) {
                return false;
            }
        }
        return true;
    }
}
