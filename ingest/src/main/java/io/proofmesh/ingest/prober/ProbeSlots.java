package io.proofmesh.ingest.prober;

import io.proofmesh.scoring.epoch.EpochSchedule;
import java.util.random.RandomGenerator;

/**
 * When a node's probes happen: {@code perEpoch} slots per epoch, evenly spaced, shifted by the
 * node's own random phase. Slot {@code i} of epoch {@code e} is at
 * {@code start(e) + phase + floor(i × length / perEpoch)} with {@code 0 ≤ phase < floor(length / perEpoch)},
 * so every slot lies inside its epoch and every epoch holds exactly {@code perEpoch} probes of
 * each node, while different phases keep 10,000 nodes from being challenged in the same millisecond.
 */
public final class ProbeSlots {

    /** Keeps {@code i × length} and {@code (d + 1) × perEpoch} far from overflow for any practical epoch. */
    public static final int MAX_PER_EPOCH = 1_000_000;

    private final EpochSchedule schedule;
    private final int perEpoch;

    public ProbeSlots(EpochSchedule schedule, int perEpoch) {
        if (perEpoch < 1 || perEpoch > MAX_PER_EPOCH || perEpoch > schedule.lengthMillis()) {
            throw new IllegalArgumentException("probes per epoch must be 1.." + Math.min(MAX_PER_EPOCH, schedule.lengthMillis())
                    + ", got " + perEpoch);
        }
        this.schedule = schedule;
        this.perEpoch = perEpoch;
    }

    public EpochSchedule schedule() {
        return schedule;
    }

    public int perEpoch() {
        return perEpoch;
    }

    /** Distance between two slots of a node (rounded down), and the exclusive bound of a phase. */
    public long spacingMillis() {
        return schedule.lengthMillis() / perEpoch;
    }

    /** A phase drawn uniformly from [0, spacing). */
    public long randomPhase(RandomGenerator random) {
        return random.nextLong(spacingMillis());
    }

    /** Slot {@code i} (0-based) of {@code epoch} for a node with {@code phase}. */
    public long slotTime(long epoch, int i, long phase) {
        checkPhase(phase);
        if (i < 0 || i >= perEpoch) {
            throw new IllegalArgumentException("slot index must be 0.." + (perEpoch - 1) + ", got " + i);
        }
        return schedule.startOf(epoch) + phase + Math.multiplyExact((long) i, schedule.lengthMillis()) / perEpoch;
    }

    /** The first slot strictly after {@code timeMillis} for a node with {@code phase}. */
    public long nextSlotAfter(long timeMillis, long phase) {
        checkPhase(phase);
        long epoch = schedule.epochOf(timeMillis);
        long d = timeMillis - schedule.startOf(epoch) - phase; // slot offsets beyond the phase must exceed d
        long i;
        if (d < 0) {
            i = 0;
        } else {
            // smallest i with floor(i × L / k) ≥ d + 1, i.e. i ≥ (d + 1) × k / L
            long num = Math.multiplyExact(d + 1, (long) perEpoch);
            i = -Math.floorDiv(-num, schedule.lengthMillis());
        }
        if (i >= perEpoch) {
            return slotTime(epoch + 1, 0, phase);
        }
        return slotTime(epoch, (int) i, phase);
    }

    private void checkPhase(long phase) {
        if (phase < 0 || phase >= spacingMillis()) {
            throw new IllegalArgumentException("phase must be in [0, " + spacingMillis() + "), got " + phase);
        }
    }
}
