package io.proofmesh.scoring.score;

import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.common.Capacity;
import io.proofmesh.schemas.scores.LatencyComponent;
import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.schemas.scores.ReputationComponent;
import io.proofmesh.schemas.scores.UptimeComponent;
import io.proofmesh.schemas.scores.WorkComponent;
import io.proofmesh.scoring.latency.LatencyScore;
import io.proofmesh.scoring.reputation.Reputation;
import io.proofmesh.scoring.uptime.SlotCoverage;
import io.proofmesh.scoring.work.WorkTally;
import java.time.Instant;

/**
 * One node's score for one epoch with every component and every input that is not in the raw
 * epoch data (prior reputation, capacity snapshot, policy hash), as {@link NodeScoreCalculator}
 * computes it. {@link #toAvro} gives the {@code scores.epoch} record.
 */
public record NodeScore(
        long epoch,
        String nodeId,
        byte[] policyHash,
        SlotCoverage uptime,
        int heartbeatsCounted,
        LatencyScore latency,
        WorkTally work,
        int workPpm,
        Reputation priorReputation,
        Reputation reputation,
        Capacity capacitySnapshot,
        int availabilityScorePpm,
        int workScorePpm,
        int scorePpm,
        boolean eligible,
        int lateEvents,
        int duplicateEvents,
        int rejectedEvents) {

    public NodeEpochScore toAvro(Instant computedAt) {
        return NodeEpochScore.newBuilder()
                .setEpoch(epoch)
                .setNodeId(nodeId)
                .setPolicyHash(new Bytes32(policyHash.clone()))
                .setUptime(UptimeComponent.newBuilder()
                        .setSlotsCovered(uptime.slotsCovered())
                        .setSlotsTotal(uptime.slotsTotal())
                        .setHeartbeatsCounted(heartbeatsCounted)
                        .setUptimePpm(uptime.uptimePpm())
                        .build())
                .setLatency(LatencyComponent.newBuilder()
                        .setProbesOk(latency.probesOk())
                        .setProbesFailed(latency.probesFailed())
                        .setP50Micros(orNull(latency.p50Micros()))
                        .setP95Micros(orNull(latency.p95Micros()))
                        .setP99Micros(orNull(latency.p99Micros()))
                        .setLatencyPpm(latency.latencyPpm())
                        .build())
                .setWork(WorkComponent.newBuilder()
                        .setJobsOk(work.jobsOk())
                        .setJobsFailed(work.jobsFailed())
                        .setJobsExpired(work.jobsExpired())
                        .setGpuMs(work.gpuMs())
                        .setVerifiedMatch(work.verifiedMatch())
                        .setVerifiedMismatch(work.verifiedMismatch())
                        .setWorkPpm(workPpm)
                        .build())
                .setReputation(ReputationComponent.newBuilder()
                        .setPriorAlphaPpm(priorReputation.alphaPpm())
                        .setPriorBetaPpm(priorReputation.betaPpm())
                        .setAlphaPpm(reputation.alphaPpm())
                        .setBetaPpm(reputation.betaPpm())
                        .setReputationPpm(reputation.ppm())
                        .build())
                .setCapacitySnapshot(capacitySnapshot)
                .setAvailabilityScorePpm(availabilityScorePpm)
                .setWorkScorePpm(workScorePpm)
                .setScorePpm(scorePpm)
                .setEligible(eligible)
                .setLateEvents(lateEvents)
                .setDuplicateEvents(duplicateEvents)
                .setRejectedEvents(rejectedEvents)
                .setComputedAt(computedAt)
                .build();
    }

    private static Long orNull(long micros) {
        return micros < 0 ? null : micros;
    }
}
