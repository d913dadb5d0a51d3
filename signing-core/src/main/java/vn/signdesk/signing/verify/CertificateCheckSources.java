package vn.signdesk.signing.verify;

import eu.europa.esig.dss.service.crl.OnlineCRLSource;
import eu.europa.esig.dss.service.http.commons.CommonsDataLoader;
import eu.europa.esig.dss.service.http.commons.OCSPDataLoader;
import eu.europa.esig.dss.service.ocsp.OnlineOCSPSource;
import eu.europa.esig.dss.spi.client.http.DataLoader;
import eu.europa.esig.dss.spi.x509.aia.AIASource;
import eu.europa.esig.dss.spi.x509.aia.DefaultAIASource;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLSource;
import eu.europa.esig.dss.spi.x509.revocation.ocsp.OCSPSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import vn.signdesk.signing.LocalResponder;
import vn.signdesk.signing.internal.RoutingDataLoader;
import vn.signdesk.signing.revocation.CertificateCheckConfig;
import vn.signdesk.signing.revocation.CertificateChecks;

/**
 * Where a verification fetches what a document does not carry: OCSP responses, CRLs and issuer
 * certificates (AIA). Built once and shared by every request, so the sources must be thread-safe.
 *
 * @param ocspOrNull OCSP responses, null for none
 * @param crlOrNull CRLs, null for none
 * @param aiaOrNull issuer certificates from AIA URLs, null for none
 */
public record CertificateCheckSources(OCSPSource ocspOrNull, CRLSource crlOrNull, AIASource aiaOrNull) {

    /** Nothing fetched: only what the document embeds counts. */
    public static CertificateCheckSources offline() {
        return new CertificateCheckSources(null, null, null);
    }

    /** The cached OCSP, CRL and AIA tier: responses live until their nextUpdate, one fetch per key. */
    public static CertificateCheckSources cached(CertificateChecks checks) {
        return new CertificateCheckSources(checks.ocspSource(), checks.crlSource(), checks.aiaSource());
    }

    /**
     * The cached tier over a {@link CertificateChecks} of its own, with default settings: what a
     * verifier uses when it is given no sources. Its fetch threads are daemons that end when idle.
     *
     * @param localResponders base URL (without trailing slash) to responder
     * @param timeout connect and read timeout of each fetch
     * @param clock the clock the cache's freshness is judged by
     */
    public static CertificateCheckSources cachedForOneVerifier(
            Map<String, LocalResponder> localResponders, Duration timeout, Clock clock) {
        CertificateChecks.Builder checks = CertificateChecks.builder(
                CertificateCheckConfig.defaults().withTimeouts(timeout, timeout).withClock(clock));
        localResponders.forEach(checks::localResponder);
        return cached(checks.build());
    }

    /**
     * DSS's online sources over HTTP, with URLs under the given bases answered in-process.
     *
     * @param localResponders base URL (without trailing slash) to responder
     * @param timeout connect and read timeout of each fetch
     */
    public static CertificateCheckSources online(Map<String, LocalResponder> localResponders, Duration timeout) {
        CommonsDataLoader http = new CommonsDataLoader();
        OCSPDataLoader ocspHttp = new OCSPDataLoader();
        int millis = (int) timeout.toMillis();
        for (CommonsDataLoader l : List.of(http, ocspHttp)) {
            l.setTimeoutConnection(millis);
            l.setTimeoutConnectionRequest(millis);
            l.setTimeoutResponse(millis);
            l.setTimeoutSocket(millis);
        }
        DataLoader loader = new RoutingDataLoader(localResponders, http);
        return new CertificateCheckSources(
                new OnlineOCSPSource(new RoutingDataLoader(localResponders, ocspHttp)),
                new OnlineCRLSource(loader),
                new DefaultAIASource(loader));
    }
}
