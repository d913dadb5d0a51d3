package vn.signdesk.signing.revocation;

import eu.europa.esig.dss.enumerations.RevocationOrigin;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.CertificateExtensionsUtils;
import eu.europa.esig.dss.spi.x509.revocation.ocsp.OCSPSource;
import eu.europa.esig.dss.spi.x509.revocation.ocsp.OCSPToken;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;

/**
 * A DSS {@link OCSPSource} that asks a certificate's OCSP responders (RFC 6960) over HTTP POST and
 * caches each answer under its issuer key and serial number until the answer's nextUpdate.
 *
 * <p>Implementation notes. The request carries no nonce (RFC 8954), which is what makes an answer
 * reusable by every later verification; replay is bounded by nextUpdate and the configured maximum
 * lifetime. CertIDs use SHA-1, which every responder understands (RFC 5019 §2.1.1). An answer is
 * cached only if its status is successful, it answers for this certificate and its signature verifies
 * (DSS's {@link OCSPToken#isValid()}), so a forged or garbled answer cannot occupy the cache; whether
 * the responder is authorised stays DSS's decision at validation. The cache holds the parsed Bouncy
 * Castle objects, which are immutable. Building an {@link OCSPToken} parses the responder's
 * certificates and verifies the response's signature again (a twentieth of a one-page
 * verification), so each thread keeps the few tokens it built last and hands the same one out for
 * the same answer and certificates: a validation only reads a token (its lazily read parts
 * included), and one thread runs one validation at a time, so no two validations share a token
 * concurrently.
 */
final class CachedOcspSource implements OCSPSource {

    private static final long serialVersionUID = 1L;
    private static final int MAX_URLS = 3;
    private static final String REQUEST_TYPE = "application/ocsp-request";

    /** Identifies one certificate status: issuer public key hash and serial; carries what a fetch needs. */
    static final class Key {
        final String issuerKeyHash;
        final BigInteger serial;
        final CertificateToken certificate;
        final CertificateToken issuer;

        Key(CertificateToken certificate, CertificateToken issuer) {
            this.certificate = certificate;
            this.issuer = issuer;
            this.serial = certificate.getSerialNumber();
            this.issuerKeyHash = keyHash(issuer);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.issuerKeyHash.equals(issuerKeyHash) && k.serial.equals(serial);
        }

        @Override
        public int hashCode() {
            return Objects.hash(issuerKeyHash, serial);
        }

        @Override
        public String toString() {
            return "serial " + serial.toString(16) + " of issuer key " + issuerKeyHash.substring(0, 16);
        }
    }

    /** A cached answer: the signed response, the entry for the certificate and where it came from. */
    record Answer(BasicOCSPResp response, SingleResp single, String url) {}

    /** How many tokens each thread keeps: a verification asks for a handful (signer, TSA, their CAs). */
    private static final int TOKENS_PER_THREAD = 8;

    /** A token this thread built, for an answer (by identity) and the certificates it was asked for. */
    private record Built(Answer answer, CertificateToken certificate, CertificateToken issuer, OCSPToken token) {}

    private final transient HttpFetcher fetcher;
    private final transient ThreadLocal<Deque<Built>> built = ThreadLocal.withInitial(ArrayDeque::new);
    private final transient CheckCache<Key, Answer> cache;
    private final int maxBytes;

    CachedOcspSource(HttpFetcher fetcher, CertificateCheckConfig config, java.util.concurrent.Executor executor) {
        this.fetcher = fetcher;
        this.maxBytes = config.maxOcspResponseBytes();
        this.cache = new CheckCache<>("OCSP", config, executor, this::fetch);
    }

    @Override
    public OCSPToken getRevocationToken(CertificateToken certificate, CertificateToken issuer) {
        if (certificate == null || issuer == null || urls(certificate).isEmpty()) {
            return null;
        }
        try {
            OCSPToken token = cache.get(new Key(certificate, issuer))
                    .map(a -> reusedToken(a, certificate, issuer))
                    .orElse(null);
            if (token != null && CheckCache.lastGetFromCache()) {
                CacheTrace.servedFromCache(token.getDSSIdAsString());
            }
            return token;
        } catch (RuntimeException e) {
            // a certificate DSS could parse but we cannot key; no revocation data is the honest answer
            return null;
        }
    }

    CacheStats stats() {
        return cache.stats();
    }

    private List<String> urls(CertificateToken certificate) {
        return CertificateExtensionsUtils.getOCSPAccessUrls(certificate).stream()
                .filter(fetcher::supports)
                .limit(MAX_URLS)
                .toList();
    }

    private CheckCache.Loaded<Answer> fetch(Key key) throws Exception {
        DigestCalculatorProvider digests = new BcDigestCalculatorProvider();
        X509CertificateHolder issuerHolder = new X509CertificateHolder(key.issuer.getEncoded());
        CertificateID id = new CertificateID(digests.get(CertificateID.HASH_SHA1), issuerHolder, key.serial);
        byte[] request = new OCSPReqBuilder().addRequest(id).build().getEncoded();
        IOException last = null;
        for (String url : urls(key.certificate)) {
            try {
                Answer answer = parse(fetcher.post(url, request, REQUEST_TYPE, maxBytes), url, key, issuerHolder);
                return new CheckCache.Loaded<>(
                        answer,
                        answer.single().getNextUpdate() == null
                                ? null
                                : answer.single().getNextUpdate().toInstant());
            } catch (IOException e) {
                last = new IOException(HttpFetcher.forLog(url) + ": " + e.getMessage(), e);
            }
        }
        throw last != null ? last : new IOException("no usable OCSP URL");
    }

    private static Answer parse(byte[] der, String url, Key key, X509CertificateHolder issuerHolder)
            throws IOException {
        try {
            OCSPResp response = new OCSPResp(der);
            if (response.getStatus() != OCSPResp.SUCCESSFUL) {
                throw new IOException("OCSP response status " + response.getStatus());
            }
            if (!(response.getResponseObject() instanceof BasicOCSPResp basic)) {
                throw new IOException("not a basic OCSP response");
            }
            DigestCalculatorProvider digests = new BcDigestCalculatorProvider();
            for (SingleResp single : basic.getResponses()) {
                CertificateID id = single.getCertID();
                if (id.getSerialNumber().equals(key.serial) && id.matchesIssuer(issuerHolder, digests)) {
                    Answer answer = new Answer(basic, single, url);
                    if (!token(answer, key.certificate, key.issuer).isValid()) {
                        throw new IOException("the OCSP response signature does not verify");
                    }
                    return answer;
                }
            }
            throw new IOException("the OCSP response does not answer for this certificate");
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("unparsable OCSP response: " + e.getMessage(), e);
        }
    }

    /** The token this thread last built for the answer and certificates, or a new one it keeps. */
    private OCSPToken reusedToken(Answer answer, CertificateToken certificate, CertificateToken issuer) {
        Deque<Built> mine = built.get();
        for (Built b : mine) {
            if (b.answer() == answer
                    && b.certificate().equals(certificate)
                    && b.issuer().equals(issuer)) {
                return b.token();
            }
        }
        OCSPToken token = token(answer, certificate, issuer);
        mine.addFirst(new Built(answer, certificate, issuer, token));
        if (mine.size() > TOKENS_PER_THREAD) {
            mine.removeLast();
        }
        return token;
    }

    private static OCSPToken token(Answer answer, CertificateToken certificate, CertificateToken issuer) {
        OCSPToken token = new OCSPToken(answer.response(), answer.single(), certificate, issuer);
        token.setSourceURL(answer.url());
        token.setExternalOrigin(RevocationOrigin.EXTERNAL);
        return token;
    }

    private static String keyHash(CertificateToken issuer) {
        try {
            byte[] key = SubjectPublicKeyInfo.getInstance(issuer.getPublicKey().getEncoded())
                    .getPublicKeyData()
                    .getBytes();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
