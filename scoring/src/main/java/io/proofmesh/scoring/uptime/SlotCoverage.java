package io.proofmesh.scoring.uptime;

import io.proofmesh.scoring.policy.Ppm;

/**
 * Uptime = heartbeat slots covered ÷ slots in the epoch (DESIGN.md, issue 4). A slot is the
 * policy's {@code heartbeatIntervalSeconds} long, slot i covering seconds [i × interval,
 * (i + 1) × interval) of the epoch; the last slot may be shorter. Several heartbeats in one slot
 * cover it once, so sending faster than the policy asks earns nothing.
 *
 * @param slotsCovered slots with at least one counted heartbeat
 * @param slotsTotal   slots in the epoch: ceil(epoch seconds ÷ interval)
 */
public record SlotCoverage(int slotsCovered, int slotsTotal) {

    public static SlotCoverage of(HeartbeatSeconds heard, int intervalSeconds) {
        if (intervalSeconds <= 0) {
            throw new IllegalArgumentException("heartbeat interval must be positive, got " + intervalSeconds);
        }
        int seconds = heard.secondsInEpoch();
        int total = (seconds + intervalSeconds - 1) / intervalSeconds;
        int covered = 0;
        int next = heard.nextHeard(0);
        while (next >= 0) {
            int slot = next / intervalSeconds;
            covered++;
            next = heard.nextHeard((slot + 1) * intervalSeconds);
        }
        return new SlotCoverage(covered, total);
    }

    /** floor(slotsCovered × 1,000,000 ÷ slotsTotal). */
    public int uptimePpm() {
        return Ppm.ratio(slotsCovered, slotsTotal);
    }
}
