package io.proofmesh.scoring.reputation;

import io.proofmesh.scoring.policy.Ppm;
import io.proofmesh.scoring.policy.ScoringPolicy;

/**
 * A node's Beta(α, β) reputation from verification outcomes, carried from epoch to epoch, in
 * millionths. Each epoch the evidence above the prior decays by the policy's factor (old results
 * matter less), then every MATCH adds 1 to α and every MISMATCH 1 to β:
 * α' = α₀ + floor((α − α₀) × decay ÷ 10⁶) + 10⁶ × matches, likewise β'. Decaying toward the prior
 * rather than toward zero keeps α, β ≥ their priors, so the ratio is always defined and a node
 * silent for long returns to a newcomer's standing.
 *
 * @param alphaPpm α in millionths
 * @param betaPpm  β in millionths
 */
public record Reputation(long alphaPpm, long betaPpm) {

    public Reputation {
        if (alphaPpm <= 0 || betaPpm <= 0) {
            throw new IllegalArgumentException("reputation alpha and beta must be positive, got " + alphaPpm
                    + " and " + betaPpm);
        }
    }

    /** A node never verified. */
    public static Reputation prior(ScoringPolicy policy) {
        return new Reputation(policy.reputationPriorAlphaPpm(), policy.reputationPriorBetaPpm());
    }

    /** This reputation after one epoch with {@code matches} and {@code mismatches}. */
    public Reputation next(ScoringPolicy policy, int matches, int mismatches) {
        return new Reputation(
                decayed(alphaPpm, policy.reputationPriorAlphaPpm(), policy.reputationDecayPpm()) + (long) Ppm.ONE * matches,
                decayed(betaPpm, policy.reputationPriorBetaPpm(), policy.reputationDecayPpm()) + (long) Ppm.ONE * mismatches);
    }

    /** floor(α × 10⁶ ÷ (α + β)). */
    public int ppm() {
        return Ppm.ratio(alphaPpm, alphaPpm + betaPpm);
    }

    private static long decayed(long value, long prior, int decayPpm) {
        // Evidence below the prior (a policy raised its prior) decays up toward it the same way.
        return prior + Math.floorDiv(Math.multiplyExact(value - prior, (long) decayPpm), Ppm.ONE);
    }
}
