package vn.signdesk.signing.revocation;

import eu.europa.esig.dss.crl.CRLBinary;
import eu.europa.esig.dss.crl.CRLUtils;
import eu.europa.esig.dss.crl.CRLValidity;
import eu.europa.esig.dss.enumerations.RevocationOrigin;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.CertificateExtensionsUtils;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLSource;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLToken;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.bouncycastle.cert.X509CRLHolder;

/**
 * A DSS {@link CRLSource} that downloads a certificate's CRLs (RFC 5280 §5) over HTTP and caches
 * each one under its URL until the CRL's nextUpdate.
 *
 * <p>Implementation notes. The cache key is the URL alone, so the fetch cannot know the issuer: the
 * CRL's signature is checked per issuer when a token is built (DSS's {@link CRLValidity}), and that
 * check is memoised inside the cached entry, so a CRL is parsed and verified once per issuer rather
 * than once per verification. A CRL that is not even DER (or PEM) is a failed fetch. LDAP and other
 * non-HTTP URLs are skipped. The cache is bounded by the total size of its CRLs, not their number.
 */
final class CachedCrlSource implements CRLSource {

    private static final long serialVersionUID = 1L;
    private static final int MAX_URLS = 3;

    /** A downloaded CRL and its checks per issuer (DSS identifier of the issuer certificate). */
    record Crl(CRLBinary binary, String url, Map<String, CRLValidity> byIssuer) {}

    private final transient HttpFetcher fetcher;
    private final transient CheckCache<String, Crl> cache;
    private final int maxBytes;

    CachedCrlSource(HttpFetcher fetcher, CertificateCheckConfig config, Executor executor) {
        this.fetcher = fetcher;
        this.maxBytes = config.maxCrlBytes();
        this.cache = new CheckCache<>(
                "CRL",
                config,
                executor,
                this::fetch,
                crl -> crl.binary().getBinaries().length,
                config.maxCrlCacheBytes());
    }

    @Override
    public CRLToken getRevocationToken(CertificateToken certificate, CertificateToken issuer) {
        if (certificate == null || issuer == null) {
            return null;
        }
        List<String> urls = CertificateExtensionsUtils.getCRLAccessUrls(certificate).stream()
                .filter(fetcher::supports)
                .limit(MAX_URLS)
                .toList();
        for (String url : urls) {
            try {
                Crl crl = cache.get(url).orElse(null);
                if (crl == null) {
                    continue;
                }
                boolean fromCache = CheckCache.lastGetFromCache();
                CRLValidity validity = crl.byIssuer().computeIfAbsent(issuer.getDSSIdAsString(), id -> {
                    try {
                        return CRLUtils.buildCRLValidity(crl.binary(), issuer);
                    } catch (IOException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                });
                CRLToken token = new CRLToken(certificate, validity);
                token.setExternalOrigin(RevocationOrigin.EXTERNAL);
                token.setSourceURL(url);
                if (fromCache) {
                    CacheTrace.servedFromCache(token.getDSSIdAsString());
                }
                return token;
            } catch (RuntimeException e) {
                // this CRL cannot speak for this certificate; try the next distribution point
            }
        }
        return null;
    }

    CacheStats stats() {
        return cache.stats();
    }

    private CheckCache.Loaded<Crl> fetch(String url) throws IOException {
        byte[] bytes = fetcher.get(url, maxBytes);
        try {
            CRLBinary binary = CRLUtils.buildCRLBinary(bytes);
            X509CRLHolder holder = new X509CRLHolder(binary.getBinaries());
            Instant next = holder.getNextUpdate() == null
                    ? null
                    : holder.getNextUpdate().toInstant();
            return new CheckCache.Loaded<>(new Crl(binary, url, new ConcurrentHashMap<>()), next);
        } catch (Exception e) {
            throw new IOException("not a CRL: " + e.getMessage(), e);
        }
    }
}
