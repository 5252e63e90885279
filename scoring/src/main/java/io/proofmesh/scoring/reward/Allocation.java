package io.proofmesh.scoring.reward;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * An epoch's split of its pot (PROTOCOL.md §14.1). {@code availabilityPool} and {@code workPool}
 * are the amounts actually split (after a pool without eligible weight moved to the other), so
 * availabilityPool + workPool + carriedOut = emission + carriedIn = totalPaid + carriedOut.
 *
 * @param nodes every input node, sorted by nodeId, zeros included
 */
public record Allocation(long epoch, BigInteger emission, BigInteger carriedIn, BigInteger carriedOut,
        BigInteger availabilityPool, BigInteger workPool, List<NodeAllocation> nodes) {

    public Allocation {
        Amounts.requireNonNegative("emission", emission);
        Amounts.requireNonNegative("carriedIn", carriedIn);
        Amounts.requireNonNegative("carriedOut", carriedOut);
        Amounts.requireNonNegative("availabilityPool", availabilityPool);
        Amounts.requireNonNegative("workPool", workPool);
        nodes = List.copyOf(nodes);
        for (int i = 1; i < nodes.size(); i++) {
            if (nodes.get(i - 1).nodeId().compareTo(nodes.get(i).nodeId()) >= 0) {
                throw new IllegalArgumentException("allocation nodes must be sorted by nodeId without repeats, at "
                        + nodes.get(i).nodeId());
            }
        }
    }

    /** Sum of every node's amount. */
    public BigInteger totalPaid() {
        BigInteger sum = BigInteger.ZERO;
        for (NodeAllocation n : nodes) {
            sum = sum.add(n.availabilityAmount()).add(n.workAmount());
        }
        return sum;
    }

    /** The node's allocation, empty if it was not among the inputs. */
    public Optional<NodeAllocation> of(String nodeId) {
        int lo = 0;
        int hi = nodes.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = nodes.get(mid).nodeId().compareTo(nodeId);
            if (c == 0) {
                return Optional.of(nodes.get(mid));
            } else if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return Optional.empty();
    }
}
