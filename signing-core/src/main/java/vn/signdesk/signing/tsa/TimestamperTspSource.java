package vn.signdesk.signing.tsa;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.TimestampBinary;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import java.util.Objects;
import vn.signdesk.signing.Timestamper;

/**
 * A DSS {@link TSPSource} backed by a {@link Timestamper}, so that DSS services (PAdES B-T, document
 * and archive timestamps) use the embedded authority or the external pool alike.
 *
 * <p>DSS expects the DER {@code TimeStampToken} in the {@link TimestampBinary}, which is exactly what
 * a {@link Timestamper} returns. Failures are not translated: a
 * {@link vn.signdesk.signing.TimestampUnavailableException} reaches the caller of DSS unchanged, so the
 * signer can report it as such. DSS declares {@code TSPSource} serializable; this adapter is only
 * serializable when its timestamper is.
 */
public final class TimestamperTspSource implements TSPSource {

    private static final long serialVersionUID = 1L;

    private final Timestamper timestamper;

    /** Wraps a timestamper. */
    public TimestamperTspSource(Timestamper timestamper) {
        this.timestamper = Objects.requireNonNull(timestamper, "timestamper");
    }

    /** Returns a token over {@code digest} from the wrapped timestamper. */
    @Override
    public TimestampBinary getTimeStampResponse(DigestAlgorithm digestAlgorithm, byte[] digest) {
        Objects.requireNonNull(digestAlgorithm, "digestAlgorithm");
        return new TimestampBinary(timestamper.timestamp(digestAlgorithm.getOid(), digest));
    }

    @Override
    public String toString() {
        return "TimestamperTspSource[" + timestamper + "]";
    }
}
