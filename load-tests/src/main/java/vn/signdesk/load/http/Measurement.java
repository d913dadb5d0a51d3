package vn.signdesk.load.http;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one timed phase of one scenario: successful requests, errors, elapsed time and the
 * latency of every successful request.
 *
 * @param scenario the scenario's identifier
 * @param concurrency requests kept in flight (closed loop), or 0 for an open-loop run
 * @param targetRate requests per second the open loop was asked for, or 0 for a closed loop
 * @param requests successful requests
 * @param errors failed requests: a non-2xx status, an unexpected body, an exception or a timeout
 * @param seconds from the first request sent to the last response received
 * @param latencyMicros latency of every successful request in microseconds (open loop: from the
 *     time the request was due, so that a stalled server shows in the latency)
 * @param errorSamples the first few error descriptions
 * @param peakHeapBytes the service's largest used heap seen during the phase and its warm-up, or -1
 * @param timeline the open loop's timeline: one entry per second of due time; empty for a closed loop
 */
record Measurement(
        String scenario,
        int concurrency,
        double targetRate,
        long requests,
        long errors,
        double seconds,
        Histogram latencyMicros,
        List<String> errorSamples,
        long peakHeapBytes,
        List<Second> timeline) {

    /**
     * One second of an open loop, by the time its requests were due.
     *
     * @param second seconds since the phase started
     * @param requests successful requests due in that second
     * @param errors failed requests due in that second
     * @param maxMicros the slowest successful request's latency, 0 when none
     * @param over50ms successful requests slower than 50 ms
     */
    record Second(int second, long requests, long errors, long maxMicros, long over50ms) {}

    /** Successful requests per second. */
    double requestsPerSecond() {
        return seconds <= 0 ? 0 : requests / seconds;
    }

    /** The latency at a percentile, in milliseconds; 0 without successful requests. */
    double percentileMillis(double percentile) {
        return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** The same measurement with the peak heap seen by the sampler. */
    Measurement withPeakHeap(long bytes) {
        return new Measurement(
                scenario,
                concurrency,
                targetRate,
                requests,
                errors,
                seconds,
                latencyMicros,
                errorSamples,
                bytes,
                timeline);
    }
}
