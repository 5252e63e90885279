package io.proofmesh.scoring.policy;

import io.proofmesh.scoring.epoch.EpochSchedule;

/**
 * When a policy may take effect (DESIGN.md "Policy"): it must be published in an epoch at least two
 * before its {@code effectiveFromEpoch}, so every epoch's policy is known a whole epoch before the
 * epoch starts and nothing can be changed for an epoch already running or about to. The rule reads
 * only signed content and the deployment's epoch constants, so every reader decides it alike.
 *
 * <p>Exception: the genesis policy ({@code effectiveFromEpoch} 0) bootstraps a deployment and may be
 * published at any time.
 */
public final class PublicationRule {

    /** Epochs between the epoch of publication and the first epoch a policy governs. */
    public static final long LEAD_EPOCHS = 2;

    private PublicationRule() {
    }

    /** epochOf(publishedAt) + 2 ≤ effectiveFromEpoch, or the genesis policy. */
    public static boolean publishedInTime(ScoringPolicy p, EpochSchedule schedule) {
        return p.effectiveFromEpoch() == 0 || p.publishedAtMillis() < latestPublicationExclusive(p.effectiveFromEpoch(), schedule);
    }

    /** The earliest epoch a policy published at {@code timeMillis} may name as effectiveFromEpoch. */
    public static long earliestEffectiveEpoch(long timeMillis, EpochSchedule schedule) {
        return Math.addExact(schedule.epochOf(timeMillis), LEAD_EPOCHS);
    }

    /** A policy for {@code effectiveFromEpoch} must be published before this instant (start of effectiveFromEpoch − 1). */
    public static long latestPublicationExclusive(long effectiveFromEpoch, EpochSchedule schedule) {
        return schedule.startOf(effectiveFromEpoch - LEAD_EPOCHS + 1);
    }
}
