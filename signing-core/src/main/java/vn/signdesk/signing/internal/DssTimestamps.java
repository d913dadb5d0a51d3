package vn.signdesk.signing.internal;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.model.TimestampBinary;
import eu.europa.esig.dss.spi.x509.tsp.TSPSource;
import vn.signdesk.signing.Timestamper;

/** Lets DSS obtain timestamps from a {@link Timestamper}. */
public final class DssTimestamps implements TSPSource {

    private static final long serialVersionUID = 1L;

    private final transient Timestamper timestamper;

    public DssTimestamps(Timestamper timestamper) {
        this.timestamper = timestamper;
    }

    @Override
    public TimestampBinary getTimeStampResponse(DigestAlgorithm digestAlgorithm, byte[] digest) {
        return new TimestampBinary(timestamper.timestamp(digestAlgorithm.getOid(), digest));
    }
}
