package io.proofmesh.scoring.policy;

/**
 * One step of the latency curve: a p95 round-trip time at most {@code maxMicros} scores {@code ppm}.
 *
 * @param maxMicros inclusive upper bound of the tier, microseconds (&gt; 0)
 * @param ppm       latency score of the tier, parts per million (0..1,000,000)
 */
public record LatencyTier(long maxMicros, int ppm) {

    public LatencyTier {
        if (maxMicros <= 0) {
            throw new IllegalArgumentException("latency tier maxMicros must be positive, got " + maxMicros);
        }
        Ppm.check("latency tier ppm", ppm);
    }
}
