package io.proofmesh.scoring.reward;

import static io.proofmesh.scoring.reward.RewardFixtures.A;
import static io.proofmesh.scoring.reward.RewardFixtures.B;
import static io.proofmesh.scoring.reward.RewardFixtures.C;
import static io.proofmesh.scoring.reward.RewardFixtures.D;
import static io.proofmesh.scoring.reward.RewardFixtures.E;
import static io.proofmesh.scoring.reward.RewardFixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class RewardAllocatorTest {

    private static BigInteger n(long v) {
        return BigInteger.valueOf(v);
    }

    /**
     * PROTOCOL.md §14.1. pot = 101 + 0; availabilityPool = floor(101 × 600000 / 10⁶) = floor(60.6) = 60;
     * workPool = 101 − 60 = 41. Eligible: A, B, E (C's uptime 400000 < 500000, D not eligible).
     * Availability, W = 800000 + 400000 + 200000 = 1400000:
     *   A 60 × 800000 = 48000000 → 34 rem 400000; B 24000000 → 17 rem 200000; E 12000000 → 8 rem 800000;
     *   floors 59, 1 left → E (largest remainder): A 34, B 17, E 9.
     * Work, W = 500000 + 0 + 500000 = 1000000: A 41 × 500000 = 20500000 → 20 rem 500000, E the same;
     *   floors 40, 1 left, remainders tie → lower nodeId A: A 21, E 20.
     * Totals: A 55, B 17, E 29, C 0, D 0; 55 + 17 + 29 = 101.
     */
    @Test
    void workedExampleOfTheProtocol() {
        Allocation a = RewardAllocator.allocate(7, RewardFixtures.examplePolicy(), BigInteger.ZERO, RewardFixtures.exampleShares());
        assertThat(a.epoch()).isEqualTo(7);
        assertThat(a.emission()).isEqualTo(n(101));
        assertThat(a.availabilityPool()).isEqualTo(n(60));
        assertThat(a.workPool()).isEqualTo(n(41));
        assertThat(a.carriedOut()).isZero();
        assertThat(a.nodes()).containsExactly(
                new NodeAllocation(A, n(34), n(21)),
                new NodeAllocation(B, n(17), n(0)),
                new NodeAllocation(C, n(0), n(0)),
                new NodeAllocation(D, n(0), n(0)),
                new NodeAllocation(E, n(9), n(20)));
        assertThat(a.totalPaid()).isEqualTo(n(101));
        assertThat(a.of(A)).map(NodeAllocation::amount).contains(n(55));
        assertThat(a.of(RewardFixtures.F)).isEmpty();
    }

    /** Pot 2 among three equal weights: each 2/3 → floor 0 rem equal; the two lowest nodeIds get 1. */
    @Test
    void equalRemaindersGoToTheLowerNodeId() {
        List<NodeShare> shares = List.of(
                new NodeShare(C, true, 1_000_000, 500_000, 0),
                new NodeShare(A, true, 1_000_000, 500_000, 0),
                new NodeShare(B, true, 1_000_000, 500_000, 0));
        Allocation a = RewardAllocator.allocate(1, policy(n(2), 1_000_000, 0), BigInteger.ZERO, shares);
        assertThat(a.nodes()).extracting(NodeAllocation::amount).containsExactly(n(1), n(1), n(0));
        assertThat(a.nodes()).extracting(NodeAllocation::nodeId).containsExactly(A, B, C);
    }

    /** No eligible node with a positive score: pot = 100 + 23 carried out whole, nobody paid. */
    @Test
    void nobodyEligibleCarriesTheWholePot() {
        List<NodeShare> shares = List.of(
                new NodeShare(A, false, 1_000_000, 900_000, 900_000),  // not eligible
                new NodeShare(B, true, 100_000, 900_000, 900_000),     // uptime below 500000
                new NodeShare(C, true, 1_000_000, 0, 0));              // eligible, zero scores
        Allocation a = RewardAllocator.allocate(3, policy(n(100), 600_000, 500_000), n(23), shares);
        assertThat(a.carriedIn()).isEqualTo(n(23));
        assertThat(a.carriedOut()).isEqualTo(n(123));
        assertThat(a.availabilityPool()).isZero();
        assertThat(a.workPool()).isZero();
        assertThat(a.totalPaid()).isZero();
        assertThat(a.nodes()).hasSize(3).allSatisfy(x -> assertThat(x.amount()).isZero());

        Allocation empty = RewardAllocator.allocate(3, policy(n(100), 600_000, 500_000), n(23), List.of());
        assertThat(empty.carriedOut()).isEqualTo(n(123));
        assertThat(empty.nodes()).isEmpty();
    }

    /**
     * Carried emission joins the pot: pot = 10 + 5 = 15, availabilityPool = floor(15 × 0.6) = 9, workPool 6;
     * nobody has work, so the work pool joins availability: 15 split 2:1 → A 10, B 5.
     */
    @Test
    void carriedInJoinsThePotAndAPoolWithoutWeightJoinsTheOther() {
        List<NodeShare> shares = List.of(
                new NodeShare(A, true, 1_000_000, 600_000, 0),
                new NodeShare(B, true, 1_000_000, 300_000, 0));
        Allocation a = RewardAllocator.allocate(4, policy(n(10), 600_000, 0), n(5), shares);
        assertThat(a.availabilityPool()).isEqualTo(n(15));
        assertThat(a.workPool()).isZero();
        assertThat(a.carriedOut()).isZero();
        assertThat(a.nodes()).containsExactly(new NodeAllocation(A, n(10), n(0)), new NodeAllocation(B, n(5), n(0)));
    }

    /** Token-sized amounts: 1000 tokens (10²¹ base units) among weights 1:2 → 333.33… and 666.66… tokens, exact to the unit. */
    @Test
    void tokenAmountsAreExactToTheBaseUnit() {
        BigInteger emission = new BigInteger("1000000000000000000000");
        List<NodeShare> shares = List.of(
                new NodeShare(A, true, 1_000_000, 100_000, 0),
                new NodeShare(B, true, 1_000_000, 200_000, 0));
        Allocation a = RewardAllocator.allocate(0, policy(emission, 1_000_000, 0), BigInteger.ZERO, shares);
        // 10²¹ / 3 = 333333333333333333333 rem 1 (A's remainder 100000, B's 200000: the unit goes to B)
        assertThat(a.of(A).orElseThrow().amount()).isEqualTo(new BigInteger("333333333333333333333"));
        assertThat(a.of(B).orElseThrow().amount()).isEqualTo(new BigInteger("666666666666666666667"));
    }

    @Test
    void badInputIsRefusedWithWhatIsWrong() {
        NodeShare a = new NodeShare(A, true, 1_000_000, 1, 1);
        assertThatThrownBy(() -> RewardAllocator.allocate(1, policy(n(1), 500_000, 0), BigInteger.ZERO, List.of(a, a)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(A).hasMessageContaining("two shares");
        assertThatThrownBy(() -> RewardAllocator.allocate(1, policy(n(1), 500_000, 0), n(-1), List.of(a)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("carriedIn");
        assertThatThrownBy(() -> new NodeShare("0x1234", true, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nodeId").hasMessageContaining("0x1234");
        assertThatThrownBy(() -> new NodeShare("0xA000000000000000000000000000000000000001", true, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower-case");
        assertThatThrownBy(() -> new NodeShare(A, true, 0, 1_000_001, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("availabilityScorePpm");
        assertThatThrownBy(() -> new NodeAllocation(A, n(-1), n(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("availabilityAmount");
    }
}
