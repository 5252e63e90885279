package io.proofmesh.scoring.reward;

import static org.assertj.core.api.Assertions.assertThat;

import io.proofmesh.scoring.policy.ScoringPolicy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The allocation rule's invariants (PROTOCOL.md §14.1) over generated epochs. */
class RewardAllocatorPropertiesTest {

    /** An epoch's inputs: policy, carried-in amount and shares. */
    record Epoch(ScoringPolicy policy, BigInteger carriedIn, List<NodeShare> shares) {
        BigInteger pot() {
            return policy.emissionPerEpoch().add(carriedIn);
        }
    }

    @Provide
    Arbitrary<Epoch> epochs() {
        Arbitrary<BigInteger> amounts = Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.valueOf(50)),
                Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TEN.pow(27)));
        Arbitrary<Integer> ppm = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.just(1_000_000),
                Arbitraries.integers().between(0, 1_000_000));
        Arbitrary<NodeShare> share = Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofSize(20).map(b -> "0x" + HexFormat.of().formatHex(b)),
                Arbitraries.of(true, true, true, false), ppm, ppm, ppm)
                .as(NodeShare::new);
        Arbitrary<List<NodeShare>> shares = share.list().ofMaxSize(40).uniqueElements(NodeShare::nodeId);
        return Combinators.combine(amounts, ppm, ppm, amounts, shares)
                .as((emission, availabilityWeight, minUptime, carriedIn, s) ->
                        new Epoch(RewardFixtures.policy(emission, availabilityWeight, minUptime), carriedIn, s));
    }

    private static Allocation allocate(Epoch e) {
        return RewardAllocator.allocate(5, e.policy(), e.carriedIn(), e.shares());
    }

    private static boolean paid(ScoringPolicy p, NodeShare s) {
        return s.eligible() && s.uptimePpm() >= p.minUptimePpm();
    }

    /** Σ paid + carriedOut = emission + carriedIn exactly; carriedOut is all or nothing. */
    @Property(tries = 500)
    void paysExactlyThePotOrCarriesAllOfIt(@ForAll("epochs") Epoch e) {
        Allocation a = allocate(e);
        assertThat(a.totalPaid().add(a.carriedOut())).isEqualTo(e.pot());
        assertThat(a.availabilityPool().add(a.workPool()).add(a.carriedOut())).isEqualTo(e.pot());
        boolean anyWeight = e.shares().stream()
                .anyMatch(s -> paid(e.policy(), s) && (s.availabilityScorePpm() > 0 || s.workScorePpm() > 0));
        assertThat(a.carriedOut()).isEqualTo(anyWeight ? BigInteger.ZERO : e.pot());
        BigInteger availabilitySum = a.nodes().stream().map(NodeAllocation::availabilityAmount).reduce(BigInteger.ZERO, BigInteger::add);
        assertThat(availabilitySum).isEqualTo(a.availabilityPool());
    }

    /** Every input node is in the output once, in nodeId order. */
    @Property(tries = 200)
    void everyNodeOnceInNodeIdOrder(@ForAll("epochs") Epoch e) {
        Allocation a = allocate(e);
        List<String> expected = e.shares().stream().map(NodeShare::nodeId).sorted().toList();
        assertThat(a.nodes()).extracting(NodeAllocation::nodeId).containsExactlyElementsOf(expected);
    }

    /** The order of the input does not change anything. */
    @Property(tries = 300)
    void permutationInvariant(@ForAll("epochs") Epoch e, @ForAll long seed) {
        List<NodeShare> shuffled = new ArrayList<>(e.shares());
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(RewardAllocator.allocate(5, e.policy(), e.carriedIn(), shuffled)).isEqualTo(allocate(e));
    }

    /** Ineligible (or under the uptime minimum) → nothing; a zero component → nothing from that pool. */
    @Property(tries = 300)
    void ineligibleAndZeroScoresGetNothing(@ForAll("epochs") Epoch e) {
        Allocation a = allocate(e);
        for (NodeShare s : e.shares()) {
            NodeAllocation got = a.of(s.nodeId()).orElseThrow();
            if (!paid(e.policy(), s)) {
                assertThat(got.amount()).as("ineligible %s", s).isZero();
            }
            if (s.availabilityScorePpm() == 0) {
                assertThat(got.availabilityAmount()).as("availability of %s", s).isZero();
            }
            if (s.workScorePpm() == 0) {
                assertThat(got.workAmount()).as("work of %s", s).isZero();
            }
        }
    }

    /** Raising one node's component score never lowers what it gets from that pool. */
    @Property(tries = 400)
    void monotoneInEachComponent(@ForAll("epochs") Epoch e, @ForAll @IntRange(min = 0, max = 39) int pick,
            @ForAll @IntRange(min = 1, max = 1_000_000) int raise, @ForAll boolean work) {
        if (e.shares().isEmpty()) {
            return;
        }
        NodeShare s = e.shares().get(pick % e.shares().size());
        NodeShare higher = work
                ? new NodeShare(s.nodeId(), s.eligible(), s.uptimePpm(), s.availabilityScorePpm(), Math.min(1_000_000, s.workScorePpm() + raise))
                : new NodeShare(s.nodeId(), s.eligible(), s.uptimePpm(), Math.min(1_000_000, s.availabilityScorePpm() + raise), s.workScorePpm());
        List<NodeShare> raised = new ArrayList<>(e.shares());
        raised.set(raised.indexOf(s), higher);
        NodeAllocation before = allocate(e).of(s.nodeId()).orElseThrow();
        NodeAllocation after = RewardAllocator.allocate(5, e.policy(), e.carriedIn(), raised).of(s.nodeId()).orElseThrow();
        if (work) {
            assertThat(after.workAmount()).isGreaterThanOrEqualTo(before.workAmount());
        } else {
            assertThat(after.availabilityAmount()).isGreaterThanOrEqualTo(before.availabilityAmount());
        }
    }

    /**
     * The fast split (remainders in longs, threshold selection) equals the rule computed naively:
     * BigInteger floor and remainder per node, then one unit each in (remainder desc, index asc) order.
     * Both the long and the forced-BigInteger product paths.
     */
    @Property(tries = 500)
    void splitEqualsTheNaiveLargestRemainder(@ForAll("epochs") Epoch e, @ForAll boolean bigProducts) {
        int[] weights = e.shares().stream().mapToInt(NodeShare::availabilityScorePpm).toArray();
        long total = 0;
        for (int w : weights) {
            total += w;
        }
        BigInteger pool = e.pot();
        BigInteger[] fast = RewardAllocator.split(pool, weights, total, bigProducts);
        assertThat(fast).containsExactly(naiveSplit(pool, weights, total));
    }

    private static BigInteger[] naiveSplit(BigInteger pool, int[] weights, long total) {
        int n = weights.length;
        BigInteger[] out = new BigInteger[n];
        if (total == 0) {
            java.util.Arrays.fill(out, BigInteger.ZERO);
            return out;
        }
        BigInteger[] rem = new BigInteger[n];
        BigInteger given = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            BigInteger[] d = pool.multiply(BigInteger.valueOf(weights[i])).divideAndRemainder(BigInteger.valueOf(total));
            out[i] = d[0];
            rem[i] = d[1];
            given = given.add(d[0]);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer, BigInteger>comparing(i -> rem[i]).reversed().thenComparing(i -> i));
        long left = pool.subtract(given).longValueExact();
        for (int k = 0; k < left; k++) {
            out[order.get(k)] = out[order.get(k)].add(BigInteger.ONE);
        }
        return out;
    }

}
