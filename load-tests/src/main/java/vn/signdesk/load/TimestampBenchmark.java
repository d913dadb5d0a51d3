package vn.signdesk.load;

import java.io.PrintStream;
import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampTokenGenerator;
import vn.signdesk.pki.DemoPki;
import vn.signdesk.signing.internal.NativeRsa;
import vn.signdesk.signing.tsa.EmbeddedTimestampAuthority;

/**
 * In-process throughput of the embedded timestamp authority answering DER {@code TimeStampReq}s
 * (what {@code POST /tsa} does behind HTTP), beside the bare RSA signature it cannot avoid, with the
 * JDK provider and with the native one: the floor and the ceiling of what {@code /tsa} can reach.
 *
 * <p>Implementation notes. The demo PKI's TSA key (RSA-2048) signs; before timing one reply is parsed
 * with Bouncy Castle and must be granted and validate against the TSA certificate. Each row is the
 * median of the timed iterations after a warm-up, as in the other benchmarks.
 *
 * <p>Usage: {@code TimestampBenchmark [--quick] [--threads 1,2]}.
 */
public final class TimestampBenchmark {

    private TimestampBenchmark() {}

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        List<Integer> threads = List.of(1, 2);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--threads") && i + 1 < args.length) {
                threads = Arrays.stream(args[++i].split(","))
                        .map(Integer::parseInt)
                        .toList();
            } else if (!args[i].equals("--quick")) {
                System.err.println("unknown option " + args[i] + "; use --quick, --threads 1,2");
                System.exit(1);
            }
        }
        double warmup = quick ? 0.5 : 3;
        int iterations = quick ? 2 : 5;
        double seconds = quick ? 0.5 : 2;
        PrintStream out = System.out;
        Throughput.printHeader(out, "timestamp authority", warmup, iterations, seconds);

        DemoPki pki = DemoPki.createInMemory(URI_BASE, Clock.systemUTC());
        EmbeddedTimestampAuthority tsa = new EmbeddedTimestampAuthority(
                pki.tsa().privateKey(),
                pki.tsa().chain(),
                "1.3.6.1.4.1.55555.1.1",
                Duration.ofSeconds(1),
                Clock.systemUTC());
        byte[][] requests = requests(256);
        TimeStampResponse check = new TimeStampResponse(tsa.respond(requests[0]));
        check.validate(new TimeStampRequest(requests[0]));
        if (check.getStatus() != 0 || check.getTimeStampToken() == null) {
            System.err.println("the embedded TSA did not grant a token: no timing");
            System.exit(2);
        }
        check.getTimeStampToken()
                .validate(new org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder()
                        .build(pki.tsa().certificate()));
        out.println("reply checked: granted, token validates against the TSA certificate");

        PrivateKey jdkKey = pki.tsa().privateKey();
        PrivateKey nativeKeyOrNull =
                NativeRsa.translate(jdkKey, pki.tsa().certificate()).orElse(null);
        byte[] data = new byte[256];
        new SecureRandom().nextBytes(data);
        AtomicLong n = new AtomicLong();
        int maxThreads = threads.stream().mapToInt(Integer::intValue).max().orElse(1);
        ExecutorService pool = Throughput.pool(maxThreads);
        out.println("operation                         threads       ops/s");
        try {
            for (int t : threads) {
                row(
                        out,
                        "TSA respond(TimeStampReq)",
                        t,
                        pool,
                        () -> tsa.respond(requests[(int) (n.getAndIncrement() & 255)]),
                        warmup,
                        iterations,
                        seconds);
                TimeStampTokenGenerator bc = bouncyCastleGenerator(pki);
                row(
                        out,
                        "BC TimeStampTokenGenerator, JDK",
                        t,
                        pool,
                        () -> {
                            synchronized (bc) {
                                byte[] q = requests[(int) (n.getAndIncrement() & 255)];
                                bc.generate(new TimeStampRequest(q), BigInteger.valueOf(n.get()), new Date())
                                        .getEncoded();
                            }
                        },
                        warmup,
                        iterations,
                        seconds);
                row(
                        out,
                        "RSA-2048 SHA256withRSA, JDK",
                        t,
                        pool,
                        () -> sign(Signature.getInstance("SHA256withRSA"), jdkKey, data),
                        warmup,
                        iterations,
                        seconds);
                if (nativeKeyOrNull != null) {
                    row(
                            out,
                            "RSA-2048 SHA256withRSA, native",
                            t,
                            pool,
                            () -> sign(
                                    Signature.getInstance(
                                            "SHA256withRSA",
                                            NativeRsa.provider().orElseThrow()),
                                    nativeKeyOrNull,
                                    data),
                            warmup,
                            iterations,
                            seconds);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.exit(0);
    }

    private static final java.net.URI URI_BASE = java.net.URI.create("http://pki.signdesk.test");

    private static void row(
            PrintStream out,
            String name,
            int threads,
            ExecutorService pool,
            Throughput.Operation op,
            double warmup,
            int iterations,
            double seconds)
            throws Exception {
        Throughput.measure(pool, op, threads, warmup);
        double[] runs = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            runs[i] = Throughput.measure(pool, op, threads, seconds).opsPerSecond();
        }
        out.printf(
                Locale.ROOT,
                "%-33s %7d %11.0f   runs %s%n",
                name,
                threads,
                Throughput.median(runs),
                Arrays.toString(Throughput.round(runs)));
    }

    /**
     * The token generator the embedded TSA used before it encoded tokens itself: Bouncy Castle's
     * CMS generator with the JDK's RSA, certificates included. Not thread-safe, so one per row and
     * used under its lock: at two threads this row shows one thread's rate.
     */
    private static TimeStampTokenGenerator bouncyCastleGenerator(DemoPki pki) throws Exception {
        DigestCalculatorProvider digests = new JcaDigestCalculatorProviderBuilder().build();
        TimeStampTokenGenerator g = new TimeStampTokenGenerator(
                new JcaSignerInfoGeneratorBuilder(digests)
                        .build(
                                new JcaContentSignerBuilder("SHA256withRSA")
                                        .build(pki.tsa().privateKey()),
                                pki.tsa().certificate()),
                digests.get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                new ASN1ObjectIdentifier("1.3.6.1.4.1.55555.1.1"),
                true);
        g.setAccuracySeconds(1);
        g.addCertificates(new JcaCertStore(pki.tsa().chain().subList(0, 2)));
        return g;
    }

    private static void sign(Signature s, PrivateKey key, byte[] data) throws Exception {
        s.initSign(key);
        s.update(data);
        s.sign();
    }

    private static byte[][] requests(int count) throws Exception {
        SecureRandom random = new SecureRandom();
        byte[][] out = new byte[count][];
        for (int i = 0; i < count; i++) {
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            TimeStampRequestGenerator g = new TimeStampRequestGenerator();
            g.setCertReq(true);
            out[i] = g.generate(TSPAlgorithms.SHA256, digest, new BigInteger(63, random))
                    .getEncoded();
        }
        return out;
    }
}
