package io.proofmesh.scoring.epoch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatenessRuleTest {

    // Genesis 1 000, epochs of 10 000, grace 2 000, margin 500: epoch 3 = [31 000, 41 000).
    final LatenessRule rule = new LatenessRule(new EpochSchedule(1_000, 10_000, 2_000), 500);

    @Test
    void anEventCountsIffAppendedBeforeEndPlusGrace() {
        assertThat(rule.deadlineOf(3)).isEqualTo(43_000);
        assertThat(rule.counts(3, 42_999)).isTrue();
        assertThat(rule.counts(3, 43_000)).isFalse();
        assertThat(rule.counts(3, 0)).isTrue(); // appended early (ingest bounds sentAt, not the rule)
    }

    @Test
    void aTickClosesEveryEpochWhoseCloseTimeItReached() {
        assertThat(rule.closeTimeOf(3)).isEqualTo(43_500);
        assertThat(rule.lastClosableAt(43_499)).isEqualTo(2);
        assertThat(rule.lastClosableAt(43_500)).isEqualTo(3);
        assertThat(rule.lastClosableAt(53_499)).isEqualTo(3);
        assertThat(rule.lastClosableAt(53_500)).isEqualTo(4);
        assertThat(rule.lastClosableAt(0)).isEqualTo(-2);
    }
}
