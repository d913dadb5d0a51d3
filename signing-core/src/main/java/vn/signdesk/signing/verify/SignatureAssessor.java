package vn.signdesk.signing.verify;

import eu.europa.esig.dss.diagnostic.CertificateWrapper;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.validation.reports.Reports;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import vn.signdesk.signing.verify.Finding.Note;
import vn.signdesk.signing.verify.VerificationReport.CertificateInfo;
import vn.signdesk.signing.verify.VerificationReport.Indication;
import vn.signdesk.signing.verify.VerificationReport.Revocation;
import vn.signdesk.signing.verify.VerificationReport.RevocationStatus;
import vn.signdesk.signing.verify.VerificationReport.Signer;

/**
 * Assesses one signature from the evidence there is for it, one case per source: DSS's report of a
 * signature, DSS's report of a document timestamp, DSS's silence about a signature it did not
 * recognise, and Bouncy Castle alone when DSS could not process the document.
 *
 * <p>Implementation notes. Built per signature, with what every case needs: the file, the revision
 * analysis' coverage of the signature, its CMS read beside DSS, the trust anchors (for the Bouncy
 * Castle chain check) and the ids of the revocation data served from the cache.
 */
final class SignatureAssessor {

    private final byte[] pdf;
    private final SignatureCoverage coverage;
    private final CmsEvidence cms;
    private final List<X509Certificate> anchors;
    private final Set<String> servedFromCache;

    SignatureAssessor(
            byte[] pdf,
            SignatureCoverage coverage,
            CmsEvidence cms,
            List<X509Certificate> anchors,
            Set<String> servedFromCache) {
        this.pdf = pdf;
        this.coverage = coverage;
        this.cms = cms;
        this.anchors = anchors;
        this.servedFromCache = servedFromCache;
    }

    /** A signature DSS reported on. */
    Assessment signature(SignatureWrapper sw, Reports reports) {
        SimpleReport simple = reports.getSimpleReport();
        Indication indication = DssFacts.indication(simple.getIndication(sw.getId()));
        String sub = DssFacts.name(simple.getSubIndication(sw.getId()));
        boolean digestMismatch = sw.getDigestMatchers().stream().anyMatch(m -> !m.isDataFound() || !m.isDataIntact());
        boolean intact = sw.isSignatureIntact() && sw.isSignatureValid() && !digestMismatch;
        CertificateWrapper cert = sw.getSigningCertificate();
        // without the signer's certificate the signature value cannot be checked: INDETERMINATE, not broken
        boolean signerKnown = cert != null;
        Revocation revocation = DssFacts.revocation(cert, servedFromCache);
        List<CertificateInfo> chain = DssFacts.chain(sw.getCertificateChain());
        List<Finding> findings = new ArrayList<>(TrustServiceNotes.describe(
                sw.getCertificateChain(), reports.getDiagnosticData().getValidationDate()));
        if (indication == Indication.INDETERMINATE
                && SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE.name().equals(sub)
                && revocation.status() == RevocationStatus.UNAVAILABLE
                && chain.stream().anyMatch(CertificateInfo::trusted)) {
            // DSS says "chain general failure" when no revocation data could be had for a trusted
            // chain; ETSI EN 319 102-1 names that TRY_LATER (a responder down, not a bad chain),
            // whose sentence the report gives once, with the sub-indication's
            sub = SubIndication.TRY_LATER.name();
        }
        if (!intact && signerKnown && cms.contentsOrNull() != null && secondOpinionHolds()) {
            // DSS 6.4 cannot compute some digests (SHAKE256 of Ed448): Bouncy Castle's check holds
            intact = true;
            digestMismatch = false;
            if (indication == Indication.TOTAL_FAILED) {
                indication = Indication.INDETERMINATE;
                sub = chainSubIndication(cms.signerOrNull());
            }
            findings.add(Note.DIGEST_CHECKED_DIRECTLY);
        }
        Proof proof = earliestValidTimestamp(sw.getTimestampList());
        return new Assessment(
                sw.getId(),
                indication,
                sub,
                sw.getSignatureFormat() == null ? null : sw.getSignatureFormat().toString(),
                DssFacts.signer(cert),
                sw.getClaimedSigningTime() == null
                        ? null
                        : sw.getClaimedSigningTime().toInstant(),
                proof.timeOrNull(),
                proof.authorityOrNull(),
                intact,
                signerKnown,
                digestMismatch,
                revocation,
                chain,
                findings);
    }

    /** A document timestamp DSS reported on. */
    Assessment timestamp(TimestampWrapper tw, Reports reports) {
        String id = tw.getId();
        boolean digestMismatch = !tw.isMessageImprintDataFound() || !tw.isMessageImprintDataIntact();
        boolean intact = tw.isSignatureIntact() && tw.isSignatureValid() && !digestMismatch;
        CertificateWrapper cert = tw.getSigningCertificate();
        Signer signer = DssFacts.signer(cert);
        return new Assessment(
                id,
                DssFacts.indication(reports.getDetailedReport().getBasicTimestampValidationIndication(id)),
                DssFacts.name(reports.getDetailedReport().getBasicTimestampValidationSubIndication(id)),
                null,
                signer,
                tw.getProductionTime().toInstant(),
                intact ? tw.getProductionTime().toInstant() : null,
                intact ? signer.commonNameOrNull() : null,
                intact,
                true,
                digestMismatch,
                DssFacts.revocation(cert, servedFromCache),
                DssFacts.chain(tw.getCertificateChain()),
                List.of());
    }

    /** A signature dictionary DSS processed the document without recognising. */
    Assessment unrecognised() {
        return new Assessment(
                coverage.fieldName(),
                Indication.TOTAL_FAILED,
                SubIndication.FORMAT_FAILURE.name(),
                null,
                cms.signerOrNull() == null ? DssFacts.UNKNOWN_SIGNER : DssFacts.signer(cms.signerOrNull()),
                null,
                null,
                null,
                cms.intact(),
                true,
                cms.digestMismatch(),
                DssFacts.NO_REVOCATION,
                List.of(),
                List.of(Note.NOT_RECOGNISED_BY_VALIDATOR));
    }

    /** A signature of a document DSS threw on: Bouncy Castle checks the CMS over its byte range. */
    Assessment withoutValidator() {
        boolean intact = cms.intact();
        boolean digestMismatch = cms.digestMismatch();
        X509Certificate signerCert = cms.signerOrNull();
        Indication indication;
        String sub;
        if (intact) {
            indication = Indication.INDETERMINATE;
            sub = chainSubIndication(signerCert);
        } else {
            indication = Indication.TOTAL_FAILED;
            sub = digestMismatch ? SubIndication.HASH_FAILURE.name() : SubIndication.SIG_CRYPTO_FAILURE.name();
        }
        Instant proven =
                intact && cms.resultOrNull() != null ? cms.resultOrNull().timestampTimeOrNull() : null;
        return new Assessment(
                coverage.fieldName(),
                indication,
                sub,
                null,
                signerCert == null ? DssFacts.UNKNOWN_SIGNER : DssFacts.signer(signerCert),
                null,
                proven,
                null,
                intact,
                true,
                digestMismatch,
                DssFacts.NO_REVOCATION,
                signerCert == null ? List.of() : List.of(DssFacts.info(signerCert, anchors)),
                List.of(Note.CHECKED_WITHOUT_VALIDATOR));
    }

    /** Whether Bouncy Castle finds the signature value and digest to hold where DSS did not. */
    private boolean secondOpinionHolds() {
        CmsCheck.Result bc = CmsCheck.check(
                cms.contentsOrNull(), CmsCheck.signedBytes(pdf, coverage.byteRange()), cms.detached(), false);
        return Boolean.TRUE.equals(bc.intactOrNull());
    }

    /** An intact signature's sub-indication by its chain: TRY_LATER when it reaches an anchor. */
    private String chainSubIndication(X509Certificate signerOrNull) {
        return signerOrNull != null && CmsCheck.chainsTo(signerOrNull, anchors)
                ? SubIndication.TRY_LATER.name()
                : SubIndication.NO_CERTIFICATE_CHAIN_FOUND.name();
    }

    /** The earliest time a valid timestamp of the signature proves, and who stamped it. */
    private record Proof(Instant timeOrNull, String authorityOrNull) {}

    private static Proof earliestValidTimestamp(List<TimestampWrapper> timestamps) {
        Instant proven = null;
        String tsa = null;
        for (TimestampWrapper t : timestamps) {
            if (t.isSignatureIntact() && t.isSignatureValid() && t.isMessageImprintDataIntact()) {
                Instant time = t.getProductionTime().toInstant();
                if (proven == null || time.isBefore(proven)) {
                    proven = time;
                    tsa = t.getSigningCertificate() == null
                            ? null
                            : t.getSigningCertificate().getCommonName();
                }
            }
        }
        return new Proof(proven, tsa);
    }
}
