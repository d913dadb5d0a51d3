package vn.signdesk.signing.tsa;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * Whether a TSA's certificate chains to one of the configured anchors: a PKIX path from the signer
 * certificate, through the certificates the token carries, to an anchor, valid at the token's
 * genTime. Revocation of the TSA's chain is left to validation, which has the revocation data.
 */
final class TsaChains {

    private TsaChains() {}

    /**
     * @throws IllegalStateException when no such path exists, saying so without naming a URL
     */
    static void requireChainToAnchor(
            X509Certificate signer, TimeStampToken token, List<X509Certificate> anchors, Date genTime) {
        try {
            Set<TrustAnchor> trustAnchors = new HashSet<>();
            for (X509Certificate a : anchors) {
                if (a.equals(signer)) {
                    return;
                }
                trustAnchors.add(new TrustAnchor(a, null));
            }
            List<X509Certificate> carried = new ArrayList<>();
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (X509CertificateHolder h : token.getCertificates().getMatches(null)) {
                carried.add(converter.getCertificate(h));
            }
            carried.add(signer);
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(signer);
            PKIXBuilderParameters params = new PKIXBuilderParameters(trustAnchors, target);
            params.setRevocationEnabled(false);
            params.setDate(genTime);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(carried)));
            CertPathBuilder.getInstance("PKIX").build(params);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the TSA certificate does not chain to a configured timestamping anchor");
        }
    }
}
