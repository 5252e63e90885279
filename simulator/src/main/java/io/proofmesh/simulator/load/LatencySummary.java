package io.proofmesh.simulator.load;

import java.util.Arrays;

/**
 * Percentiles of recorded latencies by the nearest-rank method on a sorted copy (exact, no
 * histogram buckets; a run's few hundred thousand longs sort in milliseconds).
 */
public record LatencySummary(long count, long p50Nanos, long p99Nanos, long maxNanos) {

    public static LatencySummary of(long[] nanos) {
        if (nanos.length == 0) {
            return new LatencySummary(0, 0, 0, 0);
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new LatencySummary(sorted.length, percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    /** Nearest rank: the smallest value with at least p % of the values at or below it. */
    static long percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
