package io.proofmesh.scoring.uptime;

import java.util.BitSet;

/**
 * The seconds of one epoch in which at least one counted heartbeat was sent. Kept at one-second
 * resolution, not in policy slots, so the processor can accumulate before it knows the epoch's
 * policy; {@link SlotCoverage} folds the seconds into the policy's slots when the epoch closes.
 */
public final class HeartbeatSeconds {

    /** One day of seconds: 10.8 KB per node and epoch at most. */
    public static final long MAX_EPOCH_MILLIS = 86_400_000L;

    private final long epochLengthMillis;
    private final BitSet seconds;

    private HeartbeatSeconds(long epochLengthMillis, BitSet seconds) {
        if (epochLengthMillis <= 0 || epochLengthMillis > MAX_EPOCH_MILLIS) {
            throw new IllegalArgumentException("epoch length must be in (0, 1 day] for uptime slots, got "
                    + epochLengthMillis + " ms");
        }
        this.epochLengthMillis = epochLengthMillis;
        this.seconds = seconds;
    }

    public static HeartbeatSeconds empty(long epochLengthMillis) {
        return new HeartbeatSeconds(epochLengthMillis, new BitSet());
    }

    public static HeartbeatSeconds of(long epochLengthMillis, byte[] bits) {
        HeartbeatSeconds s = new HeartbeatSeconds(epochLengthMillis, BitSet.valueOf(bits));
        if (s.seconds.length() > s.secondsInEpoch()) {
            throw new IllegalArgumentException("stored heartbeat second " + (s.seconds.length() - 1)
                    + " lies beyond an epoch of " + epochLengthMillis + " ms");
        }
        return s;
    }

    /**
     * Records a heartbeat sent at {@code sentAtMillis} in the epoch starting at {@code epochStartMillis}.
     * False (nothing recorded) for an instant outside the epoch.
     */
    public boolean record(long epochStartMillis, long sentAtMillis) {
        long offset = sentAtMillis - epochStartMillis;
        if (offset < 0 || offset >= epochLengthMillis) {
            return false;
        }
        seconds.set((int) (offset / 1000));
        return true;
    }

    public long epochLengthMillis() {
        return epochLengthMillis;
    }

    public int secondsInEpoch() {
        return (int) ((epochLengthMillis + 999) / 1000);
    }

    public boolean heardIn(int second) {
        return seconds.get(second);
    }

    /** Index of the next second at or after {@code from} with a heartbeat, -1 if none. */
    int nextHeard(int from) {
        return seconds.nextSetBit(from);
    }

    public byte[] toBytes() {
        return seconds.toByteArray();
    }
}
