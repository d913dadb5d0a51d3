package vn.signdesk.api.config;

import java.nio.file.Path;
import java.util.List;

/**
 * How a profile's visible signatures look ({@code profiles.NAME.appearance}), per Decree 30/2020.
 *
 * @param kind seal (signer image, seal image and text), signature (text), copy stamp, or none
 *     (a profile without a visible appearance)
 * @param signerImageOrNull a PNG of the signer's signature (blue, transparent background)
 * @param sealImageOrNull a PNG of the organisation's seal (red)
 * @param sealDiameterMm the seal's real diameter
 * @param lines up to two lines replacing the signer's name and organisation taken from the
 *     certificate; empty to take both from the certificate
 * @param page the page of the signature box (1 is the first)
 * @param xMm the box's left edge, from the page's left, in millimetres
 * @param yMm the box's top edge, from the page's top, in millimetres
 * @param widthMm the box's width
 * @param heightMm the box's height
 */
public record AppearanceSettings(
        Kind kind,
        Path signerImageOrNull,
        Path sealImageOrNull,
        double sealDiameterMm,
        List<String> lines,
        int page,
        double xMm,
        double yMm,
        double widthMm,
        double heightMm) {

    /** What a visible signature of the profile shows. */
    public enum Kind {
        SEAL,
        SIGNATURE,
        COPY_STAMP,
        NONE
    }

    static final Setting<Kind> KIND = Setting.of(
            "appearance.kind", Kind.SIGNATURE, Parsers.oneOf(Kind.class), "seal, signature, copy-stamp or none");
    static final Setting<Path> SIGNER_IMAGE =
            Setting.of("appearance.signerImage", null, Parsers::file, "PNG of the signer's signature (seal kind)");
    static final Setting<Path> SEAL_IMAGE =
            Setting.of("appearance.sealImage", null, Parsers::file, "PNG of the seal (seal kind)");
    static final Setting<Double> SEAL_DIAMETER = Setting.of(
            "appearance.sealDiameterMm", 40.0, (raw, c) -> Parsers.positive(raw, c), "the seal's real diameter in mm");
    static final Setting<List<String>> LINES = Setting.of(
            "appearance.lines",
            List.of(),
            Parsers.listOf(Parsers::string),
            "up to two lines replacing the signer's name and organisation");
    static final Setting<Integer> PAGE =
            Setting.of("appearance.placement.page", 1, Parsers.wholeInt(1, 100_000), "the page of the signature box");
    static final Setting<Double> X = Setting.of(
            "appearance.placement.xMm", 100.0, AppearanceSettings::mm, "the box's left edge from the page's left, mm");
    static final Setting<Double> Y = Setting.of(
            "appearance.placement.yMm", 200.0, AppearanceSettings::mm, "the box's top edge from the page's top, mm");
    static final Setting<Double> WIDTH =
            Setting.of("appearance.placement.widthMm", 100.0, AppearanceSettings::mm, "the box's width, mm");
    static final Setting<Double> HEIGHT =
            Setting.of("appearance.placement.heightMm", 62.0, AppearanceSettings::mm, "the box's height, mm");

    /** The settings of an appearance, in documentation order. */
    static final List<Setting<?>> SETTINGS =
            List.of(KIND, SIGNER_IMAGE, SEAL_IMAGE, SEAL_DIAMETER, LINES, PAGE, X, Y, WIDTH, HEIGHT);

    public AppearanceSettings {
        lines = List.copyOf(lines);
    }

    static AppearanceSettings read(Section s) {
        Kind kind = s.get(KIND);
        Path signer = s.get(SIGNER_IMAGE);
        Path seal = s.get(SEAL_IMAGE);
        if (kind == Kind.SEAL && (signer == null || seal == null) && !s.isSet(SIGNER_IMAGE) && !s.isSet(SEAL_IMAGE)) {
            s.problem(KIND, "a seal appearance needs appearance.signerImage and appearance.sealImage (PNG files)");
        }
        List<String> lines = s.get(LINES);
        if (lines.size() > 2) {
            s.problem(LINES, "at most two lines (the signer's name, the organisation)");
        }
        return new AppearanceSettings(
                kind,
                signer,
                seal,
                s.get(SEAL_DIAMETER),
                lines,
                s.get(PAGE),
                s.get(X),
                s.get(Y),
                s.get(WIDTH),
                s.get(HEIGHT));
    }

    private static double mm(Object raw, ParseContext c) {
        try {
            double d = Double.parseDouble(Parsers.text(raw));
            if (d >= 0 && d <= 2000) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("is not a length in mm (0-2000)");
    }
}
