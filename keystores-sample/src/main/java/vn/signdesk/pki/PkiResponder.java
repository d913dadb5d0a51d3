package vn.signdesk.pki;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPResponseStatus;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.cert.ocsp.jcajce.JcaRespID;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo PKI's responder: answers RFC 6960 OCSP requests, produces RFC 5280 CRLs and hands out the
 * CA certificates. Pure logic with no HTTP of its own; thread-safe; "now" comes from the injected clock.
 *
 * <p>Implementation notes. Certificates issued by the issuing CA are answered by the delegated
 * responder ({@code ocsp}, RFC 6960 §4.2.2.2); the issuing CA itself is answered by the root key. A
 * request whose CertIDs name an issuer we do not run, or several issuers at once, gets
 * {@code unauthorized} (RFC 5019 §2.2.3). Any hash algorithm Bouncy Castle can compute is accepted
 * for CertIDs, so SHA-1 (RFC 5019) and SHA-256 both work; the response echoes each CertID as asked.
 * A serial we did not issue is {@code unknown}. The nonce (RFC 8954) is echoed when present. The
 * response carries the responder certificate and its CA, so a client holding only the root can
 * verify it. Responses are signed fresh per request (about a millisecond of RSA); CRLs are cached for
 * {@link #CRL_REUSE} because clients fetch them often and their content only changes with the clock.
 * Times are truncated to whole seconds: fractional GeneralizedTime trips some clients.
 */
public final class PkiResponder {

    /** How long an OCSP response is valid: its nextUpdate is its thisUpdate plus this. */
    public static final Duration OCSP_VALIDITY = Duration.ofHours(1);
    /** How long a CRL is valid: its nextUpdate is its thisUpdate plus this. */
    public static final Duration CRL_VALIDITY = Duration.ofDays(1);
    /** How long a produced CRL is served again before a fresh one is signed. */
    static final Duration CRL_REUSE = Duration.ofMinutes(5);
    /** The largest OCSP request accepted; real ones are a few hundred bytes. */
    public static final int MAX_OCSP_REQUEST_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(PkiResponder.class);
    private static final String SIGNATURE_ALGORITHM = "SHA256withRSA";
    private static final String OCSP_RESPONSE_TYPE = "application/ocsp-response";

    /** One CA we answer for: who signs the answers and which serials it issued. */
    private record Authority(
            Identity ca,
            X509CertificateHolder caHolder,
            Identity signer,
            X509CertificateHolder[] responseCerts,
            Set<BigInteger> issuedSerials) {}

    private record CachedCrl(Instant producedAt, byte[] der) {}

    private final PkiMaterial material;
    private final Clock clock;
    private final List<Authority> authorities;
    private final DigestCalculatorProvider digests = new BcDigestCalculatorProvider();
    private final Map<String, CachedCrl> crlCache = new HashMap<>();

    PkiResponder(PkiMaterial material, Clock clock) {
        this.material = Objects.requireNonNull(material, "material");
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            Identity root = material.identity(DemoPki.ROOT_CA);
            Identity issuing = material.identity(DemoPki.ISSUING_CA);
            Identity ocsp = material.identity(DemoPki.OCSP);
            Set<BigInteger> issuedByIssuing = new HashSet<>();
            for (X509Certificate cert : material.issuedByIssuingCa()) {
                issuedByIssuing.add(cert.getSerialNumber());
            }
            this.authorities = List.of(
                    new Authority(
                            issuing,
                            holder(issuing.certificate()),
                            ocsp,
                            new X509CertificateHolder[] {holder(ocsp.certificate()), holder(issuing.certificate())},
                            Set.copyOf(issuedByIssuing)),
                    new Authority(
                            root,
                            holder(root.certificate()),
                            root,
                            new X509CertificateHolder[] {holder(root.certificate())},
                            Set.of(issuing.certificate().getSerialNumber())));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not read the demo certificates", e);
        }
    }

    /**
     * Answers a DER-encoded OCSPRequest with a DER-encoded OCSPResponse. Never throws on hostile
     * input: garbage gives {@code malformedRequest}, a request for a CA we do not run gives
     * {@code unauthorized}, an unexpected failure gives {@code internalError}.
     */
    public byte[] ocsp(byte[] derOcspRequest) {
        if (derOcspRequest == null || derOcspRequest.length == 0 || derOcspRequest.length > MAX_OCSP_REQUEST_BYTES) {
            return errorResponse(OCSPResponseStatus.MALFORMED_REQUEST);
        }
        OCSPReq request;
        Req[] entries;
        try {
            request = new OCSPReq(derOcspRequest);
            entries = request.getRequestList();
        } catch (Exception | StackOverflowError e) {
            LOG.debug("malformed OCSP request: {}", e.toString());
            return errorResponse(OCSPResponseStatus.MALFORMED_REQUEST);
        }
        if (entries.length == 0) {
            return errorResponse(OCSPResponseStatus.MALFORMED_REQUEST);
        }
        try {
            return answer(request, entries);
        } catch (Exception e) {
            LOG.warn("could not answer an OCSP request: {}", e.toString());
            return errorResponse(OCSPResponseStatus.INTERNAL_ERROR);
        }
    }

    private byte[] answer(OCSPReq request, Req[] entries) throws Exception {
        Authority authority = null;
        for (Req entry : entries) {
            Authority matching = authorityFor(entry.getCertID());
            if (matching == null || (authority != null && matching != authority)) {
                return errorResponse(OCSPResponseStatus.UNAUTHORIZED);
            }
            authority = matching;
        }
        Instant now = now();
        Date thisUpdate = Date.from(now);
        Date nextUpdate = Date.from(now.plus(OCSP_VALIDITY));
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(
                new JcaRespID(authority.signer().certificate().getPublicKey(), digests.get(CertificateID.HASH_SHA1)));
        for (Req entry : entries) {
            CertificateID id = entry.getCertID();
            builder.addResponse(id, status(authority, id.getSerialNumber()), thisUpdate, nextUpdate, null);
        }
        Extension nonce = request.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce);
        if (nonce != null) {
            builder.setResponseExtensions(new Extensions(
                    new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce, false, nonce.getExtnValue())));
        }
        ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM)
                .build(authority.signer().privateKey());
        return new OCSPRespBuilder()
                .build(OCSPRespBuilder.SUCCESSFUL, builder.build(signer, authority.responseCerts(), thisUpdate))
                .getEncoded();
    }

    private Authority authorityFor(CertificateID id) {
        for (Authority authority : authorities) {
            try {
                if (id.matchesIssuer(authority.caHolder(), digests)) {
                    return authority;
                }
            } catch (OCSPException | RuntimeException e) {
                // a hash algorithm we cannot compute cannot name one of our CAs
                return null;
            }
        }
        return null;
    }

    private CertificateStatus status(Authority authority, BigInteger serial) {
        PkiMaterial.Revocation revocation = material.revocation();
        if (!authority.issuedSerials().contains(serial)) {
            return new UnknownStatus();
        }
        if (authority.ca().name().equals(DemoPki.ISSUING_CA)
                && revocation.serial().equals(serial)) {
            return new RevokedStatus(Date.from(revocation.time()), revocation.reasonCode());
        }
        return CertificateStatus.GOOD;
    }

    /**
     * Returns a fresh DER CRL of the named CA ({@code "root-ca"} or {@code "issuing-ca"}): thisUpdate
     * now, nextUpdate now plus {@link #CRL_VALIDITY}; the same bytes may be served for a few minutes.
     */
    public Optional<byte[]> crl(String name) {
        Identity ca = caOrNull(name);
        if (ca == null) {
            return Optional.empty();
        }
        Instant now = now();
        synchronized (crlCache) {
            CachedCrl cached = crlCache.get(ca.name());
            if (cached != null
                    && !now.isBefore(cached.producedAt())
                    && now.isBefore(cached.producedAt().plus(CRL_REUSE))) {
                return Optional.of(cached.der().clone());
            }
            byte[] der = buildCrl(ca, now);
            crlCache.put(ca.name(), new CachedCrl(now, der));
            return Optional.of(der.clone());
        }
    }

    private byte[] buildCrl(Identity ca, Instant now) {
        try {
            X509v2CRLBuilder builder =
                    new JcaX509v2CRLBuilder(ca.certificate().getSubjectX500Principal(), Date.from(now));
            builder.setNextUpdate(Date.from(now.plus(CRL_VALIDITY)));
            if (ca.name().equals(DemoPki.ISSUING_CA)) {
                PkiMaterial.Revocation revocation = material.revocation();
                builder.addCRLEntry(revocation.serial(), Date.from(revocation.time()), revocation.reasonCode());
            }
            builder.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils()
                            .createAuthorityKeyIdentifier(ca.certificate().getPublicKey()));
            // RFC 5280 §5.2.3: must increase; the clock's seconds do, without keeping state
            builder.addExtension(Extension.cRLNumber, false, new ASN1Integer(now.getEpochSecond()));
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(ca.privateKey());
            return builder.build(signer).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("could not sign the CRL of " + ca.name(), e);
        }
    }

    /** Returns the DER certificate of the named CA ({@code "root-ca"} or {@code "issuing-ca"}). */
    public Optional<byte[]> caCertificate(String name) {
        Identity ca = caOrNull(name);
        if (ca == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ca.certificate().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encode the certificate of " + name, e);
        }
    }

    /** An HTTP-shaped answer of {@link #handle}: status code, content type and body. */
    public record Response(int status, String contentType, byte[] body) {

        static Response text(int status, String text) {
            return new Response(status, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Routes one HTTP request of the demo PKI's endpoints: {@code GET /pki/ca/{name}.crt},
     * {@code GET /pki/crl/{name}.crl}, {@code POST /pki/ocsp} and {@code GET /pki/ocsp/{base64}}
     * (RFC 6960 Appendix A.1). The path is the raw (still percent-encoded) request path; a query is
     * ignored. Never throws on hostile input.
     *
     * @param body the request body; may be null for GET
     */
    public Response handle(String method, String path, byte[] body) {
        String rawPath = path == null ? "" : path;
        int query = rawPath.indexOf('?');
        if (query >= 0) {
            rawPath = rawPath.substring(0, query);
        }
        if (rawPath.equals("/pki/ocsp")) {
            if (!"POST".equals(method)) {
                return Response.text(405, "use POST with application/ocsp-request, or GET /pki/ocsp/{base64}");
            }
            return new Response(200, OCSP_RESPONSE_TYPE, ocsp(body == null ? new byte[0] : body));
        }
        if (rawPath.startsWith("/pki/ocsp/")) {
            if (!"GET".equals(method)) {
                return Response.text(405, "use GET for a base64 OCSP request in the path");
            }
            return new Response(
                    200, OCSP_RESPONSE_TYPE, ocsp(decodeGetRequest(rawPath.substring("/pki/ocsp/".length()))));
        }
        Optional<byte[]> found;
        String contentType;
        if (rawPath.startsWith("/pki/ca/") && rawPath.endsWith(".crt")) {
            found = caCertificate(rawPath.substring("/pki/ca/".length(), rawPath.length() - ".crt".length()));
            contentType = "application/pkix-cert";
        } else if (rawPath.startsWith("/pki/crl/") && rawPath.endsWith(".crl")) {
            found = crl(rawPath.substring("/pki/crl/".length(), rawPath.length() - ".crl".length()));
            contentType = "application/pkix-crl";
        } else {
            return Response.text(404, "not found");
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return Response.text(405, "use GET");
        }
        return found.map(der -> new Response(200, contentType, der)).orElseGet(() -> Response.text(404, "not found"));
    }

    /** Percent-decodes then base64-decodes; '+' stays '+' (it is base64, not a form space). */
    private static byte[] decodeGetRequest(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return new byte[0];
                }
                int high = Character.digit(encoded.charAt(i + 1), 16);
                int low = Character.digit(encoded.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return new byte[0];
                }
                out.write(high * 16 + low);
                i += 2;
            } else if (c == '-' || c == '_') {
                // the URL-safe alphabet (RFC 4648 §5), which some clients use
                out.write(c == '-' ? '+' : '/');
            } else if (c < 128) {
                out.write(c);
            } else {
                return new byte[0];
            }
        }
        try {
            return Base64.getMimeDecoder().decode(out.toByteArray());
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private Identity caOrNull(String name) {
        if (DemoPki.ROOT_CA.equals(name) || DemoPki.ISSUING_CA.equals(name)) {
            return material.identity(name);
        }
        return null;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static X509CertificateHolder holder(X509Certificate cert) throws GeneralSecurityException {
        return new JcaX509CertificateHolder(cert);
    }

    private static byte[] errorResponse(int status) {
        try {
            return new OCSPResp(new OCSPResponse(new OCSPResponseStatus(status), null)).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("could not encode an OCSP error response", e);
        }
    }
}
