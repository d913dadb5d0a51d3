package vn.signdesk.signing.tsa;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import vn.signdesk.pki.DemoPki;

/** The demo PKI (generated once per test JVM: RSA key generation is slow) and request helpers. */
final class TsaTestSupport {

    static final String POLICY = "1.3.6.1.4.1.55555.1.1";
    static final String SHA256 = NISTObjectIdentifiers.id_sha256.getId();
    static final URI PUBLIC_URL = URI.create("http://pki.signdesk.test");

    private static DemoPki pki;

    private TsaTestSupport() {}

    static synchronized DemoPki pki() {
        if (pki == null) {
            pki = DemoPki.createInMemory(PUBLIC_URL, Clock.systemUTC());
        }
        return pki;
    }

    static EmbeddedTimestampAuthority authority(Clock clock) {
        return new EmbeddedTimestampAuthority(
                pki().tsa().privateKey(), pki().tsa().chain(), POLICY, Duration.ofSeconds(1), clock);
    }

    static EmbeddedTimestampAuthority authority() {
        return authority(Clock.systemUTC());
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static TimeStampRequest request(byte[] digest, BigInteger nonceOrNull, boolean certReq) {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(certReq);
        return nonceOrNull == null
                ? generator.generate(NISTObjectIdentifiers.id_sha256, digest)
                : generator.generate(NISTObjectIdentifiers.id_sha256, digest, nonceOrNull);
    }

    static byte[] encoded(TimeStampRequest request) {
        try {
            return request.getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static TimeStampResponse parseResponse(byte[] der) {
        try {
            return new TimeStampResponse(der);
        } catch (IOException | TSPException e) {
            throw new AssertionError("not a TimeStampResp", e);
        }
    }
}
