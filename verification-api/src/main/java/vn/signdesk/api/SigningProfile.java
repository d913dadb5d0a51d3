package vn.signdesk.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import vn.signdesk.signing.SignatureLevel;
import vn.signdesk.signing.appearance.Placement;

/**
 * A named way of signing: which default level, which appearance, which reason and location, and
 * which channel roles may use it. Holds no secret and no key: the runtime's {@link ProfileKeys}
 * open the key from their own configuration.
 *
 * @param name the profile name used by channels and the command line, e.g. {@code department-seal}
 * @param defaultLevel the level used when a request names none
 * @param look how a visible signature of this profile looks
 * @param reasonOrNull the /Reason of its signatures
 * @param locationOrNull the /Location of its signatures
 * @param roles the channel roles allowed to use the profile
 */
public record SigningProfile(
        String name,
        SignatureLevel defaultLevel,
        Look look,
        String reasonOrNull,
        String locationOrNull,
        Set<String> roles) {

    /** The visible appearance of a profile's signatures, per Decree 30/2020. */
    public enum Appearance {
        /** Signer image, seal image and text lines. */
        SEAL,
        /** Signer text lines only. */
        SIGNATURE,
        /** The copy/attachment stamp: top right of page one, text only. */
        COPY_STAMP,
        /** No visible appearance: a visible request is signed invisibly. */
        NONE
    }

    /**
     * How a visible signature looks.
     *
     * @param kind the appearance
     * @param signerImagePng the signer's image (seal kind), or empty
     * @param sealImagePng the seal's image (seal kind), or empty
     * @param sealDiameterMm the seal's real diameter
     * @param lines up to two lines replacing the signer's name and organisation of the certificate
     * @param placement where the signature box goes
     */
    public record Look(
            Appearance kind,
            Optional<byte[]> signerImagePng,
            Optional<byte[]> sealImagePng,
            double sealDiameterMm,
            List<String> lines,
            Placement placement) {

        public Look {
            Objects.requireNonNull(kind, "kind");
            lines = List.copyOf(lines);
            Objects.requireNonNull(placement, "placement");
        }

        /** A look without images at the given place. */
        public static Look of(Appearance kind, Placement placement) {
            return new Look(kind, Optional.empty(), Optional.empty(), 0, List.of(), placement);
        }
    }

    public SigningProfile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultLevel, "defaultLevel");
        Objects.requireNonNull(look, "look");
        roles = Set.copyOf(roles);
    }

    /** The appearance's kind. */
    public Appearance appearance() {
        return look.kind();
    }
}
