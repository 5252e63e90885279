package io.proofmesh.scoring.reward;

import io.proofmesh.scoring.merkle.HexAddress;
import io.proofmesh.scoring.merkle.RewardLeaf;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One row of an epoch's reward table: one Merkle leaf plus this epoch's amounts (the content of a
 * {@code RewardEntry}).
 *
 * @param amount           this epoch's reward = availabilityAmount + workAmount
 * @param cumulativeAmount previous cumulative + amount: what the leaf commits to
 * @param scorePpm         the node's final score of the epoch, 0 if not scored
 * @param detailsDigest    32 bytes: the score's details digest, zeros if the node was not scored this epoch
 */
public record RewardRow(String nodeId, String payout, BigInteger amount, BigInteger availabilityAmount, BigInteger workAmount,
        BigInteger cumulativeAmount, int scorePpm, byte[] detailsDigest) {

    public RewardRow {
        HexAddress.require("nodeId", nodeId);
        HexAddress.require("payout", nodeId, payout);
        Amounts.requireNonNegative("amount", nodeId, amount);
        Amounts.requireNonNegative("availabilityAmount", nodeId, availabilityAmount);
        Amounts.requireNonNegative("workAmount", nodeId, workAmount);
        Amounts.requireNonNegative("cumulativeAmount", nodeId, cumulativeAmount);
        if (!amount.equals(availabilityAmount.add(workAmount))) {
            throw new IllegalArgumentException("amount of " + nodeId + " must be availabilityAmount + workAmount, got "
                    + amount + " != " + availabilityAmount + " + " + workAmount);
        }
        if (cumulativeAmount.compareTo(amount) < 0) {
            throw new IllegalArgumentException("cumulativeAmount of " + nodeId + " must be at least this epoch's amount, got "
                    + cumulativeAmount + " < " + amount);
        }
        Amounts.requirePpm("scorePpm", nodeId, scorePpm);
        if (detailsDigest == null || detailsDigest.length != 32) {
            throw new IllegalArgumentException("detailsDigest of " + nodeId + " must be 32 bytes, got "
                    + (detailsDigest == null ? "null" : detailsDigest.length + " bytes"));
        }
        detailsDigest = detailsDigest.clone();
    }

    @Override
    public byte[] detailsDigest() {
        return detailsDigest.clone();
    }

    /** The row's Merkle leaf: (nodeId, payout, cumulativeAmount, detailsDigest). */
    public RewardLeaf leaf() {
        return new RewardLeaf(nodeId, payout, cumulativeAmount, detailsDigest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RewardRow r && nodeId.equals(r.nodeId) && payout.equals(r.payout) && amount.equals(r.amount)
                && availabilityAmount.equals(r.availabilityAmount) && workAmount.equals(r.workAmount)
                && cumulativeAmount.equals(r.cumulativeAmount) && scorePpm == r.scorePpm
                && Arrays.equals(detailsDigest, r.detailsDigest);
    }

    @Override
    public int hashCode() {
        return nodeId.hashCode() * 31 + cumulativeAmount.hashCode();
    }

    @Override
    public String toString() {
        return "RewardRow[nodeId=" + nodeId + ", payout=" + payout + ", amount=" + amount + ", availabilityAmount="
                + availabilityAmount + ", workAmount=" + workAmount + ", cumulativeAmount=" + cumulativeAmount
                + ", scorePpm=" + scorePpm + ", detailsDigest=0x" + HexFormat.of().formatHex(detailsDigest) + "]";
    }
}
