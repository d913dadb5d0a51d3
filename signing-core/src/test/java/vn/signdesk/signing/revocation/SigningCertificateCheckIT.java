package vn.signdesk.signing.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.pki.Identity;
import vn.signdesk.pki.LoopbackPkiServer;
import vn.signdesk.signing.SigningCertificateException;
import vn.signdesk.signing.SigningKey;

/**
 * The check of a signing certificate before it signs, against the demo PKI's real OCSP and CRL
 * responder on loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SigningCertificateCheckIT {

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private LoopbackPkiServer server;
    private DemoPki pki;
    private CertificateChecks checks;
    private SigningCertificateCheck check;

    @BeforeAll
    void startPki() {
        server = LoopbackPkiServer.start(0);
        pki = DemoPki.createInMemory(server.baseUrl(), clock);
        server.setResponder(pki.responder());
    }

    @AfterAll
    void stopPki() {
        server.close();
    }

    @BeforeEach
    void freshChecks() {
        server.setUnavailable(false);
        server.resetCounts();
        checks = CertificateChecks.create(CertificateCheckConfig.defaults()
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
                .withClock(clock));
        check = new SigningCertificateCheck(checks, clock);
    }

    @AfterEach
    void closeChecks() {
        checks.close();
    }

    private static SigningKey key(Identity identity) {
        return new SigningKey(identity.name(), identity.privateKey(), null, identity.chain());
    }

    @Test
    void requireUsable_goodCertificate_passesWithItsDaysToExpiry() {
        SigningCertificateCheck.Status status = check.status(key(pki.departmentSeal()));

        assertThat(status.state()).isEqualTo(SigningCertificateCheck.State.GOOD);
        assertThat(status.sourceOrNull()).isEqualTo("OCSP");
        assertThat(status.daysToExpiry()).isPositive();
        check.requireUsable(key(pki.departmentSeal()));
    }

    @Test
    void requireUsable_revokedCertificate_isRefusedNamingRevocation() {
        assertThatThrownBy(() -> check.requireUsable(key(pki.revoked())))
                .isInstanceOf(SigningCertificateException.class)
                .hasMessageContaining("is revoked")
                .satisfies(e ->
                        assertThat(((SigningCertificateException) e).kind()).isEqualTo("signing-certificate-revoked"));
    }

    @Test
    void requireUsable_expiredCertificate_isRefusedWithoutAskingTheResponder() {
        assertThatThrownBy(() -> check.requireUsable(key(pki.expired())))
                .isInstanceOf(SigningCertificateException.class)
                .hasMessageContaining("expired on")
                .satisfies(e -> assertThat(((SigningCertificateException) e).reason())
                        .isEqualTo(SigningCertificateException.Reason.OUTSIDE_VALIDITY));
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void requireUsable_responderDown_isRefusedAsUnavailable() {
        server.setUnavailable(true);

        assertThatThrownBy(() -> check.requireUsable(key(pki.branchCopy())))
                .isInstanceOf(SigningCertificateException.class)
                .satisfies(e -> assertThat(((SigningCertificateException) e).kind())
                        .isEqualTo("signing-certificate-status-unavailable"));
    }

    @Test
    void requireUsable_chainWithoutIssuer_isRefusedAsUnavailable() {
        Identity seal = pki.departmentSeal();
        SigningKey alone = new SigningKey(
                "alone", seal.privateKey(), null, List.of(seal.chain().get(0)));

        assertThatThrownBy(() -> check.requireUsable(alone))
                .isInstanceOf(SigningCertificateException.class)
                .hasMessageContaining("no issuer certificate");
    }

    @Test
    void status_secondCallWithinRecheck_asksNoResponderAgain() {
        check.status(key(pki.residentRsa()));
        long asked = server.requestCount();

        check.status(key(pki.residentRsa()));
        clock.advance(SigningCertificateCheck.RECHECK.plusSeconds(1));
        check.status(key(pki.residentRsa()));

        // the memo covers the first repeat; after it the cached OCSP answer does: no new request
        assertThat(server.requestCount()).isEqualTo(asked);
    }
}
