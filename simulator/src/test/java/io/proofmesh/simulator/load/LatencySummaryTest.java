package io.proofmesh.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void nearestRankPercentilesOfOneToHundred() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[99 - i] = i + 1; // unsorted on purpose
        }
        LatencySummary s = LatencySummary.of(values);
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50Nanos()).isEqualTo(50);
        assertThat(s.p99Nanos()).isEqualTo(99);
        assertThat(s.maxNanos()).isEqualTo(100);
        assertThat(values[0]).as("the input is not sorted in place").isEqualTo(100);
    }

    @Test
    void smallAndEmptySamples() {
        assertThat(LatencySummary.of(new long[] {7})).isEqualTo(new LatencySummary(1, 7, 7, 7));
        assertThat(LatencySummary.of(new long[] {5, 1, 3})).isEqualTo(new LatencySummary(3, 3, 5, 5));
        assertThat(LatencySummary.of(new long[0])).isEqualTo(new LatencySummary(0, 0, 0, 0));
        // p99 of 1000 values is the 990th, not the maximum
        long[] thousand = new long[1000];
        for (int i = 0; i < 1000; i++) {
            thousand[i] = i + 1;
        }
        assertThat(LatencySummary.of(thousand).p99Nanos()).isEqualTo(990);
    }

    @Test
    void ratesCountOnlyAcceptedRequests() {
        LoadResult r = new LoadResult(1000, 10, Map.of(202, 900L, 429, 60L, -1, 40L), 2_000_000_000L,
                LatencySummary.of(new long[] {1}), 50_000_000L);
        assertThat(r.accepted()).isEqualTo(900);
        assertThat(r.acceptedEvents()).isEqualTo(9000);
        assertThat(r.acceptedRequestsPerSecond()).isEqualTo(450.0);
        assertThat(r.acceptedEventsPerSecond()).isEqualTo(4500.0);
        assertThat(r.refusals()).containsExactly(Map.entry(-1, 40L), Map.entry(429, 60L));
        assertThat(r.driverCpuMicrosPerRequest()).isEqualTo(50.0);
    }
}
