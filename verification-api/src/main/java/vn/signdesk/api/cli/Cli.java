package vn.signdesk.api.cli;

import eu.europa.esig.dss.spi.tsl.TrustedListsCertificateSource;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import vn.signdesk.api.CallbackSecret;
import vn.signdesk.api.ReportFormat;
import vn.signdesk.api.SignDeskConfig;
import vn.signdesk.api.SigningProfile;
import vn.signdesk.api.SigningRuntime;
import vn.signdesk.api.http.ServeCommand;
import vn.signdesk.api.store.ChainCheck;
import vn.signdesk.api.store.Store;
import vn.signdesk.api.store.StoreException;
import vn.signdesk.api.store.StoreNotFoundException;
import vn.signdesk.ocr.OcrConfig;
import vn.signdesk.ocr.OcrException;
import vn.signdesk.ocr.OcrFailedException;
import vn.signdesk.ocr.OcrInput;
import vn.signdesk.ocr.OcrOptions;
import vn.signdesk.ocr.OcrResult;
import vn.signdesk.ocr.ProgressListener;
import vn.signdesk.ocr.TesseractOcr;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.SignDeskException;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.SigningKey;
import vn.signdesk.signing.keys.Pkcs12Keys;
import vn.signdesk.signing.verify.SignatureVerifier;
import vn.signdesk.signing.verify.TrustAnchors;
import vn.signdesk.signing.verify.TrustBundle;
import vn.signdesk.signing.verify.TrustBundles;
import vn.signdesk.signing.verify.VerificationReport;

/**
 * The {@code signdesk} command line (CONTRACT.md, "Commands"). Exit codes: 0 success, 1 a usage or
 * input error (message on stderr, no stack trace), 2 an internal failure.
 *
 * <p>In demo mode no service needs to run: the demo PKI's certificate checks are answered
 * in-process and timestamps come from the embedded TSA ({@link SigningRuntime#demo}).
 */
public final class Cli {

    static final String USAGE =
            """
            usage: signdesk [--verbose] COMMAND [OPTIONS]

              serve                                    start the HTTP service
              pki init [--dir DIR]                     write the demo PKI (default DATA_DIR/pki)
              sign (--profile NAME | --p12 FILE --password PW) --level B-B|B-T|B-LT|B-LTA [--visible]
                   [--pdf-password PW] IN.pdf OUT.pdf  sign a PDF
              timestamp [--pdf-password PW] IN.pdf OUT.pdf
                                                       add a document timestamp
              extend --level B-T|B-LT|B-LTA [--pdf-password PW] IN.pdf OUT.pdf
                                                       extend the signatures of a signed PDF
              verify [--format json|etsi|html|pdf] [--lang vi|en] [--trust vn|PEM|TL.xml]... [--tl-signer PEM]...
                     [--tl-copy URL=FILE]... [--pdf-password PW] IN.pdf
                                                       print a verification report (exit 0 whatever its verdict);
                                                       --trust takes a trust bundle's name (vn: Vietnam's national
                                                       and Government PKI), PEM files or folders, or an ETSI
                                                       trusted list or list of trusted lists (XML, read offline)
                                                       whose signature must hold under a --tl-signer certificate;
                                                       --tl-copy gives the local file of a TL a LOTL points to
              audit verify                             check the audit trail (DATA_DIR, or SIGNDESK_STORE_URL): exit 0 intact,
                                                       1 broken (the first broken record is printed)
              callbacks secret                         print the secret that signs job completion callbacks
                                                       (X-SignDesk-Signature), for their receivers; created
                                                       on first use, shared by every node of the store
              config check                             load the configuration, open every key, reach every
                                                       timestamp authority: one line per problem, exit 0 or 1
              config keys                              every setting: key, variable, default, meaning
              ocr [--lang vie+eng] IN OUT.pdf [--text OUT.txt]
                                                       OCR a scan (PDF, TIFF, PNG, JPEG) into a searchable
                                                       PDF/A-2b; progress on stderr
              keys add --name NAME --role ROLE [--role ROLE]... [--expires YYYY-MM-DD]
                                                       add an API key to credentials.apiKeysFile and print
                                                       it once on stdout (only its salted hash is kept);
                                                       it works through the --expires day (UTC+07:00)
              keys list                                names, ids, roles, creation and last days of the keys
              keys revoke NAME                         remove a key; a running service drops it within
                                                       about a second
              tsa serve --p12 FILE --password-file FILE --port N [--host 127.0.0.1] [--policy OID]
                                                       a standalone RFC 3161 timestamp authority with its
                                                       own key: POST /tsa (application/timestamp-query)

            errors are one line on stderr; --verbose also shows the libraries' logging and, for an
            internal failure, its stack trace.
            settings come from defaults, then the YAML file named by SIGNDESK_CONFIG, then the
            environment: SIGNDESK_DATA_DIR (./data), SIGNDESK_MODE (demo), SIGNDESK_PUBLIC_URL
            (http://localhost:PORT), SIGNDESK_HTTP_PORT (8080), SIGNDESK_LOG_FORMAT (text),
            SIGNDESK_AUDIT_TIMESTAMP_INTERVAL (60 seconds), SIGNDESK_TLS_*, SIGNDESK_API_KEYS_FILE
            """;

    private static final String VERBOSE = "--verbose";

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    public Cli(Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        this.env = env;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** Runs one command line and returns its exit code; never throws. */
    public int run(List<String> arguments) {
        boolean verbose = arguments.contains(VERBOSE);
        List<String> args = arguments.stream().filter(a -> !a.equals(VERBOSE)).toList();
        // the services (serve, tsa serve) log as services do; other commands print one line at most
        boolean serve =
                !args.isEmpty() && (args.get(0).equals("serve") || args.get(0).equals("tsa") && args.contains("serve"));
        try (LibraryLogging logging = verbose || serve ? LibraryLogging.unchanged() : LibraryLogging.silenced()) {
            return run(args, verbose);
        }
    }

    private int run(List<String> args, boolean verbose) {
        try {
            if (args.isEmpty() || Set.of("-h", "--help", "help").contains(args.get(0))) {
                out.print(USAGE);
                return args.isEmpty() ? 1 : 0;
            }
            SignDeskConfig config = SignDeskConfig.fromEnvironment(env);
            List<String> rest = args.subList(1, args.size());
            return switch (args.get(0)) {
                case "pki" -> pki(config, rest);
                case "sign" -> sign(config, rest);
                case "timestamp" -> timestamp(config, rest);
                case "extend" -> extend(config, rest);
                case "verify" -> verify(config, rest);
                case "serve" -> ServeCommand.run(config, clock, env, out, err);
                case "audit" -> audit(config, rest);
                case "callbacks" -> callbacks(config, rest);
                case "ocr" -> ocr(rest);
                case "config" -> new ConfigCommand(env, out, clock).run(config, rest);
                case "keys" -> new KeysCommand(out, err, clock).run(config, rest);
                case "tsa" -> new TsaCommand(out, err, clock).run(rest);
                default -> throw new UsageException("unknown command '" + args.get(0) + "'");
            };
        } catch (UsageException e) {
            err.println("signdesk: " + e.getMessage() + " (signdesk --help shows the usage)");
            return 1;
        } catch (IllegalArgumentException e) {
            // a configuration holds one problem per line
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            message.lines().forEach(line -> err.println("signdesk: " + line));
            return 1;
        } catch (SignDeskException e) {
            err.println("signdesk: " + e.getMessage());
            return isInputError(e) ? 1 : 2;
        } catch (OcrException e) {
            err.println("signdesk: " + e.getMessage());
            return e instanceof OcrFailedException ? 2 : 1;
        } catch (StoreException e) {
            // names the database file and what failed, never a secret
            err.println("signdesk: " + e.getMessage());
            return 2;
        } catch (RuntimeException | Error e) {
            boolean details = verbose || env.containsKey("SIGNDESK_DEBUG");
            err.println("signdesk: internal failure: " + e.getClass().getSimpleName()
                    + (details ? "" : " (--verbose shows the details)"));
            if (details) {
                e.printStackTrace(err);
            }
            return 2;
        }
    }

    private int pki(SignDeskConfig config, List<String> args) {
        if (args.isEmpty() || !args.get(0).equals("init")) {
            throw new UsageException("expected 'pki init'");
        }
        Args a = Args.parse(args.subList(1, args.size()), Set.of("dir"), Set.of());
        a.positional(0, "no positional argument");
        Path dir = a.option("dir").map(Path::of).orElse(config.pkiDir()).toAbsolutePath();
        DemoPki pki = DemoPki.loadOrCreate(dir, config.publicUrl(), clock);
        out.println("demo PKI in " + dir);
        out.println("  root CA:     " + pki.rootCa().getSubjectX500Principal().getName());
        out.println(
                "  issuing CA:  " + pki.issuingCa().getSubjectX500Principal().getName());
        out.println("  PKCS#12 files use the password '" + DemoPki.PASSWORD + "'; certificate URLs start with "
                + pki.publicUrl());
        return 0;
    }

    private int sign(SignDeskConfig config, List<String> args) {
        Args a = Args.parse(args, Set.of("profile", "p12", "password", "level", "pdf-password"), Set.of("visible"));
        List<String> files = a.positional(2, "IN.pdf OUT.pdf");
        SignatureLevel level = SignatureLevel.parse(a.required("level"));
        PdfInput in = read(files.get(0), a);
        SigningRuntime runtime = SigningRuntime.of(config, clock, env);
        SigningKey key;
        SigningProfile profile = null;
        if (a.option("profile").isPresent()) {
            if (a.option("p12").isPresent()) {
                throw new UsageException("give either --profile or --p12, not both");
            }
            profile = runtime.profile(a.required("profile"));
            key = runtime.key(profile);
        } else if (a.option("p12").isPresent()) {
            key = Pkcs12Keys.open(
                    Path.of(a.required("p12")),
                    a.required("password").toCharArray(),
                    null,
                    Path.of(a.required("p12")).getFileName().toString());
        } else {
            throw new UsageException("give --profile NAME or --p12 FILE --password PW");
        }
        byte[] signed = runtime.signer().sign(in, key, runtime.options(profile, key, level, a.flag("visible")));
        write(files.get(1), signed);
        return 0;
    }

    private int timestamp(SignDeskConfig config, List<String> args) {
        Args a = Args.parse(args, Set.of("pdf-password"), Set.of());
        List<String> files = a.positional(2, "IN.pdf OUT.pdf");
        PdfInput in = read(files.get(0), a);
        write(files.get(1), SigningRuntime.of(config, clock, env).signer().timestamp(in));
        return 0;
    }

    private int extend(SignDeskConfig config, List<String> args) {
        Args a = Args.parse(args, Set.of("level", "pdf-password"), Set.of());
        List<String> files = a.positional(2, "IN.pdf OUT.pdf");
        SignatureLevel level = SignatureLevel.parse(a.required("level"));
        PdfInput in = read(files.get(0), a);
        write(files.get(1), SigningRuntime.of(config, clock, env).signer().extend(in, level));
        return 0;
    }

    private int verify(SignDeskConfig config, List<String> args) {
        Args a = Args.parse(args, Set.of("format", "lang", "trust", "tl-signer", "tl-copy", "pdf-password"), Set.of());
        List<String> files = a.positional(1, "IN.pdf");
        ReportFormat format = ReportFormat.parse(a.option("format").orElse(null));
        String lang = a.option("lang").orElse("vi");
        PdfInput in = read(files.get(0), a);
        SigningRuntime runtime = SigningRuntime.of(config, clock, env);
        // a bundle's name (vn) names a shipped trust bundle; anything else is a file or folder
        List<TrustBundle> bundles = a.all("trust").stream()
                .filter(TrustBundles::isName)
                .map(name -> TrustBundles.named(name, false))
                .toList();
        List<Path> trust = a.all("trust").stream()
                .filter(t -> !TrustBundles.isName(t))
                .map(Path::of)
                .toList();
        List<Path> pems =
                trust.stream().filter(p -> !TrustAnchors.isTrustedList(p)).toList();
        List<TrustedListsCertificateSource> lists =
                trustedLists(trust.stream().filter(TrustAnchors::isTrustedList).toList(), a);
        SignatureVerifier verifier =
                a.all("trust").isEmpty() ? runtime.verifier() : runtime.verifierTrusting(pems, lists, bundles);
        VerificationReport report = verifier.verify(in, format.options());
        byte[] rendered = format.render(report, lang);
        out.write(rendered, 0, rendered.length);
        if (format != ReportFormat.PDF) {
            out.println();
        }
        out.flush();
        return 0;
    }

    /**
     * {@code audit verify}: checks every record's hash and link and every head timestamp token of
     * the audit trail in the configured store (the data directory's SQLite file, or the PostgreSQL
     * database of {@code store.url}), read-only (the service may be running). Head
     * timestamps must come from the demo TSA when its certificate is in {@code DATA_DIR/pki}.
     */
    private int audit(SignDeskConfig config, List<String> args) {
        if (args.isEmpty() || !args.get(0).equals("verify")) {
            throw new UsageException("expected 'audit verify'");
        }
        Args.parse(args.subList(1, args.size()), Set.of(), Set.of()).positional(0, "no positional argument");
        List<X509Certificate> trusted = new ArrayList<>();
        Path tsaPem = config.pkiDir().resolve("tsa.pem");
        if (Files.isRegularFile(tsaPem)) {
            trusted.add(certificate(tsaPem));
        }
        ChainCheck check;
        try {
            check = Store.verifyAudit(config.store(), config.dataDir(), trusted);
        } catch (StoreNotFoundException e) {
            throw new IllegalArgumentException(
                    e.getMessage() + " (set SIGNDESK_DATA_DIR to the service's data directory)");
        }
        String stamped = check.lastTimestampedSeqOrNull() == null
                ? "no record timestamped"
                : "timestamped up to record " + check.lastTimestampedSeqOrNull()
                        + (trusted.isEmpty() ? " (TSA not pinned: no " + tsaPem + ")" : " by the TSA in " + tsaPem);
        if (check.intact()) {
            out.println("audit trail intact: " + check.records() + " records, " + stamped);
            return 0;
        }
        out.println("audit trail BROKEN at record " + check.firstBrokenSeqOrNull() + ": " + check.reasonOrNull());
        out.println("(" + check.records() + " records, " + stamped + ")");
        return 1;
    }

    /**
     * {@code callbacks secret}: prints the store's callback signing secret (creating it when no node
     * has yet), which a receiver needs to check {@code X-SignDesk-Signature}.
     */
    private int callbacks(SignDeskConfig config, List<String> args) {
        if (args.size() != 1 || !args.get(0).equals("secret")) {
            throw new UsageException("expected 'callbacks secret'");
        }
        try {
            out.println(callbackSecret(config));
        } catch (StoreNotFoundException e) {
            throw new IllegalArgumentException(
                    e.getMessage() + " (set SIGNDESK_DATA_DIR to the service's data directory)");
        }
        return 0;
    }

    private String callbackSecret(SignDeskConfig config) {
        return Store.withSecrets(config.store(), config.dataDir(), clock, CallbackSecret::of)
                .text();
    }

    private static X509Certificate certificate(Path pem) {
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("cannot read the TSA certificate " + pem);
        }
    }

    /**
     * The trusted lists and lists of trusted lists among the {@code --trust} files, each checked
     * against every {@code --tl-signer} certificate; a LOTL's TLs come from the {@code --tl-copy} files.
     */
    private static List<TrustedListsCertificateSource> trustedLists(List<Path> files, Args a) {
        if (files.isEmpty()) {
            if (!a.all("tl-signer").isEmpty() || !a.all("tl-copy").isEmpty()) {
                throw new UsageException("--tl-signer and --tl-copy go with a trusted list given to --trust");
            }
            return List.of();
        }
        List<X509Certificate> signers = new ArrayList<>();
        a.all("tl-signer").forEach(p -> signers.addAll(TrustAnchors.fromPem(Path.of(p))));
        if (signers.isEmpty()) {
            throw new UsageException("a trusted list given to --trust needs its signing certificate: --tl-signer PEM");
        }
        Map<String, Path> copies = new LinkedHashMap<>();
        for (String c : a.all("tl-copy")) {
            int eq = c.lastIndexOf('=');
            if (eq <= 0 || eq == c.length() - 1) {
                throw new UsageException("--tl-copy expects URL=FILE, got '" + c + "'");
            }
            copies.put(c.substring(0, eq), Path.of(c.substring(eq + 1)));
        }
        List<TrustedListsCertificateSource> out = new ArrayList<>();
        for (Path f : files) {
            out.add(
                    TrustAnchors.isListOfTrustedLists(f)
                            ? TrustAnchors.fromListOfTrustedLists(f, copies, signers)
                            : TrustAnchors.fromTrustedList(f, signers));
        }
        return out;
    }

    /**
     * {@code ocr}: the scan to a searchable PDF/A-2b (and its text with {@code --text}), with a
     * progress bar on stderr. Needs no service and no data directory.
     */
    private int ocr(List<String> args) {
        Args a = Args.parse(args, Set.of("lang", "text"), Set.of());
        List<String> files = a.positional(2, "IN OUT.pdf");
        OcrOptions options = OcrOptions.defaults();
        if (a.option("lang").isPresent()) {
            options = options.withLanguages(a.required("lang"));
        }
        Path in = Path.of(files.get(0));
        OcrInput input = OcrInput.of(
                io(() -> Files.readAllBytes(in), "cannot read " + files.get(0)),
                in.getFileName().toString());
        if ("application/pdf".equals(input.mediaTypeOrNull())) {
            SigningRuntime.DOCUMENT_LIMITS.readBudget().check(input.bytes());
        }
        OcrResult result;
        try (TesseractOcr ocr = TesseractOcr.start(OcrConfig.defaults())) {
            ProgressBar bar = new ProgressBar(err);
            result = ocr.ocr(input, options, bar);
            bar.finish();
        }
        write(files.get(1), result.searchablePdfA());
        if (a.option("text").isPresent()) {
            write(a.required("text"), result.text().getBytes(StandardCharsets.UTF_8));
        }
        err.printf(
                Locale.ROOT,
                "signdesk: %d page(s), mean confidence %.0f, PDF/A-%db written to %s%n",
                result.pages().size(),
                result.meanConfidence(),
                result.pdfaPart(),
                files.get(1));
        return 0;
    }

    /** A one-line progress bar on stderr, redrawn in place; called from the OCR worker threads. */
    private static final class ProgressBar implements ProgressListener {
        private static final int WIDTH = 30;
        private final PrintStream err;
        private int lastDone = -1;

        ProgressBar(PrintStream err) {
            this.err = err;
        }

        @Override
        public synchronized void progress(int pagesDone, int pagesTotal) {
            if (pagesDone <= lastDone) {
                return;
            }
            lastDone = pagesDone;
            int filled = pagesTotal == 0 ? WIDTH : pagesDone * WIDTH / pagesTotal;
            err.print("\rOCR [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + pagesDone + "/" + pagesTotal
                    + " pages");
            err.flush();
        }

        synchronized void finish() {
            err.println();
        }
    }

    private static boolean isInputError(SignDeskException e) {
        return switch (e.kind()) {
            case "invalid-document",
                    "unsupported-document",
                    "document-too-complex",
                    "invalid-request",
                    "key-unavailable" -> true;
            default -> false;
        };
    }

    /** The PDF, refused at once when it is over the read budget (before the runtime is built, which takes seconds). */
    private static PdfInput read(String file, Args a) {
        byte[] bytes = io(() -> Files.readAllBytes(Path.of(file)), "cannot read " + file);
        PdfInput input = PdfInput.withPassword(bytes, a.option("pdf-password").orElse(null));
        SigningRuntime.DOCUMENT_LIMITS.readBudget().check(input.bytes(), input.passwordOrNull());
        return input;
    }

    /** Writes beside the target and moves into place, so a failure never leaves half a PDF. */
    private static void write(String file, byte[] bytes) {
        Path target = Path.of(file).toAbsolutePath();
        io(
                () -> {
                    Path tmp = Files.createTempFile(target.getParent(), ".signdesk", ".part");
                    try {
                        Files.write(tmp, bytes);
                        return Files.move(
                                tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Files.deleteIfExists(tmp);
                    }
                },
                "cannot write " + file);
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private static <T> T io(IoCall<T> call, String message) {
        try {
            return call.call();
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(message + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(message + ": " + e.getClass().getSimpleName());
        }
    }
}
