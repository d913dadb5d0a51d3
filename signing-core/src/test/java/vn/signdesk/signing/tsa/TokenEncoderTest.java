package vn.signdesk.signing.tsa;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1UTCTime;
import org.junit.jupiter.api.Test;

/** The hand-written DER of the token encoder, checked against X.690 rules and Bouncy Castle's parser. */
class TokenEncoderTest {

    @Test
    void generalizedTime_millisecondsWithTrailingZeros_dropsThemAndAnEmptyFraction() {
        assertThat(text(TokenEncoder.generalizedTime(Instant.parse("2026-11-22T20:16:49.114Z"))))
                .isEqualTo("20261122201649.114Z");
        assertThat(text(TokenEncoder.generalizedTime(Instant.parse("2026-11-22T20:16:49.500Z"))))
                .isEqualTo("20261122201649.5Z");
        assertThat(text(TokenEncoder.generalizedTime(Instant.parse("2026-01-02T03:04:05.000999Z"))))
                .isEqualTo("20260102030405Z");
    }

    @Test
    void signingTime_before2050_isUtcTimeBouncyCastleReads() throws Exception {
        byte[] der = TokenEncoder.signingTime(Instant.parse("2026-11-22T20:16:49.114Z"));

        ASN1UTCTime time = ASN1UTCTime.getInstance(ASN1Primitive.fromByteArray(der));

        assertThat(time.getAdjustedDate().toInstant()).isEqualTo(Instant.parse("2026-11-22T20:16:49Z"));
    }

    @Test
    void tlv_lengthsAcrossEveryLengthForm_parseBack() throws Exception {
        for (int length : new int[] {0, 1, 127, 128, 255, 256, 65_535, 65_536}) {
            byte[] content = new byte[length];
            byte[] der = TokenEncoder.tlv((byte) 0x04, content);

            ASN1OctetString parsed = ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(der));

            assertThat(parsed.getOctets()).as("length " + length).hasSize(length);
        }
    }

    @Test
    void compareDer_setOfOrder_isUnsignedBytesThenLength() {
        assertThat(TokenEncoder.compareDer(new byte[] {0x30, 0x1A}, new byte[] {0x30, (byte) 0x81}))
                .isNegative();
        assertThat(TokenEncoder.compareDer(new byte[] {0x30, 0x2F}, new byte[] {0x30, 0x1C}))
                .isPositive();
        assertThat(TokenEncoder.compareDer(new byte[] {0x30}, new byte[] {0x30, 0x00}))
                .isNegative();
        assertThat(TokenEncoder.compareDer(new byte[] {1, 2}, new byte[] {1, 2}))
                .isZero();
    }

    private static String text(byte[] ascii) {
        return new String(ascii, StandardCharsets.US_ASCII);
    }
}
