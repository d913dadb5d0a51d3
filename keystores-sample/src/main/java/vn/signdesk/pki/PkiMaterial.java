package vn.signdesk.pki;

import java.math.BigInteger;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The complete state of a demo PKI: every key and certificate, the one revocation, when it was made
 * and for which public URL. Immutable; what {@link DemoPki} wraps and {@link PkiDirectory} stores.
 *
 * @param publicUrl base of the AIA, CRL and OCSP URLs in the certificates, without a trailing slash
 * @param createdAt the instant the PKI was generated, whole seconds
 * @param identities every identity by file base name: the two CAs, the TSA, the OCSP responder and the signers
 * @param revocation the revoked signer's revocation
 */
record PkiMaterial(URI publicUrl, Instant createdAt, Map<String, Identity> identities, Revocation revocation) {

    /** A revocation entry of the issuing CA, as published in its CRL and OCSP. */
    record Revocation(BigInteger serial, Instant time, int reasonCode) {}

    PkiMaterial {
        Objects.requireNonNull(publicUrl, "publicUrl");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(revocation, "revocation");
        identities = Collections.unmodifiableMap(new LinkedHashMap<>(identities));
        for (String name : DemoPki.ALL_NAMES) {
            if (!identities.containsKey(name)) {
                throw new IllegalArgumentException("missing identity " + name);
            }
        }
    }

    Identity identity(String name) {
        Identity identity = identities.get(name);
        if (identity == null) {
            throw new IllegalArgumentException("no demo identity named '" + name + "'; known: " + DemoPki.ALL_NAMES);
        }
        return identity;
    }

    /** The certificates the issuing CA issued (every identity but the two CAs). */
    List<X509Certificate> issuedByIssuingCa() {
        List<X509Certificate> issued = new ArrayList<>();
        for (Identity identity : identities.values()) {
            if (!identity.name().equals(DemoPki.ROOT_CA) && !identity.name().equals(DemoPki.ISSUING_CA)) {
                issued.add(identity.certificate());
            }
        }
        return issued;
    }
}
