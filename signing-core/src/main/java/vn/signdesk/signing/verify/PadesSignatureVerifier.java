package vn.signdesk.signing.verify;

import eu.europa.esig.dss.diagnostic.AbstractTokenProxy;
import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.PDFRevisionWrapper;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.enumerations.Context;
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
import eu.europa.esig.dss.spi.tsl.TrustedListsCertificateSource;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CertificateSource;
import eu.europa.esig.dss.spi.x509.CommonCertificateSource;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.policy.ValidationPolicyLoader;
import eu.europa.esig.dss.validation.reports.Reports;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
import vn.signdesk.signing.verify.VerificationReport.Indication;
import vn.signdesk.signing.verify.VerificationReport.RawReports;
import vn.signdesk.signing.verify.VerificationReport.RevocationStatus;
import vn.signdesk.signing.verify.VerificationReport.SignatureReport;
import vn.signdesk.signing.verify.VerificationReport.TrustAnchor;
import vn.signdesk.signing.verify.VerificationReport.Verdict;
import vn.signdesk.signing.verify.internal.CachedMessagesExecutor;
import vn.signdesk.signing.verify.internal.MemoizedPolicy;
import vn.signdesk.signing.verify.internal.NothingToCompareObjFactory;
import vn.signdesk.signing.verify.internal.RawSignatureScan;
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
 * Every signature field is reported, in the form or only on a page (a signer that leaves its field out
 * of /AcroForm /Fields, which DSS does not see); a signature field DSS does not report is a format
 * failure. A signature dictionary no field holds is told as a document finding, and so is a raw scan
 * of the bytes ({@link RawSignatureScan}) that finds other byte ranges than the structure. Each
 * signature's evidence is assessed by its source ({@link SignatureAssessor}), then the checks beyond
 * DSS apply ({@link BeyondDss}); findings are values the report package words. When DSS throws on
 * the document, each signature is checked alone with Bouncy Castle, so one bad signature never fails
 * the request. Thread-safe.
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
        List<Finding> documentFindings = new ArrayList<>(rawScan(pdf, coverages));
        if (coverages.isEmpty()) {
            return new VerificationReport(
                    sha256, Verdict.NO_SIGNATURE, at, List.of(), RawReports.NONE, documentFindings);
        }

        // DSS's modification detection decides nothing when no signature has a permitted addition after it:
        // either nothing was added, or the revision analysis already fails the signature (OTHER)
        boolean nothingToCompare = coverages.stream()
                .filter(c -> c.placement().isField() || subFilters.containsKey(key(c.byteRange())))
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
            if (!c.placement().isField() && !subFilters.containsKey(key) && !dssTokens.containsKey(key)) {
                // no signature field holds it, so no viewer shows it as a signature: told, not checked
                documentFindings.add(new Finding.UnlistedSignatureDictionary(c.fieldName(), c.placement()));
                continue;
            }
            String subFilter = subFilters.getOrDefault(key, c.subFilterOrNull());
            try {
                out.add(report(pdf, c, subFilter, reports, dssTokens.remove(key), servedFromCache));
            } catch (RuntimeException | StackOverflowError e) {
                LOG.info("checking signature {} failed: {}", c.fieldName(), e.toString());
                out.add(failedCheck(c));
            }
        }
        RawReports raw = reports == null || out.isEmpty() ? RawReports.NONE : rawReports(reports, options);
        return new VerificationReport(sha256, verdict(out), at, out, raw, documentFindings);
    }

    /** The finding that a scan of the raw bytes finds other byte ranges than the structure, if it does. */
    private static List<Finding> rawScan(byte[] pdf, List<SignatureCoverage> coverages) {
        Set<List<Long>> inStructure = new LinkedHashSet<>();
        coverages.forEach(
                c -> inStructure.add(Arrays.stream(c.byteRange()).boxed().toList()));
        Set<List<Long>> inBytes = RawSignatureScan.byteRanges(pdf);
        return inStructure.equals(inBytes)
                ? List.of()
                : List.of(new Finding.RawScanDisagrees(inStructure.size(), inBytes.size()));
    }

    /** DSS's own reports, those the options ask to keep. */
    private static RawReports rawReports(Reports reports, VerifyOptions options) {
        return new RawReports(
                options.etsiReport() ? reports.getXmlValidationReport() : null,
                options.detailedReport() ? reports.getXmlDetailedReport() : null,
                options.diagnosticData() ? reports.getXmlDiagnosticData() : null);
    }

    /** The document's verdict (CONTRACT.md: the worst signature indication), NO_SIGNATURE without any. */
    private static Verdict verdict(List<SignatureReport> signatures) {
        Verdict verdict = signatures.isEmpty() ? Verdict.NO_SIGNATURE : Verdict.TOTAL_PASSED;
        for (SignatureReport s : signatures) {
            verdict = worse(verdict, s.indication());
        }
        return verdict;
    }

    private Reports validate(PdfInput document, VerifyOptions options, Instant at, boolean nothingToCompare) {
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        verifier.setTrustedCertSources(trusted);
        verifier.setOcspSource(checks.ocspOrNull());
        verifier.setCrlSource(checks.crlOrNull());
        verifier.setAIASource(checks.aiaOrNull());
        if (chainBuildingOrNull != null) {
            verifier.setAdjunctCertSources(chainBuildingOrNull);
        }
        PDFDocumentValidator validator = new PDFDocumentValidator(new InMemoryDocument(document.bytes()));
        validator.setPdfObjFactory(nothingToCompare ? noModificationFactory : fullFactory);
        validator.setProcessExecutor(new CachedMessagesExecutor());
        validator.setPasswordProtection(document.passwordOrNull());
        validator.setCertificateVerifier(verifier);
        validator.setValidationTime(Date.from(at));
        validator.setEnableEtsiValidationReport(options.etsiReport());
        return validator.validateDocument(policy);
    }

    /**
     * One signature's report: its evidence assessed by source, the checks beyond DSS, and its
     * findings in the order a report tells them (verdict, changes, reason, then the evidence's own).
     */
    private SignatureReport report(
            byte[] pdf,
            SignatureCoverage c,
            String subFilterOrNull,
            Reports reports,
            Object dssToken,
            Set<String> servedFromCache) {
        CmsEvidence cms = CmsEvidence.of(pdf, c, subFilterOrNull, reports == null || dssToken == null);
        SignatureAssessor assessor = new SignatureAssessor(pdf, c, cms, anchors, servedFromCache);
        Assessment a;
        if (dssToken instanceof SignatureWrapper sw) {
            a = assessor.signature(sw, reports);
        } else if (dssToken instanceof TimestampWrapper tw) {
            a = assessor.timestamp(tw, reports);
        } else if (reports != null) {
            a = assessor.unrecognised();
        } else {
            a = assessor.withoutValidator();
        }
        BeyondDss beyond = BeyondDss.check(c, cms, a);
        boolean failsBeyond = beyond.failureOrNull() != null && a.indication() != Indication.TOTAL_FAILED;
        Indication indication = failsBeyond ? Indication.TOTAL_FAILED : a.indication();
        String sub = failsBeyond ? beyond.failureOrNull() : a.subIndicationOrNull();

        List<Finding> findings = new ArrayList<>();
        findings.add(new Finding.Verdict(indication, c.documentTimestamp()));
        findings.add(new Finding.Changes(c.changesAfterSigning(), c.coversWholeDocument()));
        c.changeDetails().forEach(d -> findings.add(new Finding.ChangeDetail(d)));
        if (sub != null) {
            findings.add(new Finding.Reason(sub));
        }
        TrustAnchor anchor = dssToken instanceof AbstractTokenProxy t
                ? DssFacts.trustAnchor(t.getCertificateChain(), bundleByAnchorSha256)
                : null;
        if (anchor != null) {
            findings.add(new Finding.TrustAnchorReached(anchor.commonNameOrNull(), anchor.bundleOrNull()));
        }
        if (a.revocation().status() == RevocationStatus.REVOKED
                && !"REVOKED".equals(sub)
                && !"REVOKED_NO_POE".equals(sub)) {
            findings.add(Finding.Note.SIGNER_REVOKED);
        }
        if (c.placement() == SignatureCoverage.Placement.PAGE_WIDGET_OUTSIDE_FORM) {
            findings.add(Finding.Note.SIGNATURE_OUTSIDE_FORM);
        }
        findings.addAll(a.findings());
        findings.addAll(beyond.findings());
        return new SignatureReport(
                a.id(),
                c.documentTimestamp(),
                indication,
                sub,
                a.levelOrNull(),
                a.signer(),
                a.claimedSigningTimeOrNull(),
                a.provenSigningTimeOrNull(),
                a.timestampedByOrNull(),
                a.intact(),
                c.coversWholeDocument(),
                c.changesAfterSigning(),
                a.revocation(),
                a.chain(),
                findings,
                anchor);
    }

    private static SignatureReport failedCheck(SignatureCoverage c) {
        return new SignatureReport(
                c.fieldName(),
                c.documentTimestamp(),
                Indication.TOTAL_FAILED,
                SubIndication.FORMAT_FAILURE.name(),
                null,
                DssFacts.UNKNOWN_SIGNER,
                null,
                null,
                null,
                false,
                c.coversWholeDocument(),
                c.changesAfterSigning(),
                DssFacts.NO_REVOCATION,
                List.of(),
                List.of(new Finding.Verdict(Indication.TOTAL_FAILED, c.documentTimestamp()), Finding.Note.DATA_DAMAGED),
                null);
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

    private static Verdict worse(Verdict current, Indication i) {
        if (current == Verdict.TOTAL_FAILED || i == Indication.TOTAL_FAILED) {
            return Verdict.TOTAL_FAILED;
        }
        if (current == Verdict.INDETERMINATE || i == Indication.INDETERMINATE) {
            return Verdict.INDETERMINATE;
        }
        return Verdict.TOTAL_PASSED;
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

    /** The validation policy of a DSS constraint file. */
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
