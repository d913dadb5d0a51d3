package vn.signdesk.signing;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureAlgorithm;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.PAdESTimestampParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.pdf.IPdfObjFactory;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.spi.x509.aia.AIASource;
import eu.europa.esig.dss.spi.x509.revocation.crl.CRLSource;
import eu.europa.esig.dss.spi.x509.revocation.ocsp.OCSPSource;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import vn.signdesk.signing.appearance.Decree30Appearance;
import vn.signdesk.signing.internal.DssFailures;
import vn.signdesk.signing.internal.FastPadesSigner;
import vn.signdesk.signing.internal.JcaSignatures;
import vn.signdesk.signing.internal.PdfPreflight;
import vn.signdesk.signing.internal.SigningTokens;
import vn.signdesk.signing.revocation.CertificateCheckConfig;
import vn.signdesk.signing.revocation.CertificateChecks;
import vn.signdesk.signing.tsa.TimestamperTspSource;

/**
 * PAdES signing, document timestamps and extension through EU DSS, with keys held by the service
 * ({@link DocumentSigner}) or by the signer ({@link TwoStepSigner}).
 *
 * <p>Implementation notes. Everything expensive is built once in the builder and shared: trusted
 * sources, the cached certificate checks (OCSP, CRL, AIA; shareable with the verifier), the PDF
 * object factory, the TSP adapter. Per request only a {@link CommonCertificateVerifier}, a {@link
 * PAdESService} and the parameters are created, as DSS recommends, because the verifier accumulates state while it gathers revocation
 * data. Every input passes {@link PdfPreflight} first, so a bad file fails with a clear message
 * before DSS sees it. The signature value is computed with JCA directly (not a DSS token) so a
 * PKCS#11 key and a PKCS#12 key go through the same path. The signing time is truncated to whole
 * seconds, the precision of the PDF /M entry, so the visible time, /M and two-step tokens agree.
 * Thread-safe.
 */
public final class PadesDocumentSigner implements DocumentSigner, TwoStepSigner {

    private static final DigestAlgorithm DIGEST = DigestAlgorithm.SHA256;
    private static final String APP_NAME = "SignDesk";

    private final Clock clock;
    private final DocumentLimits limits;
    private final TSPSource tspSourceOrNull;
    private final CommonTrustedCertificateSource trusted;
    private final OCSPSource ocspSource;
    private final CRLSource crlSource;
    private final AIASource aiaSource;
    private final IPdfObjFactory pdfObjFactory;
    private final SigningTokens tokensOrNull;
    private final Duration tokenLifetime;
    // Invisible B-B/B-T on unencrypted PDFs: one load and one save instead of DSS's two of each (see FastPadesSigner).
    private final FastPadesSigner fast;

    private PadesDocumentSigner(Builder b) {
        this.clock = b.clock;
        this.limits = b.limits;
        this.tspSourceOrNull = b.timestamperOrNull == null ? null : new TimestamperTspSource(b.timestamperOrNull);
        this.trusted = new CommonTrustedCertificateSource();
        b.trustAnchors.forEach(c -> trusted.addCertificate(new CertificateToken(c)));

        CertificateChecks checks = b.certificateChecksOrNull != null ? b.certificateChecksOrNull : ownChecks(b);
        this.ocspSource = checks.ocspSource();
        this.crlSource = checks.crlSource();
        this.aiaSource = checks.aiaSource();
        this.pdfObjFactory = Decree30Appearance.pdfObjectFactory();
        this.tokensOrNull = b.tokenKeyOrNull == null ? null : new SigningTokens(b.tokenKeyOrNull);
        this.tokenLifetime = b.tokenLifetime;
        this.fast = new FastPadesSigner(b.timestamperOrNull);
    }

    /** Certificate checks of this signer alone, when the builder was given none to share. */
    private static CertificateChecks ownChecks(Builder b) {
        CertificateChecks.Builder checks = CertificateChecks.builder(CertificateCheckConfig.defaults()
                .withTimeouts(b.httpTimeout, b.httpTimeout)
                .withClock(b.clock));
        b.localResponders.forEach(checks::localResponder);
        return checks.build();
    }

    /** A builder with no trust anchors, no timestamper and the system clock. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public byte[] sign(PdfInput document, SigningKey key, SignOptions options) {
        PdfPreflight.Facts facts = PdfPreflight.check(document, limits, true);
        requireTimestamper(options.level());
        if (fast.handles(options, facts, key)) {
            return fast.sign(document, key, options, now());
        }
        PAdESSignatureParameters params = parameters(key.chain(), options, now(), document);
        PAdESService service = service();
        DSSDocument doc = new InMemoryDocument(document.bytes());
        ToBeSigned tbs = dss("signing", () -> service.getDataToSign(doc, params));
        SignatureAlgorithm algorithm = params.getSignatureAlgorithm();
        byte[] value = JcaSignatures.sign(key, algorithm.getJCEId(), tbs.getBytes());
        return dss(
                "signing",
                () -> DSSUtils.toByteArray(service.signDocument(doc, params, new SignatureValue(algorithm, value))));
    }

    @Override
    public byte[] timestamp(PdfInput document) {
        PdfPreflight.check(document, limits, true);
        requireTimestamper(SignatureLevel.B_T);
        PAdESTimestampParameters params = new PAdESTimestampParameters(DIGEST);
        params.setPasswordProtection(document.passwordOrNull());
        params.setAppName(APP_NAME);
        PAdESService service = service();
        return dss(
                "timestamping",
                () -> DSSUtils.toByteArray(service.timestamp(new InMemoryDocument(document.bytes()), params)));
    }

    @Override
    public byte[] extend(PdfInput document, SignatureLevel level) {
        if (level == SignatureLevel.B_B) {
            throw new InvalidRequestException("a signature cannot be extended to B-B: choose B-T, B-LT or B-LTA");
        }
        PdfPreflight.check(document, limits, false);
        requireTimestamper(level);
        PAdESSignatureParameters params = new PAdESSignatureParameters();
        params.setSignatureLevel(dssLevel(level));
        params.setPasswordProtection(document.passwordOrNull());
        params.setAppName(APP_NAME);
        PAdESService service = service();
        return dss(
                "extend",
                () -> DSSUtils.toByteArray(service.extendDocument(new InMemoryDocument(document.bytes()), params)));
    }

    @Override
    public PreparedSignature prepare(PdfInput document, List<X509Certificate> chain, SignOptions options) {
        SigningTokens tokens = requireTokens();
        requireChain(chain);
        if (options.isVisible()) {
            // the token would have to carry the appearance, images included; not yet
            throw new InvalidRequestException("two-step signing makes invisible signatures only, for now");
        }
        PdfPreflight.check(document, limits, true);
        requireTimestamper(options.level());
        Instant signingTime = now();
        PAdESSignatureParameters params = parameters(chain, options, signingTime, document);
        PAdESService service = service();
        ToBeSigned tbs = dss("signing", () -> service.getDataToSign(new InMemoryDocument(document.bytes()), params));
        Instant expiresAt = signingTime.plus(tokenLifetime);
        String token = tokens.encode(new SigningTokens.Claims(
                expiresAt,
                signingTime,
                options.level().label(),
                Objects.toString(options.reasonOrNull(), ""),
                Objects.toString(options.locationOrNull(), ""),
                sha256(document.bytes()),
                sha256(encoded(chain.get(0))),
                sha256(tbs.getBytes())));
        SignatureAlgorithm algorithm = params.getSignatureAlgorithm();
        byte[] digest = digest(algorithm.getDigestAlgorithm(), tbs.getBytes());
        return new PreparedSignature(
                token,
                tbs.getBytes(),
                digest,
                algorithm.getDigestAlgorithm().getJavaName(),
                algorithm.getJCEId(),
                signingTime,
                expiresAt);
    }

    @Override
    public byte[] complete(PdfInput document, String token, byte[] signatureValue, List<X509Certificate> chain) {
        SigningTokens tokens = requireTokens();
        requireChain(chain);
        SigningTokens.Claims claims = tokens.decode(token, clock.instant());
        if (!MessageDigest.isEqual(claims.documentSha256(), sha256(document.bytes()))) {
            throw new InvalidRequestException("the document differs from the one that was prepared");
        }
        if (!MessageDigest.isEqual(claims.certificateSha256(), sha256(encoded(chain.get(0))))) {
            throw new InvalidRequestException("the signer's certificate differs from the one that was prepared");
        }
        PdfPreflight.check(document, limits, true);
        SignOptions options = new SignOptions(
                SignatureLevel.parse(claims.level()),
                null,
                null,
                emptyToNull(claims.reasonOrEmpty()),
                emptyToNull(claims.locationOrEmpty()));
        requireTimestamper(options.level());
        PAdESSignatureParameters params = parameters(chain, options, claims.signingTime(), document);
        PAdESService service = service();
        DSSDocument doc = new InMemoryDocument(document.bytes());
        ToBeSigned tbs = dss("signing", () -> service.getDataToSign(doc, params));
        if (!MessageDigest.isEqual(claims.dataToSignSha256(), sha256(tbs.getBytes()))) {
            throw new InvalidRequestException(
                    "the prepared signature cannot be reproduced: document, options or certificate changed");
        }
        SignatureAlgorithm algorithm = params.getSignatureAlgorithm();
        if (!JcaSignatures.verify(chain.get(0), algorithm.getJCEId(), tbs.getBytes(), signatureValue)) {
            throw new InvalidRequestException("the signature value does not verify with the signer's certificate");
        }
        return dss(
                "signing",
                () -> DSSUtils.toByteArray(
                        service.signDocument(doc, params, new SignatureValue(algorithm, signatureValue))));
    }

    private PAdESSignatureParameters parameters(
            List<X509Certificate> chain, SignOptions options, Instant signingTime, PdfInput document) {
        PAdESSignatureParameters p = new PAdESSignatureParameters();
        p.setSignatureLevel(dssLevel(options.level()));
        p.setDigestAlgorithm(DIGEST);
        p.setSigningCertificate(new CertificateToken(chain.get(0)));
        List<CertificateToken> tokens = new ArrayList<>();
        chain.forEach(c -> tokens.add(new CertificateToken(c)));
        p.setCertificateChain(tokens);
        p.bLevel().setSigningDate(Date.from(signingTime));
        p.setPasswordProtection(document.passwordOrNull());
        p.setAppName(APP_NAME);
        p.setReason(options.reasonOrNull());
        p.setLocation(options.locationOrNull());
        try {
            if (options.appearanceOrNull() != null) {
                Decree30Appearance.apply(
                        p, new InMemoryDocument(document.bytes()), options.appearanceOrNull(), signingTime);
            } else if (options.copyStampOrNull() != null) {
                Decree30Appearance.applyCopyStamp(
                        p, new InMemoryDocument(document.bytes()), options.copyStampOrNull(), signingTime);
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage(), e);
        }
        return p;
    }

    private PAdESService service() {
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        verifier.setTrustedCertSources(trusted);
        verifier.setOcspSource(ocspSource);
        verifier.setCrlSource(crlSource);
        verifier.setAIASource(aiaSource);
        PAdESService service = new PAdESService(verifier);
        service.setPdfObjFactory(pdfObjFactory);
        if (tspSourceOrNull != null) {
            service.setTspSource(tspSourceOrNull);
        }
        return service;
    }

    private void requireTimestamper(SignatureLevel level) {
        if (level.needsTimestamp() && tspSourceOrNull == null) {
            throw new TimestampUnavailableException(
                    "timestamp unavailable: level " + level.label()
                            + " needs a timestamp authority and none is configured",
                    null);
        }
    }

    private SigningTokens requireTokens() {
        if (tokensOrNull == null) {
            throw new IllegalStateException("two-step signing needs a token key: set Builder.tokenKey");
        }
        return tokensOrNull;
    }

    private static void requireChain(List<X509Certificate> chain) {
        if (chain == null || chain.isEmpty()) {
            throw new InvalidRequestException("the signer's certificate is missing");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static <T> T dss(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (SignDeskException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw DssFailures.translate(e, operation);
        }
    }

    static eu.europa.esig.dss.enumerations.SignatureLevel dssLevel(SignatureLevel level) {
        return switch (level) {
            case B_B -> eu.europa.esig.dss.enumerations.SignatureLevel.PAdES_BASELINE_B;
            case B_T -> eu.europa.esig.dss.enumerations.SignatureLevel.PAdES_BASELINE_T;
            case B_LT -> eu.europa.esig.dss.enumerations.SignatureLevel.PAdES_BASELINE_LT;
            case B_LTA -> eu.europa.esig.dss.enumerations.SignatureLevel.PAdES_BASELINE_LTA;
        };
    }

    private static byte[] encoded(X509Certificate c) {
        try {
            return c.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new InvalidRequestException("the signer's certificate cannot be encoded", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        return digest(DigestAlgorithm.SHA256, data);
    }

    private static byte[] digest(DigestAlgorithm algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm.getJavaName()).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String emptyToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    /** Builds a {@link PadesDocumentSigner}; every setting has a safe default. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private DocumentLimits limits = DocumentLimits.DEFAULT;
        private Timestamper timestamperOrNull;
        private final List<X509Certificate> trustAnchors = new ArrayList<>();
        private final Map<String, LocalResponder> localResponders = new LinkedHashMap<>();
        private Duration httpTimeout = Duration.ofSeconds(5);
        private CertificateChecks certificateChecksOrNull;
        private byte[] tokenKeyOrNull;
        private Duration tokenLifetime = Duration.ofMinutes(15);

        private Builder() {}

        /** The clock that gives signing times. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Bounds on untrusted input. */
        public Builder limits(DocumentLimits limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        /** Where B-T and higher levels and document timestamps get their tokens. */
        public Builder timestamper(Timestamper timestamper) {
            this.timestamperOrNull = timestamper;
            return this;
        }

        /** Trust anchors for chains whose revocation data B-LT and B-LTA must embed. */
        public Builder trustAnchors(List<X509Certificate> anchors) {
            trustAnchors.addAll(anchors);
            return this;
        }

        /** Answers certificate-check URLs under {@code baseUrl} in-process instead of over HTTP. */
        public Builder localResponder(String baseUrl, LocalResponder responder) {
            localResponders.put(
                    baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl, responder);
            return this;
        }

        /**
         * The cached OCSP, CRL and AIA sources to use, shared with the verifier so one cache serves
         * the whole process; without it the signer builds its own from the timeouts and local
         * responders given here.
         */
        public Builder certificateChecks(CertificateChecks checks) {
            this.certificateChecksOrNull = Objects.requireNonNull(checks);
            return this;
        }

        /** Connect and read timeout of OCSP, CRL and AIA fetches. */
        public Builder httpTimeout(Duration timeout) {
            this.httpTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** The MAC key of two-step tokens, shared by every node that may complete a signature (32+ bytes). */
        public Builder tokenKey(byte[] key) {
            this.tokenKeyOrNull = key.clone();
            return this;
        }

        /** How long a prepared signature may wait for its signature value. */
        public Builder tokenLifetime(Duration lifetime) {
            this.tokenLifetime = Objects.requireNonNull(lifetime);
            return this;
        }

        public PadesDocumentSigner build() {
            return new PadesDocumentSigner(this);
        }
    }
}
