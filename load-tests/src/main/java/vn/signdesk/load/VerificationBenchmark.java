package vn.signdesk.load;

import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.revocation.CertificateCheckConfig;
import vn.signdesk.signing.revocation.CertificateChecks;
import vn.signdesk.signing.verify.CertificateCheckSources;
import vn.signdesk.signing.verify.PadesSignatureVerifier;
import vn.signdesk.signing.verify.VerificationReport;

/**
 * In-process PAdES verification throughput of SignDesk's {@link PadesSignatureVerifier} beside DSS
 * {@link SignedDocumentValidator} with its defaults: the same signed PDFs, trust anchor and
 * revocation responder, measured in the same run.
 *
 * <p>Implementation notes. The documents are signed once at start-up with the demo PKI: a 1-page and
 * a 20-page PDF with one B-T signature, and a 1-page PDF with five signatures by different demo keys,
 * alternately B-B and B-T, each in its own incremental revision. Both sides ask the same in-process
 * demo responder for OCSP, CRL and AIA: SignDesk through its {@link CertificateChecks} cache, built
 * once as a service builds it (the cache is part of its design), DSS through its online sources with
 * no cache, as its defaults have it. DSS gets one {@link CommonCertificateVerifier} per thread, built
 * once, and a new validator per document as it requires; {@code validateDocument()} loads its default
 * policy on every call, which is what its defaults do. DSS renders revisions to compare them only for
 * documents of at most ten pages (its {@code DefaultPdfDifferencesFinder} default), so on the 20-page
 * case its defaults skip the visual comparison. The 1-page document is a full page of text (45 lines
 * in an embedded Unicode font, as an office exports it): DSS renders that page twice per signed
 * revision and then compares pixels, which is most of its time there, so a nearly empty page would
 * show DSS several times faster. Both sides validate the same bytes at the same level against the
 * same trust anchor; the revocation asymmetry (DSS fetches from the in-process responder on every
 * validation, SignDesk from its warm cache) costs DSS a few per cent, far less than a real network
 * round trip would. Before any timing both sides verify every
 * document and must both say TOTAL_PASSED, otherwise the run stops: a fast wrong verdict is worth
 * nothing. Timing is {@link SigningBenchmark}'s: one pass over every path first, then per case and
 * thread count a warm-up and iterations alternating which side goes first; medians and SignDesk's
 * ratio to DSS are reported, with bytes allocated and CPU time spent per verification by the
 * verifying threads. CPU time per verification moves far less than throughput when other processes
 * share the machine, so its ratio is the one to compare between runs on a busy machine.
 *
 * <p>Usage: {@code VerificationBenchmark [--quick] [--warmup S] [--iterations N] [--time S]
 * [--threads 1,2] [--cases one-page,twenty-pages,five-signatures] [--settle S]}; {@code --settle S}
 * repeats the first warm-up pass until the JIT compilers are quiet, for at most S seconds (see
 * {@link JitSettling}).
 */
public final class VerificationBenchmark {

    /** A document the benchmark verifies. */
    enum Case {
        ONE_PAGE("one-page", "1-page, 1 sig"),
        TWENTY_PAGES("twenty-pages", "20-page, 1 sig"),
        FIVE_SIGNATURES("five-signatures", "1-page, 5 sigs");

        final String option;
        final String label;

        Case(String option, String label) {
            this.option = option;
            this.label = label;
        }

        static Case parse(String option) {
            for (Case c : values()) {
                if (c.option.equals(option.trim())) {
                    return c;
                }
            }
            throw new IllegalArgumentException(
                    "unknown case " + option + "; use one-page, twenty-pages, five-signatures");
        }
    }

    /** The signers of the five-signature document, in signing order. */
    static final List<String> FIVE_SIGNERS = List.of(
            DemoPki.DEPARTMENT_SEAL,
            DemoPki.BRANCH_COPY,
            DemoPki.RESIDENT_RSA,
            DemoPki.RESIDENT_EC,
            DemoPki.DEPARTMENT_SEAL);

    /** The run's settings; {@link #quick()} is the smoke run. */
    record Settings(
            double warmupSeconds, int iterations, double iterationSeconds, List<Integer> threads, List<Case> cases) {

        static Settings defaults() {
            return new Settings(3, 5, 2, List.of(1, 2), List.of(Case.values()));
        }

        Settings quick() {
            return new Settings(0.3, 2, 0.4, threads, cases);
        }

        static Settings parse(String[] args) {
            double warmup = 3;
            int iterations = 5;
            double time = 2;
            List<Integer> threads = List.of(1, 2);
            List<Case> cases = List.of(Case.values());
            boolean quick = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--quick" -> quick = true;
                    case "--warmup" -> warmup = Double.parseDouble(value(args, ++i, a));
                    case "--iterations" -> iterations = Integer.parseInt(value(args, ++i, a));
                    case "--time" -> time = Double.parseDouble(value(args, ++i, a));
                    case "--threads" ->
                        threads = Arrays.stream(value(args, ++i, a).split(","))
                                .map(String::trim)
                                .map(Integer::parseInt)
                                .toList();
                    case "--cases" ->
                        cases = Arrays.stream(value(args, ++i, a).split(","))
                                .map(Case::parse)
                                .toList();
                    default ->
                        throw new IllegalArgumentException("unknown option " + a
                                + "; use --quick, --warmup S, --iterations N, --time S, --threads 1,2,"
                                + " --cases one-page,twenty-pages,five-signatures");
                }
            }
            if (iterations < 1 || time <= 0 || warmup < 0 || threads.stream().anyMatch(t -> t < 1)) {
                throw new IllegalArgumentException("iterations and threads must be at least 1 and times positive");
            }
            Settings s = new Settings(warmup, iterations, time, threads, cases);
            return quick ? s.quick() : s;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }

    /** What one side says about one document: its verdict, how many signatures, and per signature. */
    record Outcome(String verdict, int signatures, String details) {
        boolean totalPassed() {
            return verdict.equals("TOTAL_PASSED");
        }
    }

    /** Both sides' outcomes for one document. */
    record Agreement(Case document, int signaturesExpected, Outcome dss, Outcome signDesk) {
        /** Both TOTAL_PASSED, each with every signature the document carries. */
        boolean agreed() {
            return dss.totalPassed()
                    && signDesk.totalPassed()
                    && dss.signatures == signaturesExpected
                    && signDesk.signatures == signaturesExpected;
        }
    }

    /**
     * One row of the result table; allocation in bytes and CPU time in nanoseconds of the verifying
     * threads per verification, -1 if unknown.
     */
    record Row(
            Case document,
            int threads,
            double dssOpsPerSecond,
            double signDeskOpsPerSecond,
            long dssBytesPerOp,
            long signDeskBytesPerOp,
            long dssCpuNanosPerOp,
            long signDeskCpuNanosPerOp) {
        double ratio() {
            return signDeskOpsPerSecond / dssOpsPerSecond;
        }

        /** DSS's CPU time per verification over SignDesk's: the ratio a busy machine disturbs least. */
        double cpuRatio() {
            return dssCpuNanosPerOp <= 0 || signDeskCpuNanosPerOp <= 0
                    ? Double.NaN
                    : (double) dssCpuNanosPerOp / signDeskCpuNanosPerOp;
        }
    }

    /** A verifier under test: one call is one verification of {@code pdf}. */
    interface Side {
        Outcome verify(byte[] pdf);
    }

    /** The two verifiers, built once over the environment's PKI and responder. */
    static final class Sides implements AutoCloseable {
        private final CertificateChecks checks;
        private final PadesSignatureVerifier signDesk;
        // DSS may share a certificate verifier between validations; one per thread, built once, so DSS is
        // not charged for set-up a service would not repeat
        private final ThreadLocal<CommonCertificateVerifier> dssVerifiers;

        Sides(BenchmarkEnvironment env) {
            this.checks = CertificateChecks.builder(CertificateCheckConfig.defaults())
                    .localResponder(BenchmarkEnvironment.PUBLIC_URL, env.localResponder())
                    .build();
            this.signDesk = PadesSignatureVerifier.builder()
                    .trustAnchors(List.of(env.pki().rootCa()))
                    .certificateChecks(CertificateCheckSources.cached(checks))
                    .build();
            this.dssVerifiers = ThreadLocal.withInitial(env::certificateVerifier);
        }

        /** DSS {@code SignedDocumentValidator} defaults. */
        Side dss() {
            return pdf -> outcome(validateWithDss(pdf));
        }

        /** SignDesk's {@link PadesSignatureVerifier}. */
        Side signDesk() {
            return pdf -> outcome(signDesk.verify(PdfInput.of(pdf)));
        }

        Reports validateWithDss(byte[] pdf) {
            SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(new InMemoryDocument(pdf));
            validator.setCertificateVerifier(dssVerifiers.get());
            return validator.validateDocument();
        }

        @Override
        public void close() {
            checks.close();
        }
    }

    private VerificationBenchmark() {}

    public static void main(String[] args) throws Exception {
        Settings settings;
        JitSettling.SettleOption settle;
        try {
            settle = JitSettling.SettleOption.parse(args);
            settings = Settings.parse(settle.rest());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        PrintStream out = System.out;
        Throughput.printHeader(
                out, "verification", settings.warmupSeconds, settings.iterations, settings.iterationSeconds);
        out.println("DSS: SignedDocumentValidator.fromDocument(...).validateDocument(), default policy, "
                + "online OCSP/CRL/AIA sources without cache");
        out.println("SignDesk: PadesSignatureVerifier.verify(PdfInput), default policy, "
                + "CertificateChecks cache (warm after the first verification)");
        out.println("both: the demo root as only trust anchor, revocation answered in-process by the demo responder");
        out.println("note: DSS defaults compare revisions visually only up to 10 pages, so not on the 20-page case");
        BenchmarkEnvironment env = new BenchmarkEnvironment();
        Map<Case, byte[]> pdfs = documents(env, settings.cases);
        pdfs.forEach((c, pdf) -> out.printf(Locale.ROOT, "document: %-15s %d bytes%n", c.label, pdf.length));

        try (Sides sides = new Sides(env)) {
            List<Agreement> agreements = precheck(sides, pdfs);
            for (Agreement a : agreements) {
                out.printf(Locale.ROOT, "verdict %-15s DSS      %s%n", a.document.label, describe(a.dss));
                out.printf(Locale.ROOT, "verdict %-15s SignDesk %s%n", a.document.label, describe(a.signDesk));
            }
            if (!agreements.stream().allMatch(Agreement::agreed)) {
                System.err.println("the two sides do not both pass every document: no timing");
                System.exit(2);
            }
            List<Row> rows = run(sides, pdfs, settings, settle.maxSeconds(), out);
            out.println();
            printTable(rows, out);
        }
        System.exit(0);
    }

    /** The benchmark's signed PDFs, signed once with SignDesk and the demo PKI. */
    static Map<Case, byte[]> documents(BenchmarkEnvironment env, List<Case> cases) {
        Map<Case, byte[]> pdfs = new LinkedHashMap<>();
        byte[] letterhead = env.pki().sealImagePng();
        for (Case c : cases) {
            pdfs.put(
                    c,
                    switch (c) {
                        case ONE_PAGE -> env.signDesk().sign(BenchmarkPdfs.document(1, letterhead), SignatureLevel.B_T);
                        case TWENTY_PAGES ->
                            env.signDesk().sign(BenchmarkPdfs.document(20, letterhead), SignatureLevel.B_T);
                        case FIVE_SIGNATURES -> fiveSignatures(env, BenchmarkPdfs.document(1, letterhead));
                    });
        }
        return pdfs;
    }

    private static byte[] fiveSignatures(BenchmarkEnvironment env, byte[] pdf) {
        byte[] signed = pdf;
        for (int i = 0; i < FIVE_SIGNERS.size(); i++) {
            SignatureLevel level = i % 2 == 0 ? SignatureLevel.B_B : SignatureLevel.B_T;
            signed = env.signDeskAs(FIVE_SIGNERS.get(i)).sign(signed, level);
        }
        return signed;
    }

    /** How many signatures a case's document carries. */
    static int signatures(Case c) {
        return c == Case.FIVE_SIGNATURES ? FIVE_SIGNERS.size() : 1;
    }

    /** Verifies each document once with each side, untimed: both must say TOTAL_PASSED. */
    static List<Agreement> precheck(Sides sides, Map<Case, byte[]> pdfs) {
        List<Agreement> out = new ArrayList<>();
        pdfs.forEach((c, pdf) -> out.add(new Agreement(
                c, signatures(c), sides.dss().verify(pdf), sides.signDesk().verify(pdf))));
        return out;
    }

    static List<Row> run(Sides sides, Map<Case, byte[]> pdfs, Settings settings, double settleSeconds, PrintStream out)
            throws Exception {
        Side dss = sides.dss();
        Side signDesk = sides.signDesk();
        int maxThreads =
                settings.threads.stream().mapToInt(Integer::intValue).max().orElse(1);
        ExecutorService pool = Throughput.pool(maxThreads);
        List<Row> rows = new ArrayList<>();
        try {
            // one pass over every path first, so the first case is not the one that pays for JIT
            // compilation; with --settle, passes until the compilers are quiet
            JitSettling.warmUp(
                    () -> {
                        for (byte[] pdf : pdfs.values()) {
                            Throughput.measure(pool, () -> dss.verify(pdf), maxThreads, settings.warmupSeconds);
                            Throughput.measure(pool, () -> signDesk.verify(pdf), maxThreads, settings.warmupSeconds);
                        }
                    },
                    settleSeconds,
                    out);
            for (Map.Entry<Case, byte[]> doc : pdfs.entrySet()) {
                byte[] pdf = doc.getValue();
                Throughput.Operation dssOp = () -> dss.verify(pdf);
                Throughput.Operation signDeskOp = () -> signDesk.verify(pdf);
                for (int threads : settings.threads) {
                    Throughput.measure(pool, dssOp, threads, settings.warmupSeconds);
                    Throughput.measure(pool, signDeskOp, threads, settings.warmupSeconds);
                    Throughput.Run[] dssRuns = new Throughput.Run[settings.iterations];
                    Throughput.Run[] signDeskRuns = new Throughput.Run[settings.iterations];
                    for (int i = 0; i < settings.iterations; i++) {
                        if (i % 2 == 0) {
                            dssRuns[i] = Throughput.measure(pool, dssOp, threads, settings.iterationSeconds);
                            signDeskRuns[i] = Throughput.measure(pool, signDeskOp, threads, settings.iterationSeconds);
                        } else {
                            signDeskRuns[i] = Throughput.measure(pool, signDeskOp, threads, settings.iterationSeconds);
                            dssRuns[i] = Throughput.measure(pool, dssOp, threads, settings.iterationSeconds);
                        }
                    }
                    Row row = new Row(
                            doc.getKey(),
                            threads,
                            Throughput.median(opsPerSecond(dssRuns)),
                            Throughput.median(opsPerSecond(signDeskRuns)),
                            (long) Throughput.median(bytesPerOp(dssRuns)),
                            (long) Throughput.median(bytesPerOp(signDeskRuns)),
                            (long) Throughput.median(cpuNanosPerOp(dssRuns)),
                            (long) Throughput.median(cpuNanosPerOp(signDeskRuns)));
                    rows.add(row);
                    out.printf(
                            Locale.ROOT,
                            "%s   DSS runs %s   SignDesk runs %s%n",
                            format(row),
                            Arrays.toString(Throughput.round(opsPerSecond(dssRuns))),
                            Arrays.toString(Throughput.round(opsPerSecond(signDeskRuns))));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return rows;
    }

    static void printTable(List<Row> rows, PrintStream out) {
        out.println("case              threads   DSS ops/s   SignDesk ops/s    ratio   DSS MB/op   SignDesk MB/op"
                + "   DSS CPU ms/op   SignDesk CPU ms/op   CPU ratio");
        for (Row r : rows) {
            out.println(format(r));
        }
    }

    private static String format(Row r) {
        return String.format(
                Locale.ROOT,
                "%-17s %7d %11.1f %16.1f %7.2fx %11s %16s %15s %20s %10.2fx",
                r.document.label,
                r.threads,
                r.dssOpsPerSecond,
                r.signDeskOpsPerSecond,
                r.ratio(),
                megabytes(r.dssBytesPerOp),
                megabytes(r.signDeskBytesPerOp),
                millis(r.dssCpuNanosPerOp),
                millis(r.signDeskCpuNanosPerOp),
                r.cpuRatio());
    }

    private static String megabytes(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", bytes / 1e6);
    }

    private static String millis(long nanos) {
        return nanos < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static double[] cpuNanosPerOp(Throughput.Run[] runs) {
        return Arrays.stream(runs).mapToDouble(Throughput.Run::cpuNanosPerOp).toArray();
    }

    private static double[] opsPerSecond(Throughput.Run[] runs) {
        return Arrays.stream(runs).mapToDouble(Throughput.Run::opsPerSecond).toArray();
    }

    private static double[] bytesPerOp(Throughput.Run[] runs) {
        return Arrays.stream(runs).mapToDouble(Throughput.Run::bytesPerOp).toArray();
    }

    private static String describe(Outcome o) {
        return o.verdict + ", " + o.signatures + " signature(s): " + o.details;
    }

    /** DSS's verdict: the worst indication of its signatures (TOTAL_FAILED, then INDETERMINATE). */
    static Outcome outcome(Reports reports) {
        SimpleReport report = reports.getSimpleReport();
        List<String> ids = report.getSignatureIdList();
        if (ids.isEmpty()) {
            return new Outcome("NO_SIGNATURE", 0, "");
        }
        Indication worst = Indication.TOTAL_PASSED;
        for (String id : ids) {
            Indication i = report.getIndication(id);
            if (i == Indication.TOTAL_FAILED || i == Indication.FAILED) {
                worst = Indication.TOTAL_FAILED;
            } else if (i != Indication.TOTAL_PASSED && i != Indication.PASSED && worst != Indication.TOTAL_FAILED) {
                worst = Indication.INDETERMINATE;
            }
        }
        String details = ids.stream()
                .map(id -> report.getIndication(id)
                        + (report.getSubIndication(id) == null ? "" : "/" + report.getSubIndication(id)) + " "
                        + report.getSignatureFormat(id))
                .collect(Collectors.joining(", "));
        return new Outcome(worst.name(), ids.size(), details);
    }

    /** SignDesk's verdict, as its report gives it. */
    static Outcome outcome(VerificationReport report) {
        List<VerificationReport.SignatureReport> signatures =
                report.signatures().stream().filter(s -> !s.documentTimestamp()).toList();
        String details = signatures.stream()
                .map(s -> s.indication()
                        + (s.subIndicationOrNull() == null ? "" : "/" + s.subIndicationOrNull()) + " "
                        + s.levelOrNull() + " " + s.changesAfterSigning())
                .collect(Collectors.joining(", "));
        return new Outcome(report.verdict().name(), signatures.size(), details);
    }
}
