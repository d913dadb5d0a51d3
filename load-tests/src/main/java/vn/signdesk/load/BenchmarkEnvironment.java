package vn.signdesk.load;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.service.crl.OnlineCRLSource;
import eu.europa.esig.dss.service.http.commons.CommonsDataLoader;
import eu.europa.esig.dss.service.http.commons.OCSPDataLoader;
import eu.europa.esig.dss.service.ocsp.OnlineOCSPSource;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.spi.x509.aia.DefaultAIASource;
import eu.europa.esig.dss.token.DSSPrivateKeyEntry;
import eu.europa.esig.dss.token.KSPrivateKeyEntry;
import eu.europa.esig.dss.token.Pkcs12SignatureToken;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import java.net.URI;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.pki.Identity;
import vn.signdesk.pki.PkiResponder;
import vn.signdesk.signing.LocalResponder;
import vn.signdesk.signing.PadesDocumentSigner;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.SignOptions;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.SigningKey;
import vn.signdesk.signing.internal.RoutingDataLoader;
import vn.signdesk.signing.tsa.EmbeddedTimestampAuthority;
import vn.signdesk.signing.tsa.TimestamperTspSource;

/**
 * Everything both sides of the signing benchmark share: the demo PKI, one embedded timestamp
 * authority, certificate checks answered in-process by the demo responder, and the department seal
 * read from its PKCS#12 file, so that SignDesk and plain DSS sign with the same key, the same TSA and
 * the same revocation sources.
 */
public final class BenchmarkEnvironment {

    /** Base of the AIA, CRL and OCSP URLs of the in-memory demo PKI; never contacted over the network. */
    public static final String PUBLIC_URL = "http://pki.signdesk.test";

    private static final String TSA_POLICY = "1.3.6.1.4.1.55555.1.1";

    private final DemoPki pki;
    private final EmbeddedTimestampAuthority tsa;
    private final Map<String, LocalResponder> responders;
    private final Pkcs12SignatureToken dssToken;
    private final DSSPrivateKeyEntry dssKey;
    private final SigningKey signDeskKey;
    private final PadesDocumentSigner signDesk;

    /** A signer under test: PDF in, signed PDF out. */
    @FunctionalInterface
    public interface PdfSigner {
        byte[] sign(byte[] pdf, SignatureLevel level);
    }

    /** Generates the demo PKI (a second or two) and wires both signers. */
    public BenchmarkEnvironment() {
        this.pki = DemoPki.createInMemory(URI.create(PUBLIC_URL), Clock.systemUTC());
        this.tsa = new EmbeddedTimestampAuthority(
                pki.tsa().privateKey(), pki.tsa().chain(), TSA_POLICY, Duration.ofSeconds(1), Clock.systemUTC());
        this.responders = Map.of(PUBLIC_URL, responder(pki));
        char[] password = DemoPki.PASSWORD.toCharArray();
        this.dssToken = new Pkcs12SignatureToken(
                pki.departmentSeal().toPkcs12(password), new KeyStore.PasswordProtection(password));
        this.dssKey = dssToken.getKeys().get(0);
        this.signDeskKey = new SigningKey(
                DemoPki.DEPARTMENT_SEAL,
                ((KSPrivateKeyEntry) dssKey).getPrivateKey(),
                null,
                pki.departmentSeal().chain());
        this.signDesk = PadesDocumentSigner.builder()
                .timestamper(tsa)
                .trustAnchors(List.of(pki.rootCa()))
                .localResponder(PUBLIC_URL, responder(pki))
                .build();
    }

    /** The demo PKI. */
    public DemoPki pki() {
        return pki;
    }

    /** SignDesk's {@link PadesDocumentSigner}, invisible signature, department seal. */
    public PdfSigner signDesk() {
        return (pdf, level) -> signDesk.sign(PdfInput.of(pdf), signDeskKey, SignOptions.invisible(level));
    }

    /**
     * SignDesk's {@link PadesDocumentSigner} with the key of another demo identity, e.g. {@link
     * DemoPki#RESIDENT_EC}, invisible signature: to put several signers' signatures on one document.
     */
    public PdfSigner signDeskAs(String identityName) {
        Identity identity = pki.identity(identityName);
        SigningKey key = new SigningKey(identityName, identity.privateKey(), null, identity.chain());
        return (pdf, level) -> signDesk.sign(PdfInput.of(pdf), key, SignOptions.invisible(level));
    }

    /** The demo PKI's OCSP, CRL and AIA responder, answering in-process under {@link #PUBLIC_URL}. */
    public LocalResponder localResponder() {
        return responders.get(PUBLIC_URL);
    }

    /** Plain DSS {@code PAdESService} with its defaults and a DSS PKCS#12 token, department seal. */
    public PdfSigner dssDefaults() {
        DssDefaultSigner dss =
                new DssDefaultSigner(dssToken, dssKey, new TimestamperTspSource(tsa), this::certificateVerifier);
        return dss::sign;
    }

    /**
     * A DSS certificate verifier with the demo root as the only trust anchor and the demo responder
     * for OCSP, CRL and AIA; a new one per use, as DSS expects.
     */
    public CommonCertificateVerifier certificateVerifier() {
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(pki.rootCa()));
        verifier.setTrustedCertSources(trusted);
        verifier.setOcspSource(new OnlineOCSPSource(new RoutingDataLoader(responders, new OCSPDataLoader())));
        verifier.setCrlSource(new OnlineCRLSource(new RoutingDataLoader(responders, new CommonsDataLoader())));
        verifier.setAIASource(new DefaultAIASource(new RoutingDataLoader(responders, new CommonsDataLoader())));
        return verifier;
    }

    /** The outcome of validating one signed PDF. */
    public record Validation(int signatures, Indication indication, String format, String details) {

        /** Whether there is exactly one signature, TOTAL_PASSED, in the expected PAdES baseline format. */
        public boolean passedAt(SignatureLevel level) {
            return signatures == 1 && indication == Indication.TOTAL_PASSED && format.equals(dssFormat(level));
        }
    }

    /** Validates {@code pdf} with DSS (ETSI EN 319 102-1 default policy), the demo root as trust anchor. */
    public Validation validate(byte[] pdf) {
        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(pdf));
        validator.setCertificateVerifier(certificateVerifier());
        SimpleReport report = validator.validateDocument().getSimpleReport();
        List<String> ids = report.getSignatureIdList();
        if (ids.isEmpty()) {
            return new Validation(0, null, "", "no signature");
        }
        String id = report.getFirstSignatureId();
        return new Validation(
                ids.size(),
                report.getIndication(id),
                String.valueOf(report.getSignatureFormat(id)),
                report.getIndication(id) + "/" + report.getSubIndication(id) + " " + report.getSignatureFormat(id)
                        + " errors=" + report.getAdESValidationErrors(id));
    }

    /** The DSS name of a level, e.g. {@code PAdES-BASELINE-B}. */
    static String dssFormat(SignatureLevel level) {
        return "PAdES-BASELINE-" + level.label().substring(2);
    }

    private static LocalResponder responder(DemoPki pki) {
        return (path, body) -> {
            PkiResponder.Response r = pki.responder().handle(body == null ? "GET" : "POST", path, body);
            return r.status() == 200 ? Optional.of(r.body()) : Optional.empty();
        };
    }
}
