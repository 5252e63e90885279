package io.proofmesh.scoring.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.proofmesh.scoring.policy.LatencyTier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LatencySketchTest {

    @Test
    void smallValuesAreExactAndLargerOnesReportTheirBucketsUpperBound() {
        LatencySketch s = LatencySketch.empty();
        for (long v : new long[] {0, 7, 31}) {
            s.add(v);
        }
        assertThat(s.quantile(0)).isZero();          // rank max(1, 0) = 1
        assertThat(s.quantile(500_000)).isEqualTo(7); // rank ceil(1.5) = 2
        assertThat(s.quantile(1_000_000)).isEqualTo(31);
        // 1000 = 0b1111101000: msb 9, shift 4, mantissa (1000 >> 4) & 31 = 62 & 31 = 30
        // → bucket [(32 + 30) << 4, +15] = [992, 1007].
        LatencySketch one = LatencySketch.empty();
        one.add(1000);
        assertThat(one.quantile(990_000)).isEqualTo(1007);
        assertThat(LatencySketch.bucketOf(992)).isEqualTo(LatencySketch.bucketOf(1007));
        assertThat(LatencySketch.bucketOf(991)).isNotEqualTo(LatencySketch.bucketOf(992));
    }

    @Test
    void p95OfTwentyValuesIsTheNineteenth() {
        LatencySketch s = LatencySketch.empty();
        for (long v = 1; v <= 20; v++) {
            s.add(v); // all below 32: exact
        }
        assertThat(s.quantile(950_000)).isEqualTo(19); // rank ceil(0.95 × 20) = 19
        assertThat(s.quantile(500_000)).isEqualTo(10);
        assertThat(s.quantile(990_000)).isEqualTo(20);
    }

    @Test
    void emptySketchHasNoQuantileAndNegativeTimesAreRefused() {
        assertThat(LatencySketch.empty().quantile(500_000)).isEqualTo(-1);
        assertThatThrownBy(() -> LatencySketch.empty().add(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencySketch.fromBytes(new byte[] {5})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void latencyScoreTakesTheTierOfP95ScaledByTheOkShare() {
        List<LatencyTier> tiers = List.of(new LatencyTier(1_000, 1_000_000), new LatencyTier(10_000, 400_000));
        LatencySketch s = LatencySketch.empty();
        for (int i = 0; i < 19; i++) {
            s.add(500);
        }
        s.add(5_000); // p95 = rank 19 = 500 = 0b111110100: shift 3, mantissa 30 → [496, 503] → first tier
        LatencyScore l = LatencyScore.of(s, 20, 5, tiers);
        assertThat(l.p95Micros()).isEqualTo(503);
        assertThat(l.latencyPpm()).isEqualTo(800_000); // 1 000 000 × 20 / 25
        assertThat(LatencyScore.tierOf(10_000, tiers)).isEqualTo(400_000);
        assertThat(LatencyScore.tierOf(10_001, tiers)).isZero();
        assertThat(LatencyScore.of(LatencySketch.empty(), 0, 3, tiers).latencyPpm()).isZero();
    }

    /** Never below the true quantile, at most 1/32 above it. */
    @Property(tries = 300)
    void quantilesAreWithinTheRelativeErrorBound(@ForAll @Size(min = 1, max = 400) List<@LongRange(min = 0, max = 10_000_000) Long> values,
                                                 @ForAll @LongRange(min = 0, max = 1_000_000) long q) {
        LatencySketch s = LatencySketch.empty();
        values.forEach(s::add);
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        long rank = Math.max(1, (q * values.size() + 999_999) / 1_000_000);
        long truth = sorted.get((int) rank - 1);
        long reported = s.quantile((int) q);
        assertThat(reported).isGreaterThanOrEqualTo(truth).isLessThanOrEqualTo(truth + truth / 32);
    }

    /** Order of insertion, merging and a byte round trip do not change any quantile. */
    @Property(tries = 200)
    void mergeableAndOrderIndependent(@ForAll @Size(min = 1, max = 300) List<@LongRange(min = 0, max = 5_000_000) Long> values,
                                      @ForAll long seed) {
        LatencySketch whole = LatencySketch.empty();
        values.forEach(whole::add);
        List<Long> shuffled = new ArrayList<>(values);
        Collections.shuffle(shuffled, new Random(seed));
        LatencySketch a = LatencySketch.empty();
        LatencySketch b = LatencySketch.empty();
        for (int i = 0; i < shuffled.size(); i++) {
            (i % 3 == 0 ? a : b).add(shuffled.get(i));
        }
        a.merge(LatencySketch.fromBytes(b.toBytes()));
        for (int q : new int[] {0, 500_000, 950_000, 990_000, 1_000_000}) {
            assertThat(a.quantile(q)).isEqualTo(whole.quantile(q));
        }
        assertThat(a.count()).isEqualTo(values.size());
    }
}
