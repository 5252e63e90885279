package io.proofmesh.settler.audit;

/**
 * The audit's finding for one partition's {@code epochs.closed} marker.
 *
 * @param partition           node-group partition
 * @param markerDigest        the marker's scoresDigest (0x hex)
 * @param recomputedDigest    the partition digest of the recomputed scores
 * @param recordedDigest      the partition digest of the scores read from scores.epoch (latest copy per node)
 * @param markerScoreCount    the marker's scoreCount
 * @param recomputedCount     scores recomputed
 * @param recordedCount       distinct nodes with a score in scores.epoch
 * @param recordsReplayed     input records replayed for the partition
 * @param eventsCounted       events of the epoch that counted
 */
public record PartitionVerdict(int partition, String markerDigest, String recomputedDigest, String recordedDigest,
                               int markerScoreCount, int recomputedCount, int recordedCount, long recordsReplayed,
                               long eventsCounted) {

    /** The marker's digest is that of the recomputed scores. */
    public boolean digestMatches() {
        return markerDigest.equals(recomputedDigest);
    }

    /** The marker, the recomputation and the topic agree on how many nodes were scored. */
    public boolean countsAgree() {
        return markerScoreCount == recomputedCount && recomputedCount == recordedCount;
    }

    public boolean ok() {
        return digestMatches() && countsAgree() && recordedDigest.equals(markerDigest);
    }
}
