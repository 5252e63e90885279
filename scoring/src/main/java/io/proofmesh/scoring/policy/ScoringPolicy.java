package io.proofmesh.scoring.policy;

import java.math.BigInteger;
import java.util.List;

/**
 * The scoring policy as the rules read it (DESIGN.md "Policy"): data, keyed by its content hash,
 * signed by governance, in force from {@code effectiveFromEpoch}. Epoch length and grace are
 * deployment constants ({@link io.proofmesh.scoring.epoch.EpochSchedule}), not policy.
 *
 * <p>The Avro {@code io.proofmesh.schemas.policy.ScoringPolicy} is the wire form of the same data
 * plus the governance signature; {@link PolicyCodec} converts between them.
 *
 * @param policyVersion            human-readable label, e.g. "2026.1"
 * @param effectiveFromEpoch       first epoch scored with this policy
 * @param heartbeatIntervalSeconds length of one uptime slot, seconds
 * @param latencyTiers             increasing maxMicros; the first tier holding the node's p95 gives its latency score
 * @param minUptimePpm             uptime below this makes a node ineligible (score 0)
 * @param availabilityWeightPpm    weight of availability in the final score (and share of the emission)
 * @param workWeightPpm            weight of work; the two weights sum to 1,000,000
 * @param reputationPriorAlphaPpm  alpha of a node never verified, millionths
 * @param reputationPriorBetaPpm   beta of a node never verified, millionths
 * @param reputationDecayPpm       factor applied to alpha and beta each epoch before new evidence
 * @param emissionPerEpoch         token base units emitted per epoch (18 decimals)
 * @param publishedAtMillis        publication time, UTC ms (part of the signed content)
 */
public record ScoringPolicy(
        String policyVersion,
        long effectiveFromEpoch,
        int heartbeatIntervalSeconds,
        List<LatencyTier> latencyTiers,
        int minUptimePpm,
        int availabilityWeightPpm,
        int workWeightPpm,
        long reputationPriorAlphaPpm,
        long reputationPriorBetaPpm,
        int reputationDecayPpm,
        BigInteger emissionPerEpoch,
        long publishedAtMillis) {

    public ScoringPolicy {
        latencyTiers = List.copyOf(latencyTiers);
        if (policyVersion == null || policyVersion.isBlank()) {
            throw new IllegalArgumentException("policyVersion must not be blank");
        }
        if (effectiveFromEpoch < 0) {
            throw new IllegalArgumentException("effectiveFromEpoch must be >= 0, got " + effectiveFromEpoch);
        }
        if (heartbeatIntervalSeconds <= 0) {
            throw new IllegalArgumentException("heartbeatIntervalSeconds must be positive, got " + heartbeatIntervalSeconds);
        }
        for (int i = 1; i < latencyTiers.size(); i++) {
            if (latencyTiers.get(i).maxMicros() <= latencyTiers.get(i - 1).maxMicros()) {
                throw new IllegalArgumentException("latencyTiers must have strictly increasing maxMicros (tier " + i + ")");
            }
        }
        Ppm.check("minUptimePpm", minUptimePpm);
        Ppm.check("availabilityWeightPpm", availabilityWeightPpm);
        Ppm.check("workWeightPpm", workWeightPpm);
        if (availabilityWeightPpm + workWeightPpm != Ppm.ONE) {
            throw new IllegalArgumentException("availabilityWeightPpm + workWeightPpm must be 1000000, got "
                    + (availabilityWeightPpm + workWeightPpm));
        }
        if (reputationPriorAlphaPpm <= 0 || reputationPriorBetaPpm <= 0) {
            throw new IllegalArgumentException("reputation priors must be positive (alpha " + reputationPriorAlphaPpm
                    + ", beta " + reputationPriorBetaPpm + ")");
        }
        Ppm.check("reputationDecayPpm", reputationDecayPpm);
        if (emissionPerEpoch == null || emissionPerEpoch.signum() < 0 || emissionPerEpoch.bitLength() > 256) {
            throw new IllegalArgumentException("emissionPerEpoch must be a uint256, got " + emissionPerEpoch);
        }
    }
}
