package vn.signdesk.signing.tsa;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.signdesk.signing.tsa.TsaTestSupport.pki;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.TimestampType;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.x509.tsp.TimestampToken;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TimestamperTspSourceTest {

    private final TimestamperTspSource source = new TimestamperTspSource(TsaTestSupport.authority());

    @ParameterizedTest
    @EnumSource(
            value = DigestAlgorithm.class,
            names = {"SHA256", "SHA384", "SHA512"})
    void getTimeStampResponse_embeddedAuthority_dssParsesTokenWithImprint(DigestAlgorithm algorithm) throws Exception {
        byte[] data = "a PDF byte range".getBytes(StandardCharsets.UTF_8);
        byte[] digest = DSSUtils.digest(algorithm, data);

        var binary = source.getTimeStampResponse(algorithm, digest);

        TimestampToken token = new TimestampToken(binary.getBytes(), TimestampType.SIGNATURE_TIMESTAMP);
        assertThat(token.getDigestAlgorithm()).isEqualTo(algorithm);
        assertThat(token.getMessageImprint().getValue()).isEqualTo(digest);
        // DSS 6.4: matchData(byte[]) takes the expected digest value, not the data
        assertThat(token.matchData(digest)).isTrue();
        assertThat(token.isMessageImprintDataIntact()).isTrue();
        assertThat(token.isSignedBy(new CertificateToken(pki().tsa().certificate())))
                .isTrue();
        assertThat(token.getCertificates())
                .contains(new CertificateToken(pki().tsa().certificate()));
    }
}
