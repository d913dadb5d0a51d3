package vn.signdesk.signing.verify;

import eu.europa.esig.dss.diagnostic.CertificateWrapper;
import eu.europa.esig.dss.diagnostic.TrustServiceWrapper;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds, for a signature's report, which trusted-list service made its chain trusted: the list's
 * territory, the trust service provider, the service and its status at the validation time (ETSI TS
 * 119 612 §5.5), so a reader sees that the anchor came from a trusted list and under what status.
 *
 * <p>Implementation notes. DSS's diagnostic data carries, for each certificate a trusted list names,
 * one entry per status period of each service; only the periods that contain the validation time
 * are told. Certificates trusted from PEM or keystore anchors have no such entry and get no finding.
 */
final class TrustServiceNotes {

    private TrustServiceNotes() {}

    /** One finding per trusted-list service in force at {@code at} for a certificate of the chain. */
    static List<Finding> describe(List<CertificateWrapper> chain, Date at) {
        List<Finding> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (CertificateWrapper c : chain) {
            if (!c.isTrusted()) {
                continue;
            }
            for (TrustServiceWrapper s : c.getTrustServices()) {
                if (!inForce(s, at)) {
                    continue;
                }
                String territory = s.getCountryCode() != null
                        ? s.getCountryCode()
                        : s.getTrustedList() != null && s.getTrustedList().getCountryCode() != null
                                ? s.getTrustedList().getCountryCode()
                                : "?";
                String tsp = first(s.getTspNames());
                String service = first(s.getServiceNames());
                String status = lastSegment(s.getStatus());
                if (!seen.add(territory + '|' + tsp + '|' + service + '|' + status)) {
                    continue;
                }
                out.add(new Finding.TrustedListService(territory, tsp, service, status));
            }
        }
        return out;
    }

    private static boolean inForce(TrustServiceWrapper s, Date at) {
        return (s.getStartDate() == null || !at.before(s.getStartDate()))
                && (s.getEndDate() == null || at.before(s.getEndDate()));
    }

    private static String first(List<String> names) {
        return names == null || names.isEmpty() ? "?" : names.get(0);
    }

    private static String lastSegment(String uri) {
        if (uri == null) {
            return "?";
        }
        int slash = uri.lastIndexOf('/');
        return slash < 0 ? uri : uri.substring(slash + 1);
    }
}
