package vn.signdesk.load.http;

import io.vertx.core.buffer.Buffer;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.imageio.ImageIO;
import vn.signdesk.load.BenchmarkPdfs;

/**
 * The HTTP scenarios of the load run and the documents they send: unsigned 1- and 20-page
 * administrative PDFs for {@code /v1/sign}, documents signed by the service under test (B-T, so
 * they verify against its own demo PKI) for {@code /v1/verify}, RFC 3161 queries for {@code /tsa},
 * and the mixed intake of 70 % verification, 20 % signing and 10 % timestamps.
 *
 * <p>Implementation notes. The documents to verify are signed once through the running service
 * before any timing ({@link Documents#prepare}), the five-signature one by five successive
 * {@code /v1/sign} calls with the admin key under the three demo profiles, alternating B-B and B-T.
 * Signing scenarios use the department key, as a department's document system would; verification
 * uses the branch key, as a counter desk would.
 */
final class Scenarios {

    /** Signing levels of the sign scenarios. */
    static final List<String> LEVELS = List.of("B-B", "B-T", "B-LTA");

    private static final String PDF = "application/pdf";
    private static final String TSQ = "application/timestamp-query";
    private static final int TSA_QUERIES = 256;

    private Scenarios() {}

    /** The documents every scenario needs, made once per run. */
    record Documents(
            byte[] onePage, byte[] twentyPages, byte[] signedOnePage, byte[] signedTwentyPages, byte[] fiveSignatures) {

        /**
         * Makes the unsigned documents and has the service sign the ones to verify.
         *
         * @param signer signs a PDF through the service: (pdf, "profile level") to signed PDF, with the admin key
         */
        static Documents prepare(SetupSigner signer) {
            byte[] letterhead = letterheadPng();
            byte[] one = BenchmarkPdfs.document(1, letterhead);
            byte[] twenty = BenchmarkPdfs.document(20, letterhead);
            byte[] five = one;
            String[] profiles = {"department-seal", "branch-copy", "resident-demo", "department-seal", "branch-copy"};
            for (int i = 0; i < profiles.length; i++) {
                five = signer.sign(five, profiles[i], i % 2 == 0 ? "B-B" : "B-T");
            }
            return new Documents(
                    one,
                    twenty,
                    signer.sign(one, "department-seal", "B-T"),
                    signer.sign(twenty, "department-seal", "B-T"),
                    five);
        }
    }

    /** Signs a document through the service under test during set-up. */
    @FunctionalInterface
    interface SetupSigner {
        byte[] sign(byte[] pdf, String profile, String level);
    }

    /**
     * Every scenario, in report order.
     *
     * @param keys the demo credentials by role ({@code department}, {@code branch}, ...)
     */
    static List<Scenario> all(Documents docs, Map<String, String> keys) {
        String department = keys.get("department");
        String branch = keys.get("branch");
        List<Scenario> scenarios = new ArrayList<>();
        for (int pages : new int[] {1, 20}) {
            byte[] pdf = pages == 1 ? docs.onePage() : docs.twentyPages();
            for (String level : LEVELS) {
                scenarios.add(Scenario.of(
                        signId(pages, level),
                        "POST /v1/sign " + pages + "-page " + level + " (department-seal)",
                        sign(pdf, level, department)));
            }
        }
        Call verifyOne = verify(docs.signedOnePage(), branch);
        scenarios.add(Scenario.of("verify-1p", "POST /v1/verify 1-page, 1 signature (B-T)", verifyOne));
        scenarios.add(Scenario.of(
                "verify-20p", "POST /v1/verify 20-page, 1 signature (B-T)", verify(docs.signedTwentyPages(), branch)));
        scenarios.add(Scenario.of(
                "verify-5sig", "POST /v1/verify 1-page, 5 signatures", verify(docs.fiveSignatures(), branch)));
        List<Call> timestamps = timestampCalls();
        scenarios.add(new Scenario(
                "tsa",
                "POST /tsa RFC 3161 query (SHA-256, certReq)",
                n -> timestamps.get((int) (n % timestamps.size()))));
        Call signMixed = sign(docs.onePage(), "B-T", department);
        scenarios.add(new Scenario("mixed", "intake mix: 70 % verify 1-page, 20 % sign 1-page B-T, 10 % /tsa", n -> {
            int slot = (int) (n % 10);
            if (slot < 7) {
                return verifyOne;
            }
            return slot < 9 ? signMixed : timestamps.get((int) ((n / 10) % timestamps.size()));
        }));
        return scenarios;
    }

    /** The identifier of a sign scenario, e.g. {@code sign-1p-B-B}. */
    static String signId(int pages, String level) {
        return "sign-" + pages + "p-" + level;
    }

    /** Scenarios of the given identifiers, in the given order. */
    static List<Scenario> select(List<Scenario> all, List<String> ids) {
        Map<String, Scenario> byId =
                all.stream().collect(java.util.stream.Collectors.toMap(Scenario::id, Function.identity()));
        List<Scenario> out = new ArrayList<>();
        for (String id : ids) {
            Scenario s = byId.get(id);
            if (s == null) {
                throw new IllegalArgumentException("unknown scenario '" + id + "': known are "
                        + String.join(", ", all.stream().map(Scenario::id).toList()));
            }
            out.add(s);
        }
        return out;
    }

    private static Call sign(byte[] pdf, String level, String key) {
        return new Call(
                "sign",
                "/v1/sign?profile=department-seal&level=" + level,
                PDF,
                Buffer.buffer(pdf),
                key,
                Call.signedPdf(pdf.length));
    }

    private static Call verify(byte[] signedPdf, String key) {
        return new Call("verify", "/v1/verify", PDF, Buffer.buffer(signedPdf), key, Call.passedReport());
    }

    private static List<Call> timestampCalls() {
        return TimestampQueries.create(TSA_QUERIES).stream()
                .map(q -> new Call("tsa", "/tsa", TSQ, Buffer.buffer(q), null, Call.grantedTimestamp()))
                .toList();
    }

    /** A small red seal-like PNG for the letterhead, drawn in memory. */
    static byte[] letterheadPng() {
        BufferedImage image = new BufferedImage(160, 160, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(200, 30, 30));
            g.fillOval(8, 8, 144, 144);
            g.setColor(Color.WHITE);
            g.fillOval(28, 28, 104, 104);
            g.setColor(new Color(200, 30, 30));
            g.drawString(String.format(Locale.ROOT, "%s", "SignDesk"), 52, 84);
        } finally {
            g.dispose();
        }
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
