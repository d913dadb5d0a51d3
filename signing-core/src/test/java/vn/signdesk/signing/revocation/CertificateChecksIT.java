package vn.signdesk.signing.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import eu.europa.esig.dss.enumerations.CertificateStatus;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLToken;
import eu.europa.esig.dss.spi.x509.revocation.ocsp.OCSPToken;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.pki.LoopbackPkiServer;
import vn.signdesk.pki.PkiResponder;

/**
 * Certificate checks against the demo PKI's real HTTP responder on loopback, with a clock the tests
 * move to cross nextUpdate, refresh windows and stale bounds; every request is counted at the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertificateChecksIT {

    private static final Duration NEGATIVE_TTL = Duration.ofSeconds(30);
    private static final Duration STALE_IF_ERROR = Duration.ofMinutes(30);
    private static final Duration REFRESH_AHEAD = Duration.ofMinutes(10);

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private LoopbackPkiServer server;
    private DemoPki pki;
    private CertificateToken issuingCa;
    private CertificateToken good;
    private CertificateToken revoked;
    private CertificateChecks checks;

    @BeforeAll
    void startPki() {
        server = LoopbackPkiServer.start(0);
        pki = DemoPki.createInMemory(server.baseUrl(), clock);
        server.setResponder(pki.responder());
        issuingCa = new CertificateToken(pki.issuingCa());
        good = new CertificateToken(pki.residentRsa().certificate());
        revoked = new CertificateToken(pki.revoked().certificate());
    }

    @AfterAll
    void stopPki() {
        server.close();
    }

    @BeforeEach
    void freshChecks() {
        server.setUnavailable(false);
        server.resetCounts();
        checks = CertificateChecks.create(config());
    }

    @AfterEach
    void closeChecks() {
        checks.close();
    }

    private CertificateCheckConfig config() {
        return CertificateCheckConfig.defaults()
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
                .withLifetimes(Duration.ofHours(6), Duration.ofHours(1), REFRESH_AHEAD)
                .withFailurePolicy(NEGATIVE_TTL, STALE_IF_ERROR)
                .withClock(clock);
    }

    @Test
    void ocsp_goodCertificate_isGoodAndSecondCheckAsksNobody() {
        OCSPToken first = checks.ocspSource().getRevocationToken(good, issuingCa);
        OCSPToken second = checks.ocspSource().getRevocationToken(good, issuingCa);

        assertThat(first.getStatus()).isEqualTo(CertificateStatus.GOOD);
        assertThat(first.isValid()).isTrue();
        assertThat(first.getSourceURL()).isEqualTo(pki.ocspUrl().toString());
        assertThat(second.getStatus()).isEqualTo(CertificateStatus.GOOD);
        assertThat(second.getThisUpdate()).isEqualTo(first.getThisUpdate());
        assertThat(server.requestCount(LoopbackPkiServer.OCSP)).isEqualTo(1);
        CacheStats stats = checks.stats().ocsp();
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.hits()).isEqualTo(2);
        assertThat(stats.loads()).isEqualTo(1);
        assertThat(stats.loadFailures()).isZero();
        assertThat(stats.size()).isEqualTo(1);
    }

    @Test
    void ocsp_revokedSigner_isRevokedAtItsRevocationTime() {
        OCSPToken token = checks.ocspSource().getRevocationToken(revoked, issuingCa);

        assertThat(token.getStatus()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(token.getRevocationDate().toInstant()).isEqualTo(pki.revocationTime());
    }

    @Test
    void crl_revokedSigner_isListedAndOneDownloadServesEveryCertificate() {
        CRLToken forRevoked = checks.crlSource().getRevocationToken(revoked, issuingCa);
        CRLToken forGood = checks.crlSource().getRevocationToken(good, issuingCa);

        assertThat(forRevoked.getStatus()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(forRevoked.getRevocationDate().toInstant()).isEqualTo(pki.revocationTime());
        assertThat(forRevoked.isValid()).isTrue();
        assertThat(forGood.getStatus()).isEqualTo(CertificateStatus.GOOD);
        assertThat(forGood.getNextUpdate()).isAfter(forGood.getThisUpdate());
        assertThat(server.requestCount(LoopbackPkiServer.CRL)).isEqualTo(1);
    }

    @Test
    void aia_signerCertificate_givesItsIssuerOnce() {
        assertThat(checks.aiaSource().getCertificatesByAIA(good)).containsExactly(issuingCa);
        assertThat(checks.aiaSource().getCertificatesByAIA(revoked)).containsExactly(issuingCa);

        assertThat(server.requestCount(LoopbackPkiServer.CA)).isEqualTo(1);
        assertThat(checks.stats().aia().hits()).isEqualTo(2);
    }

    @Test
    void ocsp_responderDownWithWarmCache_servesStaleAnswerWithinBoundOnly() {
        OCSPToken warm = checks.ocspSource().getRevocationToken(revoked, issuingCa);
        server.setUnavailable(true);

        // past nextUpdate: the refetch fails, the stale answer is still served
        clock.advance(PkiResponder.OCSP_VALIDITY.plusMinutes(1));
        OCSPToken stale = checks.ocspSource().getRevocationToken(revoked, issuingCa);
        assertThat(stale.getStatus()).isEqualTo(CertificateStatus.REVOKED);
        assertThat(stale.getThisUpdate()).isEqualTo(warm.getThisUpdate());
        assertThat(server.requestCount(LoopbackPkiServer.OCSP)).isEqualTo(2);

        // within the negative period the failing responder is not asked again
        assertThat(checks.ocspSource().getRevocationToken(revoked, issuingCa)).isNotNull();
        assertThat(server.requestCount(LoopbackPkiServer.OCSP)).isEqualTo(2);

        // beyond the stale bound there is no answer, and no exception
        clock.advance(STALE_IF_ERROR);
        assertThat(checks.ocspSource().getRevocationToken(revoked, issuingCa)).isNull();

        CacheStats stats = checks.stats().ocsp();
        assertThat(stats.staleHits()).isEqualTo(2);
        assertThat(stats.loadFailures()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void ocsp_responderDownWithColdCache_givesNoAnswerAndRemembersTheFailure() {
        server.setUnavailable(true);

        assertThat(checks.ocspSource().getRevocationToken(good, issuingCa)).isNull();
        assertThat(checks.ocspSource().getRevocationToken(good, issuingCa)).isNull();
        assertThat(checks.crlSource().getRevocationToken(good, issuingCa)).isNull();
        assertThat(checks.aiaSource().getCertificatesByAIA(good)).isEmpty();

        assertThat(server.requestCount(LoopbackPkiServer.OCSP)).isEqualTo(1);
        assertThat(checks.stats().ocsp().negativeHits()).isEqualTo(2);
        assertThat(checks.stats().ocsp().loadFailures()).isEqualTo(1);

        // after the negative period the responder, back up, is asked again
        server.setUnavailable(false);
        clock.advance(NEGATIVE_TTL.plusSeconds(1));
        assertThat(checks.ocspSource().getRevocationToken(good, issuingCa).getStatus())
                .isEqualTo(CertificateStatus.GOOD);
        assertThat(server.requestCount(LoopbackPkiServer.OCSP)).isEqualTo(2);
    }

    @Test
    void ocsp_eightConcurrentFirstRequests_fetchOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<OCSPToken>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return checks.ocspSource().getRevocationToken(good, issuingCa);
                }));
            }
            start.countDown();
            for (Future<OCSPToken> answer : answers) {
                assertThat(answer.get().getStatus()).isEqualTo(CertificateStatus.GOOD);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.requestCount(LoopbackPkiServer.OCSP)).isEqualTo(1);
        assertThat(checks.stats().ocsp().loads()).isEqualTo(1);
    }

    @Test
    void ocsp_hitWithinRefreshWindow_isServedAtOnceAndRefreshedInBackground() throws Exception {
        OCSPToken first = checks.ocspSource().getRevocationToken(good, issuingCa);

        clock.advance(PkiResponder.OCSP_VALIDITY.minus(REFRESH_AHEAD.dividedBy(2)));
        OCSPToken atOnce = checks.ocspSource().getRevocationToken(good, issuingCa);
        assertThat(atOnce.getThisUpdate()).isEqualTo(first.getThisUpdate());

        // wait for the background fetch at the responder, without asking the cache again meanwhile
        // (a caller inside the window while the refreshed value is not yet visible may start another)
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.requestCount(LoopbackPkiServer.OCSP) < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        OCSPToken refreshed = atOnce;
        while (refreshed.getThisUpdate().equals(first.getThisUpdate()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            refreshed = checks.ocspSource().getRevocationToken(good, issuingCa);
        }
        assertThat(refreshed.getThisUpdate()).isAfter(first.getThisUpdate());
        assertThat(refreshed.getStatus()).isEqualTo(CertificateStatus.GOOD);
        assertThat(server.requestCount(LoopbackPkiServer.OCSP)).isEqualTo(2);
        assertThat(checks.stats().ocsp().misses()).isEqualTo(1);
    }

    @Test
    void ocsp_answerLargerThanLimit_isRefusedWithoutException() {
        CertificateCheckConfig small = new CertificateCheckConfig(
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                100,
                100,
                100,
                Duration.ofHours(6),
                Duration.ofHours(1),
                REFRESH_AHEAD,
                NEGATIVE_TTL,
                STALE_IF_ERROR,
                100,
                1024 * 1024,
                clock);
        try (CertificateChecks limited = CertificateChecks.create(small)) {
            assertThat(limited.ocspSource().getRevocationToken(good, issuingCa)).isNull();
            assertThat(limited.crlSource().getRevocationToken(good, issuingCa)).isNull();
            assertThat(limited.aiaSource().getCertificatesByAIA(good)).isEmpty();
            assertThat(limited.stats().ocsp().loadFailures()).isEqualTo(1);
            assertThat(limited.stats().crl().loadFailures()).isEqualTo(1);
            assertThat(limited.stats().aia().loadFailures()).isEqualTo(1);
        }
    }

    @Test
    void checks_urlsUnderLocalBase_areAnsweredInProcessAndCached() {
        AtomicInteger calls = new AtomicInteger();
        try (CertificateChecks local = CertificateChecks.builder(config())
                .localResponder(server.baseUrl().toString(), (path, body) -> {
                    calls.incrementAndGet();
                    PkiResponder.Response r = pki.responder().handle(body == null ? "GET" : "POST", path, body);
                    return r.status() == 200 ? Optional.of(r.body()) : Optional.empty();
                })
                .build()) {
            assertThat(local.ocspSource().getRevocationToken(revoked, issuingCa).getStatus())
                    .isEqualTo(CertificateStatus.REVOKED);
            assertThat(local.crlSource().getRevocationToken(revoked, issuingCa).getStatus())
                    .isEqualTo(CertificateStatus.REVOKED);
            assertThat(local.aiaSource().getCertificatesByAIA(revoked)).containsExactly(issuingCa);
            assertThat(local.ocspSource().getRevocationToken(revoked, issuingCa).getStatus())
                    .isEqualTo(CertificateStatus.REVOKED);
        }
        assertThat(calls).hasValue(3);
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void checks_urlOutsidePolicy_areNotFetched() {
        try (CertificateChecks restricted = CertificateChecks.builder(config())
                .allowUrls(url -> !url.getHost().equals("127.0.0.1"))
                .build()) {
            assertThat(restricted.ocspSource().getRevocationToken(good, issuingCa))
                    .isNull();
            assertThat(restricted.crlSource().getRevocationToken(good, issuingCa))
                    .isNull();
            assertThat(restricted.aiaSource().getCertificatesByAIA(good)).isEmpty();
        }
        assertThat(server.requestCount()).isZero();
    }

    @Test
    void ocsp_answerPastMaximumLifetime_isFetchedAgain() {
        CertificateCheckConfig shortLived =
                config().withLifetimes(Duration.ofMinutes(20), Duration.ofMinutes(20), REFRESH_AHEAD);
        try (CertificateChecks capped = CertificateChecks.create(shortLived)) {
            capped.ocspSource().getRevocationToken(good, issuingCa);
            clock.advance(Duration.ofMinutes(21));
            capped.ocspSource().getRevocationToken(good, issuingCa);
        }
        // the answer says one hour; the cap of 20 minutes wins
        assertThat(server.requestCount(LoopbackPkiServer.OCSP)).isEqualTo(2);
    }
}
