package io.proofmesh.scoring.latency;

import io.proofmesh.scoring.policy.LatencyTier;
import io.proofmesh.scoring.policy.Ppm;
import java.util.List;

/**
 * Latency component of an epoch: quantiles of the OK probes' round trips, and the score. The p95
 * picks the policy's tier; the tier's score is then scaled by the share of probes that succeeded,
 * so a node that answers fast but only half the time does not score like one that always does.
 *
 * @param probesOk     probes with outcome OK
 * @param probesFailed probes with any other outcome
 * @param p50Micros    -1 when no probe was OK (likewise p95, p99)
 * @param latencyPpm   floor(tier ppm × probesOk ÷ (probesOk + probesFailed)); 0 without an OK probe
 */
public record LatencyScore(int probesOk, int probesFailed, long p50Micros, long p95Micros, long p99Micros,
                           int latencyPpm) {

    public static LatencyScore of(LatencySketch okRoundTrips, int probesOk, int probesFailed, List<LatencyTier> tiers) {
        if (probesOk == 0) {
            return new LatencyScore(0, probesFailed, -1, -1, -1, 0);
        }
        long p95 = okRoundTrips.quantile(950_000);
        int tierPpm = tierOf(p95, tiers);
        long scaled = (long) tierPpm * probesOk / ((long) probesOk + probesFailed);
        return new LatencyScore(probesOk, probesFailed, okRoundTrips.quantile(500_000), p95,
                okRoundTrips.quantile(990_000), Ppm.check("latency", scaled));
    }

    /** The ppm of the first tier whose maxMicros ≥ p95; 0 beyond the last tier. */
    public static int tierOf(long p95Micros, List<LatencyTier> tiers) {
        for (LatencyTier t : tiers) {
            if (p95Micros <= t.maxMicros()) {
                return t.ppm();
            }
        }
        return 0;
    }
}
