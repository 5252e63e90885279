package io.proofmesh.inference.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SampleSelectorTest {

    private static final byte[] SEED_A = new byte[32];
    private static final byte[] SEED_B = new byte[32];

    static {
        SEED_B[0] = 1;
    }

    private static List<String> jobIds(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("job-" + UUID.nameUUIDFromBytes(("j" + i).getBytes()));
        }
        return ids;
    }

    @Test
    void samplesTheConfiguredFractionOfJobs() {
        SampleSelector tenPercent = new SampleSelector(SEED_A, 100_000);
        long hits = jobIds(20_000).stream().filter(tenPercent::sampled).count();
        assertThat(hits / 20_000.0).isBetween(0.09, 0.11);
        assertThat(jobIds(1000).stream().filter(new SampleSelector(SEED_A, 0)::sampled)).isEmpty();
        assertThat(jobIds(1000).stream().allMatch(new SampleSelector(SEED_A, 1_000_000)::sampled)).isTrue();
    }

    @Test
    void theChoiceIsFixedPerJobAndSeedButDiffersAcrossSeeds() {
        List<String> ids = jobIds(2000);
        SampleSelector a = new SampleSelector(SEED_A, 500_000);
        List<Boolean> first = ids.stream().map(a::sampled).toList();
        assertThat(ids.stream().map(new SampleSelector(SEED_A, 500_000)::sampled).toList()).isEqualTo(first);
        List<Boolean> other = ids.stream().map(new SampleSelector(SEED_B, 500_000)::sampled).toList();
        long agree = 0;
        for (int i = 0; i < ids.size(); i++) {
            if (first.get(i).equals(other.get(i))) {
                agree++;
            }
        }
        // independent coins agree about half the time; a seed that did not matter would agree always
        assertThat(agree / (double) ids.size()).isBetween(0.4, 0.6);
    }

    @Test
    void aHigherRateSamplesASupersetOfTheLowerOne() {
        SampleSelector low = new SampleSelector(SEED_A, 100_000);
        SampleSelector high = new SampleSelector(SEED_A, 300_000);
        assertThat(jobIds(3000).stream().filter(low::sampled)).allMatch(high::sampled);
    }

    @Test
    void rateOutsideAMillionIsRefused() {
        assertThatThrownBy(() -> new SampleSelector(SEED_A, 1_000_001)).hasMessageContaining("0..1000000");
        assertThatThrownBy(() -> new SampleSelector(SEED_A, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
