package io.proofmesh.scoring.reward;

import io.proofmesh.scoring.policy.Ppm;
import io.proofmesh.scoring.policy.ScoringPolicy;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Splits an epoch's pot among its nodes (PROTOCOL.md §14.1, DESIGN.md "Money is exact"): exact
 * integers, pro rata to the component scores, largest remainder with nodeId tie-break, so every
 * implementation pays the same base units to the same nodes and the epoch pays exactly its pot.
 */
public final class RewardAllocator {

    private static final BigInteger MILLION = BigInteger.valueOf(Ppm.ONE);

    private RewardAllocator() {
    }

    /**
     * pot = policy.emissionPerEpoch + carriedIn; availabilityPool = floor(pot × availabilityWeightPpm / 10⁶),
     * workPool = pot − availabilityPool; each split among eligible nodes (eligible and uptimePpm ≥
     * minUptimePpm) by their availabilityScorePpm / workScorePpm. A pool without eligible weight joins
     * the other; with no eligible weight at all the whole pot is carried out.
     *
     * @param nodes one share per node (any order; a node twice is an IllegalArgumentException)
     */
    public static Allocation allocate(long epoch, ScoringPolicy policy, BigInteger carriedIn, Collection<NodeShare> nodes) {
        if (policy == null) {
            throw new IllegalArgumentException("policy must not be null");
        }
        Amounts.requireNonNegative("carriedIn", carriedIn);
        if (nodes == null) {
            throw new IllegalArgumentException("nodes must not be null");
        }
        NodeShare[] input = nodes.toArray(new NodeShare[0]);
        NodeShare[] shares = input;
        if (!sortedStrictly(input)) {
            String[] ids = new String[input.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = input[i].nodeId();
            }
            int[] order = NodeOrder.sortedIndexes(ids);
            shares = new NodeShare[input.length];
            for (int i = 0; i < order.length; i++) {
                shares[i] = input[order[i]];
            }
            for (int i = 1; i < shares.length; i++) {
                if (shares[i - 1].nodeId().equals(shares[i].nodeId())) {
                    throw new IllegalArgumentException("node " + shares[i].nodeId() + " has two shares in epoch " + epoch);
                }
            }
        }
        int n = shares.length;
        int[] availabilityWeights = new int[n];
        int[] workWeights = new int[n];
        long availabilityTotal = 0;
        long workTotal = 0;
        for (int i = 0; i < n; i++) {
            NodeShare s = shares[i];
            if (s.eligible() && s.uptimePpm() >= policy.minUptimePpm()) {
                availabilityWeights[i] = s.availabilityScorePpm();
                workWeights[i] = s.workScorePpm();
                availabilityTotal += s.availabilityScorePpm();
                workTotal += s.workScorePpm();
            }
        }

        BigInteger emission = policy.emissionPerEpoch();
        BigInteger pot = emission.add(carriedIn);
        BigInteger availabilityPool = pot.multiply(BigInteger.valueOf(policy.availabilityWeightPpm())).divide(MILLION);
        BigInteger workPool = pot.subtract(availabilityPool);
        BigInteger carriedOut = BigInteger.ZERO;
        if (availabilityTotal == 0 && workTotal == 0) {
            carriedOut = pot;
            availabilityPool = BigInteger.ZERO;
            workPool = BigInteger.ZERO;
        } else if (availabilityTotal == 0) {
            workPool = pot;
            availabilityPool = BigInteger.ZERO;
        } else if (workTotal == 0) {
            availabilityPool = pot;
            workPool = BigInteger.ZERO;
        }

        BigInteger[] availability = split(availabilityPool, availabilityWeights, availabilityTotal);
        BigInteger[] work = split(workPool, workWeights, workTotal);
        List<NodeAllocation> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new NodeAllocation(shares[i].nodeId(), availability[i], work[i]));
        }
        return new Allocation(epoch, emission, carriedIn, carriedOut, availabilityPool, workPool, out);
    }

    /**
     * Largest remainder: node i gets floor(pool × w_i / W), then the remaining base units go one
     * each to the nodes with the largest remainder (pool × w_i mod W), ties to the lower index
     * (= lower nodeId). With pool = qW + r: pool × w_i = q·w_i·W + r·w_i, so the floor is
     * q·w_i + floor(r·w_i / W) and the remainder is r·w_i mod W — small integers, no big division per node.
     */
    static BigInteger[] split(BigInteger pool, int[] weights, long total) {
        return split(pool, weights, total, false);
    }

    /** {@link #split(BigInteger, int[], long)}; {@code bigProducts} forces BigInteger products (tests cover that path). */
    static BigInteger[] split(BigInteger pool, int[] weights, long total, boolean bigProducts) {
        int n = weights.length;
        BigInteger[] amounts = new BigInteger[n];
        if (total == 0 || pool.signum() == 0) {
            Arrays.fill(amounts, BigInteger.ZERO);
            return amounts;
        }
        BigInteger[] qr = pool.divideAndRemainder(BigInteger.valueOf(total));
        BigInteger q = qr[0];
        long r = qr[1].longValueExact(); // r < total
        boolean smallProducts = !bigProducts && r <= Long.MAX_VALUE / Ppm.ONE; // r × w_i fits a long
        BigInteger bigR = BigInteger.valueOf(r);
        BigInteger bigTotal = BigInteger.valueOf(total);
        long[] extra = new long[n];
        long[] remainder = new long[n];
        long extraSum = 0;
        int candidates = 0;
        for (int i = 0; i < n; i++) {
            int w = weights[i];
            if (w == 0) {
                continue;
            }
            if (smallProducts) {
                long p = r * w;
                long x = p / total;
                extra[i] = x;
                remainder[i] = p - x * total;
            } else {
                BigInteger[] d = bigR.multiply(BigInteger.valueOf(w)).divideAndRemainder(bigTotal);
                extra[i] = d[0].longValueExact();
                remainder[i] = d[1].longValueExact();
            }
            extraSum += extra[i];
            if (remainder[i] > 0) {
                candidates++;
            }
        }
        // Σ floor = q·W + Σ extra, so r − Σ extra base units are left: fewer than the candidates.
        long leftover = r - extraSum;
        if (leftover > 0) {
            // The leftover-th largest remainder is the threshold: every remainder above it gets a unit,
            // those equal to it take the rest in index order.
            long[] sorted = new long[candidates];
            int c = 0;
            for (int i = 0; i < n; i++) {
                if (remainder[i] > 0) {
                    sorted[c++] = remainder[i];
                }
            }
            Arrays.sort(sorted);
            long threshold = sorted[(int) (candidates - leftover)];
            long above = 0;
            for (int i = 0; i < n; i++) {
                if (remainder[i] > threshold) {
                    extra[i]++;
                    above++;
                }
            }
            long atThreshold = leftover - above;
            for (int i = 0; i < n && atThreshold > 0; i++) {
                if (remainder[i] == threshold) {
                    extra[i]++;
                    atThreshold--;
                }
            }
        }
        // q × w_i + extra_i in a long when it fits (token-sized pools over many nodes), else BigInteger
        boolean qFitsLong = q.bitLength() < 63;
        long qLong = q.longValue();
        for (int i = 0; i < n; i++) {
            int w = weights[i];
            if (w == 0) {
                amounts[i] = BigInteger.ZERO;
                continue;
            }
            if (qFitsLong) {
                long hi = Math.multiplyHigh(qLong, w);
                long lo = qLong * w;
                if (hi == 0 && lo >= 0 && lo + extra[i] >= 0) {
                    amounts[i] = BigInteger.valueOf(lo + extra[i]);
                    continue;
                }
            }
            amounts[i] = q.multiply(BigInteger.valueOf(w)).add(BigInteger.valueOf(extra[i]));
        }
        return amounts;
    }

    private static boolean sortedStrictly(NodeShare[] shares) {
        for (int i = 1; i < shares.length; i++) {
            if (shares[i - 1].nodeId().compareTo(shares[i].nodeId()) >= 0) {
                return false;
            }
        }
        return true;
    }
}
