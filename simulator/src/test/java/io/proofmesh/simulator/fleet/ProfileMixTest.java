package io.proofmesh.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ProfileMixTest {

    @Test
    void theDefaultMixSplitsAHundredNodesExactly() {
        Map<NodeProfile, Integer> c = ProfileMix.parse(ProfileMix.DEFAULT).counts(100);
        assertThat(c).containsEntry(NodeProfile.HONEST, 70).containsEntry(NodeProfile.FLAKY, 10)
                .containsEntry(NodeProfile.SLOW, 5).containsEntry(NodeProfile.REPLAYER, 5)
                .containsEntry(NodeProfile.FORGER, 5).containsEntry(NodeProfile.SKEWED, 5);
    }

    @Test
    void countsAlwaysAddUpAndSmallFleetsGetEveryWeightedProfile() {
        ProfileMix mix = ProfileMix.parse(ProfileMix.DEFAULT);
        for (int n : new int[] {6, 7, 13, 30, 999, 10_000}) {
            Map<NodeProfile, Integer> c = mix.counts(n);
            assertThat(c.values().stream().mapToInt(Integer::intValue).sum()).as("n=%d", n).isEqualTo(n);
            assertThat(c.values()).as("n=%d", n).allMatch(v -> v >= 1);
        }
        assertThat(mix.assign(30, 7)).isEqualTo(mix.assign(30, 7)).hasSize(30);
    }

    @Test
    void weightsNeedNotSumToAHundredAndMissingProfilesGetNone() {
        Map<NodeProfile, Integer> c = ProfileMix.parse(" honest = 1, forger=1 ").counts(10);
        assertThat(c).containsEntry(NodeProfile.HONEST, 5).containsEntry(NodeProfile.FORGER, 5)
                .containsEntry(NodeProfile.SLOW, 0);
    }

    @Test
    void badMixesSayWhatIsWrong() {
        assertThatThrownBy(() -> ProfileMix.parse("honest=70,liar=5")).hasMessageContaining("unknown profile 'liar'")
                .hasMessageContaining("forger");
        assertThatThrownBy(() -> ProfileMix.parse("honest")).hasMessageContaining("not profile=weight");
        assertThatThrownBy(() -> ProfileMix.parse("honest=x")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> ProfileMix.parse("honest=-1")).hasMessageContaining("negative");
        assertThatThrownBy(() -> ProfileMix.parse("honest=1,honest=2")).hasMessageContaining("twice");
        assertThatThrownBy(() -> ProfileMix.parse("honest=0")).hasMessageContaining("positive weight");
    }
}
