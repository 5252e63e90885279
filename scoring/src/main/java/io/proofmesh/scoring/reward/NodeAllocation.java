package io.proofmesh.scoring.reward;

import java.math.BigInteger;

/** One node's reward of an epoch, token base units, by pool. */
public record NodeAllocation(String nodeId, BigInteger availabilityAmount, BigInteger workAmount) {

    public NodeAllocation {
        if (nodeId == null) {
            throw new IllegalArgumentException("nodeId must not be null");
        }
        Amounts.requireNonNegative("availabilityAmount", nodeId, availabilityAmount);
        Amounts.requireNonNegative("workAmount", nodeId, workAmount);
    }

    /** availabilityAmount + workAmount. */
    public BigInteger amount() {
        return availabilityAmount.add(workAmount);
    }
}
