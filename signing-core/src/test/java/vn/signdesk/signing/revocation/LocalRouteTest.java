package vn.signdesk.signing.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.CertificateStatus;
import eu.europa.esig.dss.model.x509.CertificateToken;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.pki.PkiResponder;

/** Certificate checks answered in-process for the demo PKI's URLs, as the command line does. */
class LocalRouteTest {

    @Test
    void checks_urlsUnderLocalBase_areAnsweredInProcessAndCached() {
        DemoPki pki = DemoPki.createInMemory(URI.create("http://pki.signdesk.test"), Clock.systemUTC());
        AtomicInteger calls = new AtomicInteger();
        CertificateChecks checks = CertificateChecks.builder(CertificateCheckConfig.defaults())
                .localResponder(pki.publicUrl().toString(), (path, body) -> {
                    calls.incrementAndGet();
                    PkiResponder.Response r = pki.responder().handle(body == null ? "GET" : "POST", path, body);
                    return r.status() == 200 ? Optional.of(r.body()) : Optional.empty();
                })
                .build();
        try (checks) {
            CertificateToken issuer = new CertificateToken(pki.issuingCa());
            CertificateToken revoked = new CertificateToken(pki.revoked().certificate());

            assertThat(checks.ocspSource().getRevocationToken(revoked, issuer).getStatus())
                    .isEqualTo(CertificateStatus.REVOKED);
            assertThat(checks.crlSource().getRevocationToken(revoked, issuer).getStatus())
                    .isEqualTo(CertificateStatus.REVOKED);
            assertThat(checks.aiaSource().getCertificatesByAIA(revoked)).containsExactly(issuer);
            assertThat(checks.ocspSource().getRevocationToken(revoked, issuer).getStatus())
                    .isEqualTo(CertificateStatus.REVOKED);
            assertThat(calls).hasValue(3);
        }
    }
}
