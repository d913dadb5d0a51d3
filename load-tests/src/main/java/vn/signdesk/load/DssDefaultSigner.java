package vn.signdesk.load;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.pades.PAdESSignatureParameters;
import eu.europa.esig.dss.pades.signature.PAdESService;
import eu.europa.esig.dss.spi.DSSUtils;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import eu.europa.esig.dss.token.DSSPrivateKeyEntry;
import eu.europa.esig.dss.token.SignatureTokenConnection;
import java.util.function.Supplier;
import vn.signdesk.signing.SignatureLevel;

/**
 * The reference side of the benchmark: a PAdES signature made the way the DSS cookbook shows it, with
 * {@link PAdESService} defaults (its own PDF object factory, default signature size) and a DSS
 * signature token, nothing tuned.
 */
final class DssDefaultSigner {

    private final SignatureTokenConnection token;
    private final DSSPrivateKeyEntry key;
    // one service and certificate verifier per thread, built once: the cheapest way DSS's documentation
    // allows, so that DSS is not charged for set-up a real service would not repeat
    private final ThreadLocal<PAdESService> services;

    DssDefaultSigner(
            SignatureTokenConnection token,
            DSSPrivateKeyEntry key,
            TSPSource tspSource,
            Supplier<CommonCertificateVerifier> verifiers) {
        this.token = token;
        this.key = key;
        this.services = ThreadLocal.withInitial(() -> {
            PAdESService service = new PAdESService(verifiers.get());
            service.setTspSource(tspSource);
            return service;
        });
    }

    byte[] sign(byte[] pdf, SignatureLevel level) {
        PAdESService service = services.get();
        PAdESSignatureParameters parameters = new PAdESSignatureParameters();
        parameters.setSignatureLevel(
                eu.europa.esig.dss.enumerations.SignatureLevel.valueByName(BenchmarkEnvironment.dssFormat(level)));
        parameters.setDigestAlgorithm(DigestAlgorithm.SHA256);
        parameters.setSigningCertificate(key.getCertificate());
        parameters.setCertificateChain(key.getCertificateChain());
        DSSDocument document = new InMemoryDocument(pdf);
        ToBeSigned dataToSign = service.getDataToSign(document, parameters);
        SignatureValue value = token.sign(dataToSign, parameters.getDigestAlgorithm(), key);
        return DSSUtils.toByteArray(service.signDocument(document, parameters, value));
    }
}
