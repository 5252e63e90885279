package io.proofmesh.scoring.score;

import io.proofmesh.schemas.common.Capacity;
import io.proofmesh.scoring.latency.LatencyScore;
import io.proofmesh.scoring.policy.Ppm;
import io.proofmesh.scoring.policy.ScoringPolicy;
import io.proofmesh.scoring.reputation.Reputation;
import io.proofmesh.scoring.uptime.SlotCoverage;
import io.proofmesh.scoring.work.WorkTally;

/**
 * The scoring policy applied to one node's epoch (PROTOCOL.md, "Scores"), integers only:
 * <pre>
 *   uptimePpm       = floor(slotsCovered × 10⁶ ÷ slotsTotal)
 *   latencyPpm      = floor(tier(p95) × probesOk ÷ (probesOk + probesFailed))
 *   availability    = floor(uptimePpm × latencyPpm ÷ 10⁶)
 *   workPpm         = floor(jobsOk × 10⁶ ÷ (jobsOk + jobsFailed + jobsExpired)), 0 without jobs
 *   reputation'     = reputation after this epoch's verifications (see {@link Reputation})
 *   workScore       = floor(workPpm × reputation'Ppm ÷ 10⁶)
 *   eligible        = registered ACTIVE and uptimePpm ≥ minUptimePpm
 *   score           = eligible ? floor((availabilityWeight × availability + workWeight × workScore) ÷ 10⁶) : 0
 * </pre>
 * The processor, the settler and the audit all call this one method.
 */
public final class NodeScoreCalculator {

    private NodeScoreCalculator() {}

    /**
     * @param priorReputation reputation carried in from the node's previous scored epoch; null for a new node
     * @param carriedCapacity last capacity declared before this epoch; null if none (used when the epoch has none)
     * @param active          the node's registration is ACTIVE when the epoch closes
     */
    public static NodeScore score(long epoch, String nodeId, ScoringPolicy policy, byte[] policyHash, NodeEpochTally tally,
                                  Reputation priorReputation, Capacity carriedCapacity, boolean active) {
        SlotCoverage uptime = SlotCoverage.of(tally.heartbeats(), policy.heartbeatIntervalSeconds());
        LatencyScore latency = LatencyScore.of(tally.okRoundTrips(), tally.probesOk(), tally.probesFailed(),
                policy.latencyTiers());
        WorkTally work = tally.work();
        int workPpm = Ppm.ratio(work.jobsOk(), work.jobsTotal());
        Reputation prior = priorReputation != null ? priorReputation : Reputation.prior(policy);
        Reputation reputation = prior.next(policy, work.verifiedMatch(), work.verifiedMismatch());
        int availability = Ppm.times(uptime.uptimePpm(), latency.latencyPpm());
        int workScore = Ppm.times(workPpm, reputation.ppm());
        boolean eligible = active && uptime.uptimePpm() >= policy.minUptimePpm();
        int score = eligible
                ? (int) (((long) policy.availabilityWeightPpm() * availability + (long) policy.workWeightPpm() * workScore)
                        / Ppm.ONE)
                : 0;
        Capacity capacity = tally.lastCapacity() != null ? tally.lastCapacity() : carriedCapacity;
        return new NodeScore(epoch, nodeId, policyHash.clone(), uptime, tally.heartbeatsCounted(), latency, work, workPpm,
                prior, reputation, capacity, availability, workScore, score, eligible, tally.lateEvents(),
                tally.duplicateEvents(), tally.rejectedEvents());
    }
}
