package io.proofmesh.scoring.uptime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlotCoverageTest {

    @Test
    void heartbeatsFoldIntoThePolicysSlots() {
        // A 65 s epoch starting at 1 000 000 ms, 10 s slots: ceil(65 / 10) = 7 slots, the last 5 s long.
        HeartbeatSeconds heard = HeartbeatSeconds.empty(65_000);
        assertThat(heard.record(1_000_000, 1_000_000)).isTrue();  // second 0 → slot 0
        assertThat(heard.record(1_000_000, 1_009_999)).isTrue();  // second 9 → slot 0 again
        assertThat(heard.record(1_000_000, 1_030_500)).isTrue();  // second 30 → slot 3
        assertThat(heard.record(1_000_000, 1_064_999)).isTrue();  // second 64 → slot 6 (the short one)
        assertThat(heard.record(1_000_000, 1_065_000)).isFalse(); // next epoch
        assertThat(heard.record(1_000_000, 999_999)).isFalse();   // previous epoch
        SlotCoverage c = SlotCoverage.of(heard, 10);
        assertThat(c.slotsTotal()).isEqualTo(7);
        assertThat(c.slotsCovered()).isEqualTo(3);
        assertThat(c.uptimePpm()).isEqualTo(428_571); // floor(3 × 1e6 / 7)
        // The same seconds under 1 s slots: 65 slots, 4 covered.
        assertThat(SlotCoverage.of(heard, 1)).isEqualTo(new SlotCoverage(4, 65));
        // Round trip through the stored form.
        assertThat(SlotCoverage.of(HeartbeatSeconds.of(65_000, heard.toBytes()), 10)).isEqualTo(c);
    }
}
