package io.proofmesh.ingest.prober;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.scoring.epoch.EpochSchedule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProbeSlotsTest {

    private static final EpochSchedule HOURLY = EpochSchedule.defaults();

    /** Walks nextSlotAfter from before epoch e's start to its end and returns the slots inside e. */
    private static List<Long> slotsOf(ProbeSlots slots, long epoch, long phase) {
        EpochSchedule s = slots.schedule();
        List<Long> out = new ArrayList<>();
        long t = slots.nextSlotAfter(s.startOf(epoch) - 1, phase);
        while (t < s.endOf(epoch)) {
            out.add(t);
            t = slots.nextSlotAfter(t, phase);
        }
        return out;
    }

    @Test
    void everyEpochHoldsExactlyPerEpochSlotsEvenlySpacedAndInsideIt() {
        for (long length : new long[] {10_000, 3_600_000, 7_777}) {
            EpochSchedule schedule = new EpochSchedule(EpochSchedule.DEFAULT_GENESIS_MILLIS, length, 0);
            for (int k : new int[] {1, 3, 5, 12, 7_777}) {
                if (k > length) {
                    continue;
                }
                ProbeSlots slots = new ProbeSlots(schedule, k);
                for (long phase : new long[] {0, slots.spacingMillis() / 2, slots.spacingMillis() - 1}) {
                    for (long epoch : new long[] {-1, 0, 5}) {
                        List<Long> times = slotsOf(slots, epoch, phase);
                        assertThat(times).as("L=%d k=%d phase=%d epoch=%d", length, k, phase, epoch).hasSize(k);
                        assertThat(times.get(0)).isEqualTo(schedule.startOf(epoch) + phase);
                        assertThat(times).allSatisfy(t -> assertThat(schedule.epochOf(t)).isEqualTo(epoch));
                        for (int i = 1; i < times.size(); i++) {
                            long gap = times.get(i) - times.get(i - 1);
                            // floor(i·L/k) steps: every gap is floor(L/k) or floor(L/k) + 1
                            assertThat(gap).isBetween(length / k, length / k + 1);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theNextSlotIsStrictlyAfterTheTimeWithNoSlotInBetween() {
        ProbeSlots slots = new ProbeSlots(new EpochSchedule(0, 10_000, 2_000), 3);
        long phase = 1_234;
        List<Long> all = new ArrayList<>();
        for (long e = 0; e < 3; e++) {
            all.addAll(slotsOf(slots, e, phase));
        }
        assertThat(all).containsExactly(1_234L, 4_567L, 7_900L, 11_234L, 14_567L, 17_900L, 21_234L, 24_567L, 27_900L);
        for (long t = -1; t < 27_000; t += 7) {
            long time = t;
            long next = slots.nextSlotAfter(time, phase);
            long expected = all.stream().filter(x -> x > time).findFirst().orElseThrow();
            assertThat(next).as("t=%d", t).isEqualTo(expected);
        }
    }

    @Test
    void randomPhasesSpreadTenThousandNodesSoNoSecondIsCrowded() {
        ProbeSlots slots = new ProbeSlots(HOURLY, 12); // a probe every 5 minutes per node
        Random random = new Random(42);
        Map<Long, Integer> perSecond = new HashMap<>();
        for (int n = 0; n < 10_000; n++) {
            long phase = slots.randomPhase(random);
            assertThat(phase).isBetween(0L, slots.spacingMillis() - 1);
            perSecond.merge(phase / 1_000, 1, Integer::sum);
        }
        // 10,000 nodes over 300 one-second buckets average 33 a second; all at once would be 10,000.
        assertThat(perSecond.size()).isEqualTo(300);
        assertThat(perSecond.values().stream().mapToInt(Integer::intValue).max().orElseThrow()).isLessThan(70);
    }

    @Test
    void impossibleRatesAndPhasesAreRefused() {
        EpochSchedule tenSeconds = new EpochSchedule(0, 10_000, 0);
        assertThatThrownBy(() -> new ProbeSlots(tenSeconds, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ProbeSlots(tenSeconds, 10_001)).isInstanceOf(IllegalArgumentException.class);
        ProbeSlots slots = new ProbeSlots(tenSeconds, 4);
        assertThatThrownBy(() -> slots.nextSlotAfter(0, 2_500)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> slots.nextSlotAfter(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
