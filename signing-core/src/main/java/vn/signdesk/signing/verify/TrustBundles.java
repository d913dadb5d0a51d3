package vn.signdesk.signing.verify;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import vn.signdesk.signing.verify.internal.TrustBundleLoader;

/**
 * The trust bundles SignDesk ships, by name, and the loader of a bundle folder an operator provides.
 * Every file of a bundle is checked against the SHA-256 its manifest lists before anything is
 * trusted ({@link TrustBundleLoader}); a damaged bundle is refused with an
 * {@link IllegalArgumentException} naming the file.
 *
 * <p>{@value #VN}: Vietnam's national root CA (NEAC) and the Government's specialised root CA (Ban Cơ
 * yếu Chính phủ) as anchors, with the CAs under them for chain building; NEAC's unconfirmed 2025-2026
 * roots only when asked for (their fingerprints must first be confirmed on rootca.gov.vn). The files
 * and their provenance are in the bundle's README, next to its certificates.
 */
public final class TrustBundles {

    /** Vietnam's national and Government PKI. */
    public static final String VN = "vn";

    private static final Map<String, String> SHIPPED = new TreeMap<>(
            Map.of(VN, "Vietnam: national root CA (NEAC, rootca.gov.vn) and Government CA (Ban Cơ yếu Chính phủ)"));

    private TrustBundles() {}

    /** The names of the shipped bundles. */
    public static Set<String> names() {
        return SHIPPED.keySet();
    }

    /** Whether a shipped bundle has this name. */
    public static boolean isName(String name) {
        return SHIPPED.containsKey(name);
    }

    /**
     * The shipped bundle of that name.
     *
     * @param includeUnconfirmedRoots also trust the bundle's unconfirmed roots (off unless an operator
     *     has confirmed them)
     * @throws IllegalArgumentException for an unknown name (listing the known ones) or a damaged bundle
     */
    public static TrustBundle named(String name, boolean includeUnconfirmedRoots) {
        String displayName = SHIPPED.get(name);
        if (displayName == null) {
            throw new IllegalArgumentException(
                    "unknown trust bundle '" + name + "': known are " + String.join(", ", SHIPPED.keySet()));
        }
        String base = "bundles/" + name + "/";
        return TrustBundleLoader.load(name, displayName, path -> resource(base + path), includeUnconfirmedRoots);
    }

    /** {@link #VN}: Vietnam's national and Government PKI. */
    public static TrustBundle vn(boolean includeUnconfirmedRoots) {
        return named(VN, includeUnconfirmedRoots);
    }

    /**
     * A bundle from a folder laid out as the shipped ones are: a {@code SHA256SUMS} manifest and the
     * PEM files it lists under {@code roots/}, {@code intermediates/} and {@code unconfirmed-roots/}.
     */
    public static TrustBundle fromFolder(
            String name, String displayName, Path folder, boolean includeUnconfirmedRoots) {
        return TrustBundleLoader.load(
                name,
                displayName,
                path -> {
                    Path file = folder.resolve(path);
                    return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
                },
                includeUnconfirmedRoots);
    }

    private static Optional<byte[]> resource(String path) throws IOException {
        try (InputStream in = TrustBundles.class.getResourceAsStream(path)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        }
    }

    /**
     * A bundle of intermediate certificates alone, for chain building: it anchors nothing. Each entry
     * is named {@code intermediates/<fingerprint>.pem}, as in a bundle folder.
     *
     * @throws IllegalArgumentException when a certificate cannot be encoded
     */
    public static TrustBundle intermediatesOnly(String name, String displayName, List<X509Certificate> intermediates) {
        List<TrustBundle.Entry> entries = new ArrayList<>();
        for (X509Certificate c : intermediates) {
            TrustBundle.Entry e = TrustBundleLoader.entry("", c);
            entries.add(new TrustBundle.Entry("intermediates/" + e.sha256() + ".pem", c, e.sha256(), e.displayName()));
        }
        return new TrustBundle(name, displayName, List.of(), entries, false);
    }
}
