package io.proofmesh.scoring.epoch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EpochScheduleTest {

    private final EpochSchedule s = new EpochSchedule(1_000_000L, 10_000L, 2_000L);

    @Test
    void epochsAreHalfOpenIntervalsFromGenesis() {
        assertThat(s.epochOf(1_000_000L)).isZero();
        assertThat(s.epochOf(1_009_999L)).isZero();
        assertThat(s.epochOf(1_010_000L)).isEqualTo(1);
        assertThat(s.startOf(3)).isEqualTo(1_030_000L);
        assertThat(s.endOf(3)).isEqualTo(1_040_000L);
    }

    @Test
    void timesBeforeGenesisFloorToNegativeEpochs() {
        assertThat(s.epochOf(999_999L)).isEqualTo(-1);
        assertThat(s.epochOf(990_000L)).isEqualTo(-1);
        assertThat(s.epochOf(989_999L)).isEqualTo(-2);
    }

    @Test
    void refusesNonsenseConstants() {
        assertThatThrownBy(() -> new EpochSchedule(0, 0, 0)).hasMessageContaining("length");
        assertThatThrownBy(() -> new EpochSchedule(0, 10, 10)).hasMessageContaining("grace");
    }
}
