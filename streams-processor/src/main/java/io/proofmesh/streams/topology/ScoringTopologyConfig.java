package io.proofmesh.streams.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.proofmesh.scoring.epoch.LatenessRule;
import io.proofmesh.streams.policy.PolicyResolver;

/**
 * Everything {@link ScoringTopology#buildTopology} needs.
 *
 * @param lateness           the deployment's epochs and the close margin
 * @param firstEpoch         the first epoch this deployment scores, on every partition alike (earlier ones never close)
 * @param partitionCount     partitions of the node group (markers needed to close an epoch everywhere)
 * @param dedupeRetainEpochs how many epochs past close a dedupe key is kept (a late duplicate stays DUPLICATE)
 * @param processorId        recorded in every epochs.closed marker
 * @param policies           the policy in force for an epoch
 * @param serdes             value serdes of the topics
 * @param metrics            where counters go
 */
public record ScoringTopologyConfig(LatenessRule lateness, long firstEpoch, int partitionCount, int dedupeRetainEpochs, String processorId,
                                    PolicyResolver policies, ScoringSerdes serdes, MeterRegistry metrics) {

    public ScoringTopologyConfig {
        if (firstEpoch < 0) {
            throw new IllegalArgumentException("the first scored epoch must be >= 0, got " + firstEpoch);
        }
        if (partitionCount <= 0) {
            throw new IllegalArgumentException("partition count must be positive, got " + partitionCount);
        }
        if (dedupeRetainEpochs < 1) {
            throw new IllegalArgumentException("dedupe retention must be at least 1 epoch, got " + dedupeRetainEpochs);
        }
    }
}
