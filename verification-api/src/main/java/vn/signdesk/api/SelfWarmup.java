package vn.signdesk.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.signdesk.signing.PdfInput;
import vn.signdesk.signing.SignOptions;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.SigningKey;

/**
 * A node's warm-up before it reports ready: it signs and verifies documents of its own, in rounds,
 * until its throughput is steady, so that the first requests a load balancer sends it are served at
 * full speed rather than while the JIT compilers still take a core.
 *
 * <p>Why: on two cores, a node that has just started spends about two and a half minutes compiling
 * (DSS, PDFBox and Bouncy Castle are large) while serving at a third to a half of its settled rate
 * (measured with {@code load-tests/run.sh http} and {@code coldstart}).
 *
 * <p>Implementation notes.
 *
 * <ul>
 *   <li>The documents are made in memory: a one-page PDF, signed once (one revision) and twice (two
 *       revisions). In demo mode they are signed with the first profile's key at B-T (the embedded
 *       TSA and the demo responder answer in-process); otherwise with a throwaway key made here, at
 *       B-B: no TSA, no OCSP, no network. Each round signs the page and verifies both documents,
 *       rendering the JSON report, as {@code /v1/sign} and {@code /v1/verify} do. Nothing is recorded
 *       in the audit trail: the work never passes through the HTTP routes.
 *   <li>Rounds of {@link #ROUND} run on {@code threads} threads of their own (the crypto pool's
 *       number). The warm-up ends when both hold: over the last {@link #WINDOW_ROUNDS} rounds the JIT
 *       compilers worked at most {@link #QUIET_SHARE} of the time ({@link CompilationMXBean}, summed
 *       over compiler threads), and the last {@link #STEADY_ROUNDS} rounds' rates are within {@link
 *       #STEADY_SPREAD} of each other. It also ends at {@code max}, whatever it reached.
 *   <li>{@link #progress()} is what {@code /health/ready} shows while it runs.
 * </ul>
 */
public final class SelfWarmup {

    /** The length of one round. */
    static final Duration ROUND = Duration.ofSeconds(2);

    /** The rounds over which compilation is measured (10 s). */
    static final int WINDOW_ROUNDS = 5;

    /** Compilation time over the window, as a share of it, at or below which the compilers count as quiet. */
    static final double QUIET_SHARE = 0.03;

    /** The rounds whose rates must agree. */
    static final int STEADY_ROUNDS = 3;

    /** How far apart the steady rounds' rates may be: highest at most this much above lowest. */
    static final double STEADY_SPREAD = 0.10;

    private static final Logger LOG = LoggerFactory.getLogger(SelfWarmup.class);

    private final SigningRuntime runtime;
    private final int threads;
    private final Duration max;
    private final LongSupplier compileMillis;
    private volatile String progress = "not started";

    /**
     * @param threads how many threads sign and verify at once (the crypto pool's number)
     * @param max when the warm-up ends however far it got; positive
     */
    public SelfWarmup(SigningRuntime runtime, int threads, Duration max) {
        this(runtime, threads, max, compileClock());
    }

    SelfWarmup(SigningRuntime runtime, int threads, Duration max, LongSupplier compileMillis) {
        this.runtime = runtime;
        this.threads = threads;
        this.max = max;
        this.compileMillis = compileMillis;
    }

    /**
     * How a warm-up ended.
     *
     * @param seconds how long it took
     * @param rounds how many rounds it ran
     * @param opsPerSecond the last round's rate (signatures and verifications)
     * @param compileShare the compilers' share of the last window's time
     * @param steady whether it ended because the rate was steady and the compilers quiet (false: at its limit)
     */
    public record Outcome(double seconds, int rounds, double opsPerSecond, double compileShare, boolean steady) {

        /** One line for the log and {@code /health/ready}. */
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "%s after %.0f s (%d rounds): %.0f operations/s, compilers busy %.0f%% of the last %d s",
                    steady ? "steady" : "stopped at its time limit",
                    seconds,
                    rounds,
                    opsPerSecond,
                    compileShare * 100,
                    WINDOW_ROUNDS * ROUND.toSeconds());
        }
    }

    /** Where the warm-up is, in one line for {@code /health/ready}. */
    public String progress() {
        return progress;
    }

    /**
     * Warms up, blocking the calling thread until the rate is steady or {@code max} has passed.
     *
     * @throws IllegalStateException when the runtime fails to sign or verify its own documents
     */
    public Outcome run() {
        long start = System.nanoTime();
        progress = "making its documents";
        Work work = Work.prepare(runtime);
        ExecutorService executor = Executors.newFixedThreadPool(threads, named());
        Deque<Double> rates = new ArrayDeque<>();
        Deque<Long> compileAt = new ArrayDeque<>();
        Deque<Long> wallAt = new ArrayDeque<>();
        compileAt.add(compileMillis.getAsLong());
        wallAt.add(System.nanoTime());
        try {
            int rounds = 0;
            while (true) {
                double rate = round(executor, work);
                rounds++;
                rates.addLast(rate);
                compileAt.addLast(compileMillis.getAsLong());
                wallAt.addLast(System.nanoTime());
                trim(rates, STEADY_ROUNDS);
                trim(compileAt, WINDOW_ROUNDS + 1);
                trim(wallAt, WINDOW_ROUNDS + 1);
                double share =
                        (compileAt.getLast() - compileAt.getFirst()) / ((wallAt.getLast() - wallAt.getFirst()) / 1e6);
                double seconds = (System.nanoTime() - start) / 1e9;
                boolean steady = compileAt.size() > WINDOW_ROUNDS && share <= QUIET_SHARE && steady(rates);
                Outcome outcome = new Outcome(seconds, rounds, rate, share, steady);
                if (steady || seconds >= max.toSeconds()) {
                    progress = outcome.describe();
                    LOG.info("warm-up: {}", outcome.describe());
                    return outcome;
                }
                progress = String.format(
                        Locale.ROOT,
                        "warming up: %.0f of at most %d s, %.0f operations/s, compilers busy %.0f%% of the last %.0f s",
                        seconds,
                        max.toSeconds(),
                        rate,
                        share * 100,
                        (wallAt.getLast() - wallAt.getFirst()) / 1e9);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    /** One round on every thread; the operations per second it managed. */
    private double round(ExecutorService executor, Work work) {
        long begin = System.nanoTime();
        long deadline = begin + ROUND.toNanos();
        AtomicLong done = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            running.add(executor.submit(() -> {
                while (System.nanoTime() < deadline) {
                    work.operation(next.getAndIncrement());
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the warm-up was interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("the warm-up failed to sign or verify its own documents", e.getCause());
            }
        }
        return done.get() / ((System.nanoTime() - begin) / 1e9);
    }

    private static boolean steady(Deque<Double> rates) {
        if (rates.size() < STEADY_ROUNDS) {
            return false;
        }
        double low = rates.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double high = rates.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return low > 0 && high <= low * (1 + STEADY_SPREAD);
    }

    private static <T> void trim(Deque<T> values, int keep) {
        while (values.size() > keep) {
            values.removeFirst();
        }
    }

    private static java.util.concurrent.ThreadFactory named() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "signdesk-warmup-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The JVM's total compilation time in milliseconds; where the JVM does not report it, wall time (always busy: the limit ends the warm-up). */
    private static LongSupplier compileClock() {
        CompilationMXBean bean = ManagementFactory.getCompilationMXBean();
        if (bean == null || !bean.isCompilationTimeMonitoringSupported()) {
            return () -> System.nanoTime() / 1_000_000;
        }
        return bean::getTotalCompilationTime;
    }

    /** The documents and the key of a warm-up, and its operations in turn: sign, verify one revision, verify two. */
    private record Work(
            SigningRuntime runtime, SigningKey key, SignOptions options, byte[] page, byte[] once, byte[] twice) {

        static Work prepare(SigningRuntime runtime) {
            boolean demo = runtime.embeddedTsa().isPresent();
            SigningKey key = demo ? runtime.key(runtime.profiles().iterator().next()) : throwawayKey();
            SignOptions options = SignOptions.invisible(demo ? SignatureLevel.B_T : SignatureLevel.B_B);
            byte[] page = onePage();
            byte[] once = runtime.signer().sign(PdfInput.of(page), key, options);
            byte[] twice = runtime.signer().sign(PdfInput.of(once), key, options);
            return new Work(runtime, key, options, page, once, twice);
        }

        void operation(int n) {
            switch (n % 3) {
                case 0 -> runtime.signer().sign(PdfInput.of(page), key, options);
                case 1 -> verify(once);
                default -> verify(twice);
            }
        }

        private void verify(byte[] pdf) {
            ReportFormat.JSON.render(runtime.verifier().verify(PdfInput.of(pdf)), "vi");
        }
    }

    /** A page of text, as a letter is: a title and forty lines in a standard font. */
    static byte[] onePage() {
        try (PDDocument document = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            try (PDPageContentStream text = new PDPageContentStream(document, page)) {
                text.beginText();
                text.setFont(font, 11);
                text.setLeading(16);
                text.newLineAtOffset(60, 780);
                text.showText("SignDesk warm-up document");
                for (int line = 1; line <= 40; line++) {
                    text.newLine();
                    text.showText(
                            "Line " + line + ": signed and verified by the node itself before it serves requests.");
                }
                text.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("the warm-up page could not be made", e);
        }
    }

    /** An RSA key and a self-signed certificate that exist only in memory, for a day. */
    static SigningKey throwawayKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=SignDesk warm-up (throwaway)");
            long now = System.currentTimeMillis();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name,
                    BigInteger.valueOf(now),
                    new Date(now - 60_000),
                    new Date(now + 86_400_000),
                    name,
                    pair.getPublic());
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return new SigningKey("warm-up", pair.getPrivate(), null, List.of(certificate));
        } catch (NoSuchAlgorithmException | OperatorCreationException | CertificateException e) {
            throw new IllegalStateException("the warm-up key could not be made", e);
        }
    }
}
