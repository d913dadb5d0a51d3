package vn.signdesk.signing.verify;

import java.time.Instant;

/**
 * How one verification is made.
 *
 * @param validationTimeOrNull the time to validate at, null for now
 * @param etsiReport keep the ETSI TS 119 102-2 validation report XML
 * @param detailedReport keep DSS's detailed report XML
 * @param diagnosticData keep DSS's diagnostic data XML
 */
public record VerifyOptions(
        Instant validationTimeOrNull, boolean etsiReport, boolean detailedReport, boolean diagnosticData) {

    /** Now, no raw report. */
    public static final VerifyOptions DEFAULT = new VerifyOptions(null, false, false, false);

    /** These options at the given time. */
    public VerifyOptions at(Instant validationTime) {
        return new VerifyOptions(validationTime, etsiReport, detailedReport, diagnosticData);
    }

    /** These options, keeping every raw report. */
    public VerifyOptions withAllRawReports() {
        return new VerifyOptions(validationTimeOrNull, true, true, true);
    }
}
