package vn.signdesk.signing.verify;

import eu.europa.esig.dss.diagnostic.AbstractTokenProxy;
import eu.europa.esig.dss.diagnostic.CertificateRevocationWrapper;
import eu.europa.esig.dss.diagnostic.CertificateWrapper;
import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.PDFRevisionWrapper;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.enumerations.CertificateStatus;
import eu.europa.esig.dss.enumerations.Context;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.Level;
import eu.europa.esig.dss.enumerations.SubIndication;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.policy.LevelRule;
import eu.europa.esig.dss.model.policy.ValidationPolicy;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.validation.PDFDocumentValidator;
import eu.europa.esig.dss.pdf.AnnotationBox;
import eu.europa.esig.dss.pdf.PdfAnnotation;
import eu.europa.esig.dss.pdf.PdfDocumentReader;
import eu.europa.esig.dss.pdf.modifications.DefaultPdfDifferencesFinder;
import eu.europa.esig.dss.pdf.modifications.PdfDifferencesFinder;
import eu.europa.esig.dss.pdf.modifications.PdfModification;
import eu.europa.esig.dss.pdf.modifications.PdfObjectModifications;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxNativeObjectFactory;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.tsl.TrustedListsCertificateSource;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CertificateSource;
import eu.europa.esig.dss.spi.x509.CommonCertificateSource;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.policy.ValidationPolicyLoader;
import eu.europa.esig.dss.validation.reports.Reports;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.signing.DocumentLimits;
import vn.signdesk.signing.InvalidDocumentException;
import vn.signdesk.signing.LocalResponder;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.SignDeskException;
import vn.signdesk.signing.UnsupportedDocumentException;
import vn.signdesk.signing.internal.PdfPreflight;
import vn.signdesk.signing.revocation.CacheTrace;
import vn.signdesk.signing.verify.VerificationReport.CertificateInfo;
import vn.signdesk.signing.verify.VerificationReport.Indication;
import vn.signdesk.signing.verify.VerificationReport.RawReports;
import vn.signdesk.signing.verify.VerificationReport.Revocation;
import vn.signdesk.signing.verify.VerificationReport.RevocationStatus;
import vn.signdesk.signing.verify.VerificationReport.SignatureReport;
import vn.signdesk.signing.verify.VerificationReport.Signer;
import vn.signdesk.signing.verify.VerificationReport.TrustAnchor;
import vn.signdesk.signing.verify.VerificationReport.Verdict;
import vn.signdesk.signing.verify.internal.CachedMessagesExecutor;
import vn.signdesk.signing.verify.internal.MemoizedPolicy;
import vn.signdesk.signing.verify.internal.NothingToCompareObjFactory;
import vn.signdesk.signing.verify.internal.RevisionAnalyzer;
import vn.signdesk.signing.verify.internal.RevisionListingObjFactory;

/**
 * Verifies PAdES signatures and document timestamps with EU DSS, then applies the checks DSS's
 * defaults leave out (CONTRACT.md): byte range standardness, what changed after each signature,
 * encapsulated content in a detached CMS, and a Bouncy Castle check where DSS cannot process a
 * document at all.
 *
 * <p>Implementation notes. Built once and shared: the parsed validation policy, with its
 * cryptographic suites read once ({@link MemoizedPolicy}), the trusted certificate sources (anchors,
 * trusted lists), the certificate-check sources (unless given, a cache of this verifier's own) and two
 * PDF object factories. Per request: one PDFBox parse of the final
 * document, which serves both the revision analysis ({@link RevisionAnalyzer}) and the signature
 * fields' /SubFilter (and so the password check), a {@link CommonCertificateVerifier}, a
 * {@link PDFDocumentValidator} and its process executor, as DSS requires (they gather state); the
 * executor formats report messages from patterns parsed once ({@link CachedMessagesExecutor}). Both
 * factories list revisions with {@link
 * vn.signdesk.signing.verify.internal.RevisionListingService}: DSS's listing without its byte-by-byte
 * scan and second parse. DSS's modification detection
 * (rendering revisions to compare pixels, object-by-object comparison) is most of its time; it runs
 * only when a signature has something permitted after its revision. When every signature covers the
 * whole document, or what follows it is already classified OTHER (and so fails),
 * {@link NothingToCompareObjFactory} records DSS's empty result without parsing the revisions to
 * compare. Signatures are matched to DSS's by their byte range. A {@link TrustBundle}'s anchors
 * join the trusted sources and its intermediates form an adjunct certificate source (DSS uses it to
 * build chains, never as trust); with no bundle none is set, so the path is unchanged.
 * A signature dictionary DSS does not report is a format failure; when DSS throws on the document,
 * each signature is checked alone with Bouncy Castle, so one bad signature never fails the request.
 * Thread-safe.
 */
public final class PadesSignatureVerifier implements SignatureVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(PadesSignatureVerifier.class);

    private final Clock clock;
    private final DocumentLimits limits;
    private final ValidationPolicy policy;
    private final CertificateSource[] trusted;
    private final List<X509Certificate> anchors;
    private final CommonCertificateSource chainBuildingOrNull;
    private final Map<String, String> bundleByAnchorSha256;
    private final CertificateCheckSources checks;
    private final PdfBoxNativeObjectFactory fullFactory;
    private final PdfBoxNativeObjectFactory noModificationFactory;

    private PadesSignatureVerifier(Builder b) {
        this.clock = b.clock;
        this.limits = b.limits;
        this.policy = MemoizedPolicy.of(b.policyFileOrNull == null ? defaultPolicy() : policy(b.policyFileOrNull));
        CommonTrustedCertificateSource configured = new CommonTrustedCertificateSource();
        b.trustAnchors.forEach(c -> configured.addCertificate(new CertificateToken(c)));
        Map<String, String> bundleByAnchor = new HashMap<>();
        CommonCertificateSource chainBuilding = new CommonCertificateSource();
        for (TrustBundle bundle : b.bundles) {
            bundle.anchors().forEach(a -> {
                configured.addCertificate(new CertificateToken(a.certificate()));
                bundleByAnchor.putIfAbsent(a.sha256(), bundle.name());
            });
            bundle.intermediateCertificates().forEach(c -> chainBuilding.addCertificate(new CertificateToken(c)));
        }
        this.bundleByAnchorSha256 = Map.copyOf(bundleByAnchor);
        this.chainBuildingOrNull = chainBuilding.getNumberOfCertificates() == 0 ? null : chainBuilding;
        List<CertificateSource> sources = new ArrayList<>(List.of(configured));
        sources.addAll(b.trustedLists);
        this.trusted = sources.toArray(CertificateSource[]::new);
        // trusted-list anchors (services granted at some time) join the configured ones for the Bouncy
        // Castle fallback's chain check
        List<X509Certificate> all = new ArrayList<>(b.trustAnchors);
        b.bundles.forEach(bundle -> all.addAll(bundle.anchorCertificates()));
        b.trustedLists.forEach(
                tl -> tl.getCertificates().stream().filter(tl::isTrusted).forEach(t -> all.add(t.getCertificate())));
        this.anchors = List.copyOf(all);
        this.checks = b.checksOrNull != null
                ? b.checksOrNull
                : CertificateCheckSources.cachedForOneVerifier(b.localResponders, b.httpTimeout, b.clock);
        this.fullFactory = new RevisionListingObjFactory();
        if (!visualDifferenceCanFail(policy)) {
            // Rendering revisions to compare pixels is most of DSS's cost when a signature is
            // followed by form fills or further signatures; under a policy where a visual difference
            // is at most a warning it cannot change an indication, and the revision analysis already
            // classifies every change, so it is skipped. Page-count and annotation-overlap checks stay.
            DefaultPdfDifferencesFinder noRendering = new DefaultPdfDifferencesFinder();
            noRendering.setMaximalPagesAmountForVisualComparison(0);
            fullFactory.setPdfDifferencesFinder(noRendering);
        }
        this.noModificationFactory = new NothingToCompareObjFactory();
        noModificationFactory.setPdfDifferencesFinder(NoDifferences.INSTANCE);
        noModificationFactory.setPdfObjectModificationsFinder((signed, whole) -> new PdfObjectModifications());
    }

    /**
     * A builder: no trust anchors, DSS's default policy, certificate checks over the network with a
     * cache of this verifier's own, the system clock.
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public VerificationReport verify(PdfInput document, VerifyOptions options) {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(options, "options");
        byte[] pdf = document.bytes();
        PdfPreflight.checkBytes(document, limits);
        String sha256 = HexFormat.of().formatHex(CmsCheck.sha256().digest(pdf));
        Instant at = options.validationTimeOrNull() != null ? options.validationTimeOrNull() : clock.instant();
        // one PDFBox parse serves both the revision analysis and the signature fields' /SubFilter
        Map<String, String> subFilters = new HashMap<>();
        List<SignatureCoverage> coverages;
        try {
            coverages = RevisionAnalyzer.analyze(pdf, document.passwordOrNull(), parsed -> {
                checkPages(parsed);
                subFilters.putAll(signatureDictionaries(parsed));
            });
        } catch (SignDeskException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new InvalidDocumentException("the PDF cannot be read: its revisions cannot be analysed", e);
        }
        if (coverages.isEmpty()) {
            return new VerificationReport(sha256, Verdict.NO_SIGNATURE, at, List.of());
        }

        // DSS's modification detection decides nothing when no signature has a permitted addition after it:
        // either nothing was added, or the revision analysis already fails the signature (OTHER)
        boolean nothingToCompare = coverages.stream()
                .allMatch(c -> c.coversWholeDocument() || c.changesAfterSigning() == ChangeKind.OTHER);
        Reports reports = null;
        Set<String> servedFromCache;
        CacheTrace.begin();
        try {
            reports = validate(document, options, at, nothingToCompare);
        } catch (RuntimeException | StackOverflowError e) {
            // reported signature by signature below (Bouncy Castle), never as the request's failure
            LOG.info("DSS could not validate the document, checking each signature alone: {}", e.toString());
        } finally {
            servedFromCache = CacheTrace.end();
        }

        List<SignatureReport> out = new ArrayList<>();
        Map<String, Object> dssTokens =
                reports == null ? new HashMap<>() : dssTokensByByteRange(reports.getDiagnosticData());
        for (SignatureCoverage c : coverages) {
            String key = key(c.byteRange());
            if (!subFilters.containsKey(key) && !dssTokens.containsKey(key)) {
                // a /Sig dictionary no signature field refers to: no viewer shows it as a signature
                LOG.debug("ignoring the unreferenced signature dictionary {}", c.fieldName());
                continue;
            }
            try {
                out.add(report(pdf, c, subFilters.get(key), reports, dssTokens.remove(key), servedFromCache));
            } catch (RuntimeException | StackOverflowError e) {
                LOG.info("checking signature {} failed: {}", c.fieldName(), e.toString());
                out.add(failedCheck(c));
            }
        }
        if (out.isEmpty()) {
            return new VerificationReport(sha256, Verdict.NO_SIGNATURE, at, List.of());
        }
        Verdict verdict = Verdict.TOTAL_PASSED;
        for (SignatureReport s : out) {
            verdict = worse(verdict, s.indication());
        }
        RawReports raw = reports == null
                ? RawReports.NONE
                : new RawReports(
                        options.etsiReport() ? reports.getXmlValidationReport() : null,
                        options.detailedReport() ? reports.getXmlDetailedReport() : null,
                        options.diagnosticData() ? reports.getXmlDiagnosticData() : null);
        return new VerificationReport(sha256, verdict, at, out, raw);
    }

    private Reports validate(PdfInput document, VerifyOptions options, Instant at, boolean nothingToCompare) {
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        verifier.setTrustedCertSources(trusted);
        if (chainBuildingOrNull != null) {
            verifier.setAdjunctCertSources(chainBuildingOrNull);
        }
        verifier.setOcspSource(checks.ocspOrNull());
        verifier.setCrlSource(checks.crlOrNull());
        verifier.setAIASource(checks.aiaOrNull());
        PDFDocumentValidator validator = new PDFDocumentValidator(new InMemoryDocument(document.bytes()));
        validator.setPdfObjFactory(nothingToCompare ? noModificationFactory : fullFactory);
        validator.setProcessExecutor(new CachedMessagesExecutor());
        validator.setPasswordProtection(document.passwordOrNull());
        validator.setCertificateVerifier(verifier);
        validator.setValidationTime(Date.from(at));
        validator.setEnableEtsiValidationReport(options.etsiReport());
        return validator.validateDocument(policy);
    }

    private SignatureReport report(
            byte[] pdf,
            SignatureCoverage c,
            String subFilterOrNull,
            Reports reports,
            Object dssToken,
            Set<String> servedFromCache) {
        long[] br = c.byteRange();
        boolean standard = c.standardByteRange();
        byte[] contents = standard ? CmsCheck.contentsFromGap(pdf, br[1], br[2]) : null;
        boolean detached = c.documentTimestamp()
                || subFilterOrNull == null
                || subFilterOrNull.endsWith(".detached")
                || "ETSI.RFC3161".equals(subFilterOrNull);
        boolean needCrypto = reports == null || dssToken == null;
        CmsCheck.Result cms = contents == null
                ? null
                : CmsCheck.check(
                        contents, needCrypto ? CmsCheck.signedBytes(pdf, br) : null, detached, c.documentTimestamp());
        boolean detachedSubFilter = subFilterOrNull != null && subFilterOrNull.endsWith(".detached");
        boolean encapsulated = cms != null && cms.decodable() && cms.encapsulatedContent() && detachedSubFilter;

        Wording words = new Wording();
        Indication indication;
        String sub;
        String id;
        String level = null;
        Signer signer = new Signer(null, null, null);
        Instant claimed = null;
        Instant proven = null;
        String tsa = null;
        boolean intact;
        // without the signer's certificate the signature value cannot be checked: INDETERMINATE, not broken
        boolean signerKnown = true;
        boolean digestMismatch = false;
        Revocation revocation = new Revocation(RevocationStatus.UNAVAILABLE, null, false);
        List<CertificateInfo> chain = List.of();

        if (dssToken instanceof SignatureWrapper sw) {
            SimpleReport simple = reports.getSimpleReport();
            id = sw.getId();
            indication = indication(simple.getIndication(id));
            sub = name(simple.getSubIndication(id));
            level = sw.getSignatureFormat() == null
                    ? null
                    : sw.getSignatureFormat().toString();
            digestMismatch = sw.getDigestMatchers().stream().anyMatch(m -> !m.isDataFound() || !m.isDataIntact());
            intact = sw.isSignatureIntact() && sw.isSignatureValid() && !digestMismatch;
            CertificateWrapper cert = sw.getSigningCertificate();
            signerKnown = cert != null;
            signer = signer(cert);
            claimed = sw.getClaimedSigningTime() == null
                    ? null
                    : sw.getClaimedSigningTime().toInstant();
            for (TimestampWrapper t : sw.getTimestampList()) {
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
            revocation = revocation(cert, servedFromCache);
            chain = chain(sw.getCertificateChain());
            TrustServiceNotes.describe(
                    sw.getCertificateChain(), reports.getDiagnosticData().getValidationDate(), words);
            if (indication == Indication.INDETERMINATE
                    && SubIndication.CERTIFICATE_CHAIN_GENERAL_FAILURE.name().equals(sub)
                    && revocation.status() == RevocationStatus.UNAVAILABLE
                    && chain.stream().anyMatch(CertificateInfo::trusted)) {
                // DSS says "chain general failure" when no revocation data could be had for a trusted
                // chain; ETSI EN 319 102-1 names that TRY_LATER (a responder down, not a bad chain),
                // whose sentence the report gives once, with the sub-indication's
                sub = SubIndication.TRY_LATER.name();
            }
            if (!intact && signerKnown && contents != null) {
                // DSS 6.4 cannot compute some digests (SHAKE256 of Ed448): a second opinion from Bouncy Castle
                CmsCheck.Result bc = CmsCheck.check(contents, CmsCheck.signedBytes(pdf, br), detached, false);
                if (Boolean.TRUE.equals(bc.intactOrNull())) {
                    intact = true;
                    digestMismatch = false;
                    if (indication == Indication.TOTAL_FAILED) {
                        indication = Indication.INDETERMINATE;
                        sub = CmsCheck.chainsTo(bc.signerOrNull(), anchors)
                                ? SubIndication.TRY_LATER.name()
                                : SubIndication.NO_CERTIFICATE_CHAIN_FOUND.name();
                    }
                    words.add(
                            "Bộ kiểm tra chuẩn không tính được giá trị băm của chữ ký; dữ liệu mật mã đã được kiểm tra trực tiếp và toàn vẹn.",
                            "The standard validator could not compute the signature's digest; its cryptography was checked directly and holds.");
                }
            }
        } else if (dssToken instanceof TimestampWrapper tw) {
            id = tw.getId();
            indication = indication(reports.getDetailedReport().getBasicTimestampValidationIndication(id));
            sub = name(reports.getDetailedReport().getBasicTimestampValidationSubIndication(id));
            digestMismatch = !tw.isMessageImprintDataFound() || !tw.isMessageImprintDataIntact();
            intact = tw.isSignatureIntact() && tw.isSignatureValid() && !digestMismatch;
            CertificateWrapper cert = tw.getSigningCertificate();
            signer = signer(cert);
            proven = intact ? tw.getProductionTime().toInstant() : null;
            claimed = tw.getProductionTime().toInstant();
            tsa = intact ? signer.commonNameOrNull() : null;
            revocation = revocation(cert, servedFromCache);
            chain = chain(tw.getCertificateChain());
        } else if (reports != null) {
            // DSS processed the document but did not see this signature dictionary
            id = c.fieldName();
            indication = Indication.TOTAL_FAILED;
            sub = SubIndication.FORMAT_FAILURE.name();
            intact = cms != null && Boolean.TRUE.equals(cms.intactOrNull());
            digestMismatch = cms != null && cms.digestMismatch();
            if (cms != null && cms.signerOrNull() != null) {
                signer = signer(cms.signerOrNull());
            }
            words.add(
                    "Bộ kiểm tra chuẩn không nhận ra chữ ký này là một chữ ký hợp lệ về cấu trúc.",
                    "The standard validator does not recognise this signature as a well-formed one.");
        } else {
            // DSS threw on the document: Bouncy Castle checks the CMS over its byte range
            id = c.fieldName();
            intact = cms != null && Boolean.TRUE.equals(cms.intactOrNull());
            digestMismatch = cms != null && cms.digestMismatch();
            if (cms != null && cms.signerOrNull() != null) {
                signer = signer(cms.signerOrNull());
                chain = List.of(info(cms.signerOrNull()));
            }
            if (cms != null && cms.timestampTimeOrNull() != null && intact) {
                proven = cms.timestampTimeOrNull();
            }
            if (intact) {
                indication = Indication.INDETERMINATE;
                sub = cms.signerOrNull() != null && CmsCheck.chainsTo(cms.signerOrNull(), anchors)
                        ? SubIndication.TRY_LATER.name()
                        : SubIndication.NO_CERTIFICATE_CHAIN_FOUND.name();
            } else {
                indication = Indication.TOTAL_FAILED;
                sub = digestMismatch ? SubIndication.HASH_FAILURE.name() : SubIndication.SIG_CRYPTO_FAILURE.name();
            }
            words.add(
                    "Bộ kiểm tra chuẩn không xử lý được tài liệu; dữ liệu mật mã của chữ ký đã được kiểm tra trực tiếp.",
                    "The standard validator could not process the document; the signature's cryptography was checked directly.");
        }

        // the checks beyond DSS, strongest reason first
        String failure = null;
        if (!standard) {
            failure = SubIndication.FORMAT_FAILURE.name();
            words.add(
                    "Vùng dữ liệu được ký (ByteRange) bất thường: có phần của tệp không được chữ ký bảo vệ.",
                    "The signed byte range is not standard: "
                            + Objects.requireNonNullElse(c.anomalyOrNull(), "part of the file is not protected")
                            + ".");
        } else if (cms == null || !cms.decodable()) {
            failure = SubIndication.FORMAT_FAILURE.name();
            words.add("Không đọc được dữ liệu chữ ký (CMS).", "The signature data (CMS) cannot be decoded.");
        } else if (encapsulated) {
            failure = SubIndication.FORMAT_FAILURE.name();
            words.add(
                    "Chữ ký kiểu tách rời lại chứa nội dung nhúng bên trong.",
                    "A detached signature carries embedded content.");
        }
        if (failure == null && !intact && (signerKnown || digestMismatch)) {
            failure = digestMismatch ? SubIndication.HASH_FAILURE.name() : SubIndication.SIG_CRYPTO_FAILURE.name();
        }
        if (failure == null && c.changesAfterSigning() == ChangeKind.OTHER) {
            failure = SubIndication.FORMAT_FAILURE.name();
        }
        if (failure != null) {
            if (indication != Indication.TOTAL_FAILED) {
                indication = Indication.TOTAL_FAILED;
                sub = failure;
            }
        }
        if (!intact && standard && cms != null && cms.decodable() && (signerKnown || digestMismatch)) {
            words.add("Nội dung đã ký không khớp với chữ ký.", "The signed content does not match the signature.");
        }
        Wording head = new Wording();
        head.verdict(indication, c.documentTimestamp());
        head.changes(c.changesAfterSigning(), c.coversWholeDocument());
        for (String d : c.changeDetails()) {
            head.add("Thay đổi: " + d, "Change: " + d);
        }
        head.subIndication(sub);
        TrustAnchor anchor = dssToken instanceof AbstractTokenProxy t ? trustAnchor(t.getCertificateChain()) : null;
        head.trustAnchor(anchor);
        if (revocation.status() == RevocationStatus.REVOKED
                && !"REVOKED".equals(sub)
                && !"REVOKED_NO_POE".equals(sub)) {
            head.add("Chứng thư của người ký đã bị thu hồi.", "The signer's certificate has been revoked.");
        }
        VerificationReport.Messages m = merge(head.messages(), words.messages());
        return new SignatureReport(
                id,
                c.documentTimestamp(),
                indication,
                sub,
                level,
                signer,
                claimed,
                proven,
                tsa,
                intact,
                c.coversWholeDocument(),
                c.changesAfterSigning(),
                revocation,
                chain,
                m,
                anchor);
    }

    private static SignatureReport failedCheck(SignatureCoverage c) {
        Wording w = new Wording();
        w.verdict(Indication.TOTAL_FAILED, c.documentTimestamp());
        w.add(
                "Không kiểm tra được chữ ký này: dữ liệu của nó bị hỏng.",
                "This signature cannot be checked: its data is damaged.");
        return new SignatureReport(
                c.fieldName(),
                c.documentTimestamp(),
                Indication.TOTAL_FAILED,
                SubIndication.FORMAT_FAILURE.name(),
                null,
                new Signer(null, null, null),
                null,
                null,
                null,
                false,
                c.coversWholeDocument(),
                c.changesAfterSigning(),
                new Revocation(RevocationStatus.UNAVAILABLE, null, false),
                List.of(),
                w.messages());
    }

    /** The sentences of both, in order, each said once (two checks may reach the same conclusion). */
    private static VerificationReport.Messages merge(VerificationReport.Messages a, VerificationReport.Messages b) {
        List<String> vi = new ArrayList<>();
        List<String> en = new ArrayList<>();
        for (VerificationReport.Messages m : List.of(a, b)) {
            for (int i = 0; i < m.en().size(); i++) {
                if (!en.contains(m.en().get(i))) {
                    en.add(m.en().get(i));
                    vi.add(m.vi().get(i));
                }
            }
        }
        return new VerificationReport.Messages(vi, en);
    }

    /** DSS's signatures and document timestamps, by their byte range. */
    private static Map<String, Object> dssTokensByByteRange(DiagnosticData data) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (SignatureWrapper s : data.getSignatures()) {
            PDFRevisionWrapper rev = s.getPDFRevision();
            if (rev != null && rev.getSignatureByteRange() != null) {
                out.putIfAbsent(key(rev.getSignatureByteRange()), s);
            }
        }
        for (TimestampWrapper t : data.getTimestampList()) {
            PDFRevisionWrapper rev = t.getPDFRevision();
            if (rev != null && rev.getSignatureByteRange() != null) {
                out.putIfAbsent(key(rev.getSignatureByteRange()), t);
            }
        }
        return out;
    }

    /** The page bound of the {@link DocumentLimits}: the page tree's count, no page is loaded. */
    private void checkPages(PDDocument doc) {
        int pages = doc.getNumberOfPages();
        if (pages > limits.maxPages()) {
            throw new UnsupportedDocumentException(
                    "the PDF has " + pages + " pages; at most " + limits.maxPages() + " are accepted");
        }
    }

    /** SubFilter of each signature dictionary PDFBox finds through the signature fields, by byte range. */
    private static Map<String, String> signatureDictionaries(PDDocument doc) {
        try {
            Map<String, String> out = new HashMap<>();
            for (PDSignature s : doc.getSignatureDictionaries()) {
                int[] br = s.getByteRange();
                long[] l = new long[br.length];
                for (int i = 0; i < br.length; i++) {
                    l[i] = br[i];
                }
                out.putIfAbsent(key(l), s.getSubFilter());
            }
            return out;
        } catch (RuntimeException | StackOverflowError e) {
            throw new InvalidDocumentException("the PDF cannot be read: its structure is damaged", e);
        }
    }

    private static String key(long[] range) {
        StringBuilder sb = new StringBuilder();
        for (long v : range) {
            sb.append(v).append(',');
        }
        return sb.toString();
    }

    private static String key(List<BigInteger> range) {
        StringBuilder sb = new StringBuilder();
        for (BigInteger v : range) {
            sb.append(v).append(',');
        }
        return sb.toString();
    }

    private static Indication indication(eu.europa.esig.dss.enumerations.Indication i) {
        if (i == null) {
            return Indication.INDETERMINATE;
        }
        return switch (i) {
            case TOTAL_PASSED, PASSED -> Indication.TOTAL_PASSED;
            case TOTAL_FAILED, FAILED -> Indication.TOTAL_FAILED;
            default -> Indication.INDETERMINATE;
        };
    }

    private static String name(SubIndication s) {
        return s == null ? null : s.name();
    }

    private static Verdict worse(Verdict current, Indication i) {
        if (current == Verdict.TOTAL_FAILED || i == Indication.TOTAL_FAILED) {
            return Verdict.TOTAL_FAILED;
        }
        if (current == Verdict.INDETERMINATE || i == Indication.INDETERMINATE) {
            return Verdict.INDETERMINATE;
        }
        return Verdict.TOTAL_PASSED;
    }

    private static Signer signer(CertificateWrapper c) {
        if (c == null) {
            return new Signer(null, null, null);
        }
        return new Signer(c.getCommonName(), c.getOrganizationName(), hexSerial(c.getSerialNumber()));
    }

    private static Signer signer(X509Certificate c) {
        return new Signer(
                rdn(c.getSubjectX500Principal().getName(), "CN"),
                rdn(c.getSubjectX500Principal().getName(), "O"),
                c.getSerialNumber().toString(16));
    }

    private static String rdn(String dn, String type) {
        try {
            for (Rdn r : new LdapName(dn).getRdns()) {
                if (r.getType().equalsIgnoreCase(type)) {
                    return String.valueOf(r.getValue());
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            return null;
        }
        return null;
    }

    private static String hexSerial(String decimal) {
        if (decimal == null) {
            return null;
        }
        try {
            return new BigInteger(decimal).toString(16);
        } catch (NumberFormatException e) {
            return decimal;
        }
    }

    /** The signer certificate's status from DSS's diagnostic data: a revocation wins over anything else. */
    private static Revocation revocation(CertificateWrapper c, Set<String> servedFromCache) {
        if (c == null || c.getCertificateRevocationData().isEmpty()) {
            return new Revocation(RevocationStatus.UNAVAILABLE, null, false);
        }
        CertificateRevocationWrapper best = null;
        for (CertificateRevocationWrapper r : c.getCertificateRevocationData()) {
            if (best == null || rank(r) > rank(best)) {
                best = r;
            }
        }
        RevocationStatus status = best.isRevoked()
                ? RevocationStatus.REVOKED
                : best.getStatus() == CertificateStatus.GOOD ? RevocationStatus.GOOD : RevocationStatus.UNKNOWN;
        String source = best.isInternalRevocationOrigin()
                ? "EMBEDDED"
                : best.getRevocationType() == null
                        ? null
                        : best.getRevocationType().name();
        return new Revocation(status, source, servedFromCache.contains(best.getId()));
    }

    private static int rank(CertificateRevocationWrapper r) {
        return r.isRevoked() ? 2 : r.getStatus() == CertificateStatus.GOOD ? 1 : 0;
    }

    private static List<CertificateInfo> chain(List<CertificateWrapper> certs) {
        List<CertificateInfo> out = new ArrayList<>();
        for (CertificateWrapper c : certs) {
            out.add(new CertificateInfo(
                    c.getCertificateDN(),
                    c.getCertificateIssuerDN(),
                    hexSerial(c.getSerialNumber()),
                    c.getNotBefore() == null ? null : c.getNotBefore().toInstant(),
                    c.getNotAfter() == null ? null : c.getNotAfter().toInstant(),
                    sha256OrNull(c),
                    c.isTrusted()));
        }
        return out;
    }

    /**
     * The first trusted certificate of a chain (signer first), where DSS found the chain's trust,
     * with the bundle it came from; null when no certificate of the chain is trusted.
     */
    private TrustAnchor trustAnchor(List<CertificateWrapper> chain) {
        for (CertificateWrapper c : chain) {
            if (c.isTrusted()) {
                String sha = sha256OrNull(c);
                return new TrustAnchor(c.getCommonName(), sha, sha == null ? null : bundleByAnchorSha256.get(sha));
            }
        }
        return null;
    }

    /** The certificate's SHA-256 from DSS's diagnostic data (DSS's default token digest), else null. */
    private static String sha256OrNull(CertificateWrapper c) {
        if (c.getDigestAlgoAndValue() != null
                && c.getDigestAlgoAndValue().getDigestMethod() == DigestAlgorithm.SHA256) {
            return HexFormat.of().formatHex(c.getDigestAlgoAndValue().getDigestValue());
        }
        return null;
    }

    private CertificateInfo info(X509Certificate c) {
        String sha;
        try {
            sha = HexFormat.of().formatHex(CmsCheck.sha256().digest(c.getEncoded()));
        } catch (CertificateEncodingException e) {
            sha = null;
        }
        return new CertificateInfo(
                c.getSubjectX500Principal().getName(),
                c.getIssuerX500Principal().getName(),
                c.getSerialNumber().toString(16),
                c.getNotBefore().toInstant(),
                c.getNotAfter().toInstant(),
                sha,
                anchors.contains(c));
    }

    private static ValidationPolicy defaultPolicy() {
        try {
            return ValidationPolicyLoader.fromDefaultValidationPolicy().create();
        } catch (Exception e) {
            throw new IllegalStateException("DSS's default validation policy cannot be loaded", e);
        }
    }

    /** Whether the policy fails a signature whose revisions differ visually (DSS default: it only warns). */
    private static boolean visualDifferenceCanFail(ValidationPolicy policy) {
        for (Context context : List.of(Context.SIGNATURE, Context.TIMESTAMP, Context.COUNTER_SIGNATURE)) {
            LevelRule rule = policy.getPdfVisualDifferenceConstraint(context);
            if (rule != null && rule.getLevel() == Level.FAIL) {
                return true;
            }
        }
        return false;
    }

    /** Whether the policy fails a signature whose revisions differ visually (DSS default: it only warns). */
    private static ValidationPolicy policy(Path file) {
        try {
            return ValidationPolicyLoader.fromValidationPolicy(file.toFile()).create();
        } catch (Exception e) {
            throw new IllegalArgumentException("the validation policy " + file + " cannot be read", e);
        }
    }

    /** DSS's differences finder for documents with nothing after any signed revision: there is nothing to compare. */
    private enum NoDifferences implements PdfDifferencesFinder {
        INSTANCE;

        @Override
        public List<PdfModification> getAnnotationOverlaps(PdfDocumentReader reader) {
            return List.of();
        }

        @Override
        public boolean isAnnotationBoxOverlapping(AnnotationBox box, List<PdfAnnotation> annotations) {
            return false;
        }

        @Override
        public List<PdfModification> getPagesDifferences(PdfDocumentReader signed, PdfDocumentReader whole) {
            return List.of();
        }

        @Override
        public List<PdfModification> getVisualDifferences(PdfDocumentReader signed, PdfDocumentReader whole) {
            return List.of();
        }
    }

    /** Builds a {@link PadesSignatureVerifier}; every setting has a safe default. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private DocumentLimits limits = DocumentLimits.DEFAULT;
        private final List<X509Certificate> trustAnchors = new ArrayList<>();
        private Path policyFileOrNull;
        private final Map<String, LocalResponder> localResponders = new LinkedHashMap<>();
        private Duration httpTimeout = Duration.ofSeconds(5);
        private CertificateCheckSources checksOrNull;
        private final List<TrustedListsCertificateSource> trustedLists = new ArrayList<>();
        private final List<TrustBundle> bundles = new ArrayList<>();

        private Builder() {}

        /** The clock that gives "now" as validation time. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Bounds on untrusted input. */
        public Builder limits(DocumentLimits limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        /** Certificates trusted as chain anchors. */
        public Builder trustAnchors(List<X509Certificate> anchors) {
            trustAnchors.addAll(anchors);
            return this;
        }

        /** Trust anchors from a PEM/DER file or a folder of them ({@link TrustAnchors#fromPem}). */
        public Builder trustAnchorsFromPem(Path fileOrFolder) {
            return trustAnchors(TrustAnchors.fromPem(fileOrFolder));
        }

        /** Trust anchors from a PKCS#12 or JKS keystore ({@link TrustAnchors#fromKeyStore}). */
        public Builder trustAnchorsFromKeyStore(Path file, char[] passwordOrNull) {
            return trustAnchors(TrustAnchors.fromKeyStore(file, passwordOrNull));
        }

        /**
         * The trust services of a trusted list or list of trusted lists ({@link
         * TrustAnchors#fromTrustedList}, {@link TrustAnchors#fromListOfTrustedLists}), besides the
         * other anchors; DSS trusts each service only while its status allows it.
         */
        public Builder trustedList(TrustedListsCertificateSource source) {
            trustedLists.add(Objects.requireNonNull(source));
            return this;
        }

        /** Trust anchors from a trusted list file signed with one of the given certificates. */
        public Builder trustAnchorsFromTrustedList(Path tlXml, List<X509Certificate> tlSigningCertificates) {
            return trustedList(TrustAnchors.fromTrustedList(tlXml, tlSigningCertificates));
        }

        /**
         * A trust bundle ({@link TrustBundles}): its anchors are trusted besides the other anchors,
         * its intermediates only help build chains to them (a document may embed only its signer's
         * certificate); the report names the bundle of the anchor a chain ends at.
         */
        public Builder trustBundle(TrustBundle bundle) {
            bundles.add(Objects.requireNonNull(bundle));
            return this;
        }

        /** A DSS constraint XML file instead of DSS's default policy; parsed once, in {@link #build()}. */
        public Builder policy(Path constraintXml) {
            this.policyFileOrNull = constraintXml;
            return this;
        }

        /** Answers certificate-check URLs under {@code baseUrl} in-process instead of over HTTP. */
        public Builder localResponder(String baseUrl, LocalResponder responder) {
            localResponders.put(
                    baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl, responder);
            return this;
        }

        /** Connect and read timeout of OCSP, CRL and AIA fetches of the default cached sources. */
        public Builder httpTimeout(Duration timeout) {
            this.httpTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /**
         * Where OCSP responses, CRLs and issuer certificates come from, replacing the default cached
         * sources of this verifier (and the local responders); share one {@link
         * CertificateCheckSources#cached} with the signer and other verifiers, or
         * {@link CertificateCheckSources#offline()} to fetch nothing.
         */
        public Builder certificateChecks(CertificateCheckSources sources) {
            this.checksOrNull = Objects.requireNonNull(sources);
            return this;
        }

        public PadesSignatureVerifier build() {
            return new PadesSignatureVerifier(this);
        }
    }
}
