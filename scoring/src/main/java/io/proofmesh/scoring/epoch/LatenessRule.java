package io.proofmesh.scoring.epoch;

/**
 * DESIGN.md's lateness rule, a function of the stored record alone so the audit reproduces it:
 * an event of epoch e counts iff its broker append time &lt; end(e) + grace. A partition closes e
 * once it has processed a tick appended at or after end(e) + grace + margin; the margin covers
 * clock skew between the brokers leading different partitions.
 *
 * @param schedule     the deployment's epochs
 * @param marginMillis extra wait after the deadline before closing (≥ 0)
 */
public record LatenessRule(EpochSchedule schedule, long marginMillis) {

    public LatenessRule {
        if (marginMillis < 0) {
            throw new IllegalArgumentException("close margin must be >= 0, got " + marginMillis + " ms");
        }
    }

    /** end(e) + grace: the first append time at which an event of e no longer counts. */
    public long deadlineOf(long epoch) {
        return Math.addExact(schedule.endOf(epoch), schedule.graceMillis());
    }

    /** True iff an event of {@code epoch} appended at {@code appendTimeMillis} counts for it. */
    public boolean counts(long epoch, long appendTimeMillis) {
        return appendTimeMillis < deadlineOf(epoch);
    }

    /** end(e) + grace + margin: a tick appended at or after this closes e on its partition. */
    public long closeTimeOf(long epoch) {
        return Math.addExact(deadlineOf(epoch), marginMillis);
    }

    /** The newest epoch a tick appended at {@code appendTimeMillis} closes (may be negative). */
    public long lastClosableAt(long appendTimeMillis) {
        long sinceFirstClose = appendTimeMillis - schedule.genesisMillis() - schedule.graceMillis() - marginMillis;
        return Math.floorDiv(sinceFirstClose, schedule.lengthMillis()) - 1;
    }
}
