package vn.signdesk.signing.verify.internal;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.tsl.InfoRecord;
import eu.europa.esig.dss.model.tsl.LOTLInfo;
import eu.europa.esig.dss.model.tsl.ParsingInfoRecord;
import eu.europa.esig.dss.model.tsl.TLInfo;
import eu.europa.esig.dss.model.tsl.ValidationInfoRecord;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.client.http.DSSFileLoader;
import eu.europa.esig.dss.spi.tsl.TrustedListsCertificateSource;
import eu.europa.esig.dss.spi.x509.CommonCertificateSource;
import eu.europa.esig.dss.tsl.function.GrantedOrRecognizedAtNationalLevelTrustAnchorPeriodPredicate;
import eu.europa.esig.dss.tsl.job.TLValidationJob;
import eu.europa.esig.dss.tsl.source.LOTLSource;
import eu.europa.esig.dss.tsl.source.TLSource;
import eu.europa.esig.dss.tsl.sync.ExpirationAndSignatureCheckStrategy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an ETSI TS 119 612 trusted list (TL) or list of trusted lists (LOTL) from local files into a
 * DSS {@link TrustedListsCertificateSource}, offline: DSS's {@link TLValidationJob} with a loader that
 * answers each list URL from a local file and never touches the network.
 *
 * <p>Implementation notes. Semantics follow DSS, made strict where DSS's defaults are lenient:
 * <ul>
 *   <li>The list's XAdES signature is checked against the given signing certificates, which DSS
 *       treats as trust anchors for that signature (tsl-constraint.xml: XAdES-BASELINE-B, full scope);
 *       a certificate issued under a given one is therefore accepted too.
 *   <li>DSS's default synchronisation takes every list, whatever its signature; here an
 *       {@link ExpirationAndSignatureCheckStrategy} keeps only lists whose signature is valid and whose
 *       NextUpdate is still ahead. A refused TL (or LOTL) given directly is an error that says why; a
 *       TL reached through a LOTL that is missing, unsigned or expired is left out with a warning, as
 *       one bad national list must not take every other one down.
 *   <li>Each service's digital identities count as trust anchors only for the periods when its status
 *       was granted (or, before eIDAS, accredited/undersupervision, or recognised at national level):
 *       {@link GrantedOrRecognizedAtNationalLevelTrustAnchorPeriodPredicate}; DSS's validation then
 *       checks the anchor at the time it needs it and reports the TL's trust service in its
 *       diagnostic data.
 *   <li>TLs reached through a LOTL are those DSS's EU predicates select (TSLType {@code EUgeneric},
 *       XML mime type); their signing certificates come from the LOTL's pointers.
 * </ul>
 * The job runs on one private daemon thread that is stopped before returning.
 */
public final class TrustedListLoader {

    private static final Logger LOG = LoggerFactory.getLogger(TrustedListLoader.class);

    private TrustedListLoader() {}

    /** Whether a file looks like a TS 119 612 list: its first few kilobytes name the root element. */
    public static boolean isTrustedList(Path file) {
        String head = head(file);
        return head.contains("TrustServiceStatusList") && head.contains("http://uri.etsi.org/02231/v2#");
    }

    /** Whether a TS 119 612 list is a list of trusted lists: its TSLType (TS 119 612 §5.3.3) says so. */
    public static boolean isListOfTrustedLists(Path file) {
        return isTrustedList(file) && head(file).contains("listofthelists</");
    }

    private static String head(Path file) {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(8192), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** The services of one trusted list whose signature is checked against the given certificates. */
    public static TrustedListsCertificateSource trustedList(
            Path tlXml, List<X509Certificate> signingCertificates, Clock clock) {
        requireCertificates(signingCertificates, "the trusted list's signing certificate");
        String url = url(tlXml);
        TLSource source = configured(new TLSource(), url, signingCertificates);

        TrustedListsCertificateSource out = run(Map.of(url, tlXml), job -> job.setTrustedListSources(source));
        TLInfo info = out.getSummary().getOtherTLInfos().stream()
                .filter(i -> url.equals(i.getUrl()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the trusted list " + tlXml + " was not processed"));
        String problem = problem(info, clock);
        if (problem != null) {
            throw new IllegalArgumentException("the trusted list " + tlXml + " is refused: " + problem);
        }
        LOG.info("trusted list {} loaded: {} trust anchors", tlXml.getFileName(), out.getNumberOfTrustedEntityKeys());
        return out;
    }

    /**
     * A list source at {@code url} whose signature must verify under one of the given certificates and
     * whose services are trusted while granted (or recognised at national level).
     */
    private static <S extends TLSource> S configured(S source, String url, List<X509Certificate> signingCertificates) {
        source.setUrl(url);
        source.setCertificateSource(certificateSource(signingCertificates));
        source.setTrustAnchorValidityPredicate(new GrantedOrRecognizedAtNationalLevelTrustAnchorPeriodPredicate());
        return source;
    }

    /**
     * The services of every TL a LOTL points to, read from local copies.
     *
     * @param localCopies TL URL as written in the LOTL to the local file holding that TL
     */
    public static TrustedListsCertificateSource listOfTrustedLists(
            Path lotlXml, Map<String, Path> localCopies, List<X509Certificate> signingCertificates, Clock clock) {
        requireCertificates(signingCertificates, "the list of trusted lists' signing certificate");
        String url = url(lotlXml);
        LOTLSource source = configured(new LOTLSource(), url, signingCertificates);
        Map<String, Path> files = new LinkedHashMap<>(localCopies);
        files.put(url, lotlXml);

        TrustedListsCertificateSource out = run(files, job -> job.setListOfTrustedListSources(source));
        LOTLInfo lotl = out.getSummary().getLOTLInfos().stream()
                .filter(i -> url.equals(i.getUrl()))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalArgumentException("the list of trusted lists " + lotlXml + " was not processed"));
        String problem = problem(lotl, clock);
        if (problem != null) {
            throw new IllegalArgumentException("the list of trusted lists " + lotlXml + " is refused: " + problem);
        }
        int usable = 0;
        for (TLInfo tl : lotl.getTLInfos()) {
            String tlProblem = problem(tl, clock);
            if (tlProblem != null) {
                LOG.warn("trusted list {} of the list of trusted lists is left out: {}", tl.getUrl(), tlProblem);
            } else {
                usable++;
            }
        }
        if (usable == 0) {
            throw new IllegalArgumentException("no trusted list of " + lotlXml + " could be used (listed: "
                    + lotl.getTLInfos().size() + "; see the log for why each was left out)");
        }
        LOG.info(
                "list of trusted lists {} loaded: {} of {} trusted lists, {} trust anchors",
                lotlXml.getFileName(),
                usable,
                lotl.getTLInfos().size(),
                out.getNumberOfTrustedEntityKeys());
        return out;
    }

    private interface JobSetup {
        void configure(TLValidationJob job);
    }

    private static TrustedListsCertificateSource run(Map<String, Path> files, JobSetup setup) {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "trusted-list-load");
            t.setDaemon(true);
            return t;
        });
        try {
            TLValidationJob job = new TLValidationJob();
            job.setExecutorService(executor); // also stops the job's own default pool
            job.setOfflineDataLoader(new LocalFiles(files));
            job.setSynchronizationStrategy(new ExpirationAndSignatureCheckStrategy());
            TrustedListsCertificateSource out = new TrustedListsCertificateSource();
            job.setTrustedListCertificateSource(out);
            setup.configure(job);
            job.offlineRefresh();
            if (out.getSummary() == null) {
                // the synchroniser logs and swallows its own failures
                throw new IllegalArgumentException("the trusted lists could not be synchronised (see the log)");
            }
            return out;
        } finally {
            executor.shutdownNow();
        }
    }

    /** Why DSS would not synchronise this list, in words, or null when it is usable. */
    private static String problem(TLInfo info, Clock clock) {
        InfoRecord download = info.getDownloadCacheInfo();
        if (download != null && download.isError()) {
            return "it cannot be read (" + download.getExceptionMessage() + ")";
        }
        ParsingInfoRecord parsing = info.getParsingCacheInfo();
        if (parsing == null || !parsing.isResultExist()) {
            return "it cannot be parsed as an ETSI TS 119 612 list"
                    + (parsing != null && parsing.getExceptionMessage() != null
                            ? " (" + parsing.getExceptionMessage() + ")"
                            : "");
        }
        ValidationInfoRecord validation = info.getValidationCacheInfo();
        if (validation == null || !validation.isResultExist()) {
            return "its signature cannot be checked"
                    + (validation != null && validation.getExceptionMessage() != null
                            ? " (" + validation.getExceptionMessage() + ")"
                            : "");
        }
        if (!validation.isValid()) {
            return "its signature is not valid for the given signing certificate(s) ("
                    + validation.getIndication()
                    + (validation.getSubIndication() == null ? "" : "/" + validation.getSubIndication())
                    + ")";
        }
        Date nextUpdate = parsing.getNextUpdateDate();
        if (nextUpdate == null || Date.from(clock.instant()).after(nextUpdate)) {
            return nextUpdate == null
                    ? "it has no NextUpdate (a closed list)"
                    : "it expired: its NextUpdate was " + nextUpdate.toInstant();
        }
        return null;
    }

    private static void requireCertificates(List<X509Certificate> certificates, String what) {
        Objects.requireNonNull(certificates, what);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("give " + what + " (at least one certificate)");
        }
    }

    private static CommonCertificateSource certificateSource(List<X509Certificate> certificates) {
        CommonCertificateSource s = new CommonCertificateSource();
        certificates.forEach(c -> s.addCertificate(new CertificateToken(c)));
        return s;
    }

    private static String url(Path file) {
        return file.toAbsolutePath().normalize().toUri().toString();
    }

    /** Answers list URLs from local files only; any other URL is an error, never a network fetch. */
    private static final class LocalFiles implements DSSFileLoader {
        private static final long serialVersionUID = 1L;

        private final Map<String, String> files = new LinkedHashMap<>();

        LocalFiles(Map<String, Path> byUrl) {
            byUrl.forEach((url, path) -> files.put(url, path.toString()));
        }

        @Override
        public DSSDocument getDocument(String url) {
            String file = files.get(url);
            if (file == null) {
                throw new DSSException("no local copy is configured for " + url);
            }
            try {
                return new InMemoryDocument(
                        Files.readAllBytes(Path.of(file)),
                        Path.of(file).getFileName().toString());
            } catch (NoSuchFileException e) {
                throw new DSSException("the local copy " + file + " does not exist");
            } catch (IOException e) {
                throw new DSSException("the local copy " + file + " cannot be read: "
                        + e.getClass().getSimpleName());
            }
        }
    }

    /** The certificates of a loaded source, for callers that need plain X.509 certificates. */
    public static List<X509Certificate> certificates(TrustedListsCertificateSource source) {
        List<X509Certificate> out = new ArrayList<>();
        for (CertificateToken t : source.getCertificates()) {
            out.add(t.getCertificate());
        }
        return out;
    }
}
