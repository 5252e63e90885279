package io.proofmesh.scoring.epoch;

import java.time.Duration;
import java.time.Instant;

/**
 * The deployment's epoch constants (DESIGN.md "Epochs"): epoch(e) = floor((t − genesis) / length).
 * Fixed per deployment, never by policy, so every service and the audit number epochs alike.
 *
 * @param genesisMillis start of epoch 0, UTC ms
 * @param lengthMillis  epoch length, ms (&gt; 0)
 * @param graceMillis   how long after an epoch's end a record may still be appended and count (≥ 0)
 */
public record EpochSchedule(long genesisMillis, long lengthMillis, long graceMillis) {

    /** 2026-01-01T00:00:00Z. */
    public static final long DEFAULT_GENESIS_MILLIS = 1_767_225_600_000L;
    public static final Duration DEFAULT_LENGTH = Duration.ofHours(1);
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(5);

    public EpochSchedule {
        if (lengthMillis <= 0) {
            throw new IllegalArgumentException("epoch length must be positive, got " + lengthMillis + " ms");
        }
        if (graceMillis < 0 || graceMillis >= lengthMillis) {
            throw new IllegalArgumentException("epoch grace must be in [0, length), got " + graceMillis + " ms");
        }
    }

    public static EpochSchedule of(Instant genesis, Duration length, Duration grace) {
        return new EpochSchedule(genesis.toEpochMilli(), length.toMillis(), grace.toMillis());
    }

    public static EpochSchedule defaults() {
        return new EpochSchedule(DEFAULT_GENESIS_MILLIS, DEFAULT_LENGTH.toMillis(), DEFAULT_GRACE.toMillis());
    }

    /** The epoch containing {@code timeMillis}; negative before genesis (floor division). */
    public long epochOf(long timeMillis) {
        return Math.floorDiv(timeMillis - genesisMillis, lengthMillis);
    }

    /** First millisecond of epoch {@code e}. */
    public long startOf(long epoch) {
        return Math.addExact(genesisMillis, Math.multiplyExact(epoch, lengthMillis));
    }

    /** First millisecond after epoch {@code e} (= start of e + 1). */
    public long endOf(long epoch) {
        return startOf(Math.addExact(epoch, 1));
    }
}
