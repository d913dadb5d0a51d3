package vn.signdesk.signing.revocation;

import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.CertificateExtensionsUtils;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.x509.aia.AIASource;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * A DSS {@link AIASource} that downloads the CA certificates a certificate's Authority Information
 * Access names (RFC 5280 §4.2.2.1, caIssuers) and caches them under their URL.
 *
 * <p>Implementation notes. A certificate has no nextUpdate, so an entry lives for the configured
 * default lifetime. The body may be one DER or PEM certificate or a PKCS#7 certs-only bundle
 * (RFC 5280 §4.2.2.1 allows both). The certificates are returned as they are; DSS decides whether
 * one of them issued the certificate.
 */
final class CachedAiaSource implements AIASource {

    private static final long serialVersionUID = 1L;
    private static final int MAX_URLS = 3;

    private final transient HttpFetcher fetcher;
    private final transient CheckCache<String, List<CertificateToken>> cache;
    private final int maxBytes;

    CachedAiaSource(HttpFetcher fetcher, CertificateCheckConfig config, Executor executor) {
        this.fetcher = fetcher;
        this.maxBytes = config.maxCertificateBytes();
        this.cache = new CheckCache<>("AIA", config, executor, this::fetch);
    }

    @Override
    public Set<CertificateToken> getCertificatesByAIA(CertificateToken certificate) {
        Set<CertificateToken> found = new LinkedHashSet<>();
        if (certificate == null) {
            return found;
        }
        CertificateExtensionsUtils.getCAIssuersAccessUrls(certificate).stream()
                .filter(fetcher::supports)
                .limit(MAX_URLS)
                .forEach(url -> cache.get(url).ifPresent(found::addAll));
        return found;
    }

    CacheStats stats() {
        return cache.stats();
    }

    private CheckCache.Loaded<List<CertificateToken>> fetch(String url) throws IOException {
        byte[] bytes = fetcher.get(url, maxBytes);
        List<CertificateToken> certificates;
        try {
            certificates = List.of(DSSUtils.loadCertificate(bytes));
        } catch (RuntimeException notOne) {
            try {
                certificates = List.copyOf(DSSUtils.loadCertificateFromP7c(bytes));
            } catch (RuntimeException notBundle) {
                throw new IOException("neither a certificate nor a PKCS#7 bundle");
            }
        }
        if (certificates.isEmpty()) {
            throw new IOException("no certificate in the answer");
        }
        return new CheckCache.Loaded<>(certificates, null);
    }
}
