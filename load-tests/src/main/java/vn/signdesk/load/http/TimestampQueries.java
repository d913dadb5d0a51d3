package vn.signdesk.load.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;

/**
 * RFC 3161 {@code TimeStampReq}s for the {@code /tsa} scenario, and the cheap status check of the
 * replies: the load generator shares the machine's cores with the service, so it reads only the
 * {@code PKIStatus} at the start of each {@code TimeStampResp} instead of parsing the token.
 */
final class TimestampQueries {

    private TimestampQueries() {}

    /** {@code count} DER requests, SHA-256 imprints of random data, random nonces, certReq true. */
    static List<byte[]> create(int count) {
        SecureRandom random = new SecureRandom();
        List<byte[]> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
            generator.setCertReq(true);
            try {
                requests.add(generator
                        .generate(TSPAlgorithms.SHA256, digest, new BigInteger(63, random))
                        .getEncoded());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return requests;
    }

    /**
     * The {@code PKIStatus} of a DER {@code TimeStampResp}: {@code SEQUENCE { SEQUENCE { INTEGER
     * status, ... }, token OPTIONAL }}; -1 when the bytes do not start that way.
     */
    static int pkiStatus(byte[] der) {
        int[] pos = {0};
        if (!header(der, pos, 0x30) || !header(der, pos, 0x30)) {
            return -1;
        }
        int p = pos[0];
        if (p + 2 >= der.length || der[p] != 0x02 || der[p + 1] != 0x01) {
            return -1;
        }
        return der[p + 2];
    }

    /** Skips a tag and its DER length at pos; false when the tag differs or the length is malformed. */
    private static boolean header(byte[] der, int[] pos, int tag) {
        int p = pos[0];
        if (p + 2 > der.length || (der[p] & 0xff) != tag) {
            return false;
        }
        int first = der[p + 1] & 0xff;
        p += 2;
        if (first > 0x80) {
            int lengthBytes = first & 0x7f;
            if (lengthBytes > 4 || p + lengthBytes > der.length) {
                return false;
            }
            p += lengthBytes;
        } else if (first == 0x80) {
            return false;
        }
        pos[0] = p;
        return true;
    }
}
