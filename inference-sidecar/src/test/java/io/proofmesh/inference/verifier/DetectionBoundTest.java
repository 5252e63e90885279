package io.proofmesh.inference.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DetectionBoundTest {

    @Test
    void tenPercentAtOneInAMillionIs132Results() {
        assertThat(DetectionBound.resultsBeforeCaught(0.1, 1e-6)).isEqualTo(132);
        // 131 is not enough, 132 is
        assertThat(DetectionBound.probabilityUncaught(0.1, 131)).isGreaterThan(1e-6);
        assertThat(DetectionBound.probabilityUncaught(0.1, 132)).isLessThanOrEqualTo(1e-6);
    }

    @Test
    void boundIsTheSmallestNWhoseMissProbabilityIsAtMostDelta() {
        for (double p : new double[] {0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.9, 0.999}) {
            for (double delta : new double[] {0.5, 0.05, 1e-3, 1e-6, 1e-9}) {
                long n = DetectionBound.resultsBeforeCaught(p, delta);
                assertThat(DetectionBound.probabilityUncaught(p, n)).as("p=%s δ=%s", p, delta).isLessThanOrEqualTo(delta);
                if (n > 1) {
                    assertThat(DetectionBound.probabilityUncaught(p, n - 1)).as("p=%s δ=%s", p, delta).isGreaterThan(delta);
                }
            }
        }
        assertThat(DetectionBound.resultsBeforeCaught(0.5, 1e-6)).isEqualTo(20);
        assertThat(DetectionBound.resultsBeforeCaught(1.0, 1e-6)).isEqualTo(1);
    }

    @Test
    void canariesAddToTheSampleAsIndependentChecks() {
        assertThat(DetectionBound.verifiedFraction(0.1, 0.0)).isEqualTo(0.1);
        assertThat(DetectionBound.verifiedFraction(0.1, 0.05)).isCloseTo(0.145, within(1e-12));
        assertThat(DetectionBound.verifiedFraction(1.0, 0.3)).isEqualTo(1.0);
        assertThat(DetectionBound.resultsBeforeCaught(DetectionBound.verifiedFraction(0.1, 0.05), 1e-6))
                .isLessThan(DetectionBound.resultsBeforeCaught(0.1, 1e-6));
    }

    @Test
    void simulatedCheatersAreCaughtWithinTheBoundAsOftenAsStated() {
        // A cheater's results are each verified with probability p'; count how often the first
        // verification comes later than the bound for δ = 1 %: about 1 % of 20 000 runs.
        double p = 0.1;
        double delta = 0.01;
        long n = DetectionBound.resultsBeforeCaught(p, delta);
        Random random = new Random(42);
        int runs = 20_000;
        int late = 0;
        for (int r = 0; r < runs; r++) {
            int k = 1;
            while (random.nextDouble() >= p) {
                k++;
            }
            if (k > n) {
                late++;
            }
        }
        assertThat(late / (double) runs).isLessThanOrEqualTo(delta * 1.3).isGreaterThan(delta * 0.5);
    }

    @Test
    void nothingVerifiedMeansNoBound() {
        assertThatThrownBy(() -> DetectionBound.resultsBeforeCaught(0, 1e-6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no node is ever caught");
        assertThatThrownBy(() -> DetectionBound.resultsBeforeCaught(0.1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DetectionBound.resultsBeforeCaught(0.1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DetectionBound.verifiedFraction(1.2, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
