package io.proofmesh.scoring.reputation;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.scoring.policy.LatencyTier;
import io.proofmesh.scoring.policy.ScoringPolicy;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReputationTest {

    static final ScoringPolicy POLICY = new ScoringPolicy("t", 0, 30, List.of(new LatencyTier(1, 1)), 0, 500_000, 500_000,
            2_000_000, 1_000_000, 900_000, BigInteger.ONE, 0);

    @Test
    void evidenceAddsOneEachAndDecaysTowardThePrior() {
        Reputation r = Reputation.prior(POLICY);          // α 2, β 1 → 666 666
        assertThat(r.ppm()).isEqualTo(666_666);
        Reputation e1 = r.next(POLICY, 3, 1);             // α = 2 + 0 + 3 = 5, β = 1 + 0 + 1 = 2
        assertThat(e1).isEqualTo(new Reputation(5_000_000, 2_000_000));
        assertThat(e1.ppm()).isEqualTo(714_285);          // floor(5 / 7 × 1e6)
        Reputation e2 = e1.next(POLICY, 0, 2);            // α = 2 + 3 × 0.9 = 4.7, β = 1 + 1 × 0.9 + 2 = 3.9
        assertThat(e2).isEqualTo(new Reputation(4_700_000, 3_900_000));
        Reputation quiet = e2;
        for (int i = 0; i < 400; i++) {
            quiet = quiet.next(POLICY, 0, 0);
        }
        assertThat(quiet).isEqualTo(Reputation.prior(POLICY)); // silence returns a node to a newcomer's standing
    }
}
