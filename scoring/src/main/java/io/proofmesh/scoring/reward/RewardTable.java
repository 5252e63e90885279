package io.proofmesh.scoring.reward;

import io.proofmesh.scoring.merkle.MerkleTree;
import io.proofmesh.scoring.merkle.RewardLeaf;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * An epoch's reward table and its Merkle tree (PROTOCOL.md §14.3): one row per node that was
 * scored in the epoch or was ever allocated anything before, with cumulative = previous + amount,
 * so the latest root alone lets every node claim everything it has earned.
 */
public final class RewardTable {

    private static final byte[] NO_DIGEST = new byte[32];

    private final List<RewardRow> rows;
    private final MerkleTree tree;
    private final BigInteger totalCumulative;
    private final int paidCount;

    private RewardTable(List<RewardRow> rows, MerkleTree tree, BigInteger totalCumulative, int paidCount) {
        this.rows = rows;
        this.tree = tree;
        this.totalCumulative = totalCumulative;
        this.paidCount = paidCount;
    }

    /**
     * @param allocation         the epoch's allocation; its nodes are the nodes scored this epoch
     * @param previousCumulative nodeId → cumulative amount after the previous settled epoch (absent = 0)
     * @param payouts            nodeId → payout address, needed for every row
     * @param detailsDigests     nodeId → 32-byte details digest of this epoch's score, needed for every scored node
     * @param scores             nodeId → scorePpm of this epoch (absent = 0)
     * @throws IllegalArgumentException naming the node when a payout or digest is missing or malformed,
     *                                  or when the epoch has no row at all (a tree needs a leaf)
     */
    public static RewardTable build(Allocation allocation, Map<String, BigInteger> previousCumulative,
            Map<String, String> payouts, Map<String, byte[]> detailsDigests, Map<String, Integer> scores) {
        if (allocation == null || previousCumulative == null || payouts == null || detailsDigests == null || scores == null) {
            throw new IllegalArgumentException("allocation and the four maps must not be null");
        }
        List<NodeAllocation> scored = allocation.nodes();
        String[] earlier = previousCumulative.keySet().toArray(new String[0]);
        for (String id : earlier) {
            io.proofmesh.scoring.merkle.HexAddress.require("nodeId of a previous cumulative", id);
        }
        int[] earlierOrder = NodeOrder.sortedIndexes(earlier);

        List<RewardRow> rows = new ArrayList<>(scored.size() + earlier.length);
        BigInteger total = BigInteger.ZERO;
        int paid = 0;
        int s = 0;
        int e = 0;
        // merge the scored nodes and the earlier ones, both in nodeId order; a node in both is a scored row
        while (s < scored.size() || e < earlier.length) {
            int c = s == scored.size() ? 1 : e == earlier.length ? -1
                    : scored.get(s).nodeId().compareTo(earlier[earlierOrder[e]]);
            RewardRow row;
            if (c <= 0) {
                if (c == 0) {
                    e++;
                }
                NodeAllocation a = scored.get(s++);
                String id = a.nodeId();
                byte[] digest = detailsDigests.get(id);
                if (digest == null) {
                    throw new IllegalArgumentException("no details digest for node " + id + ", scored in epoch " + allocation.epoch());
                }
                Integer score = scores.get(id);
                BigInteger amount = a.amount();
                row = new RewardRow(id, payout(payouts, id), amount, a.availabilityAmount(), a.workAmount(),
                        previous(previousCumulative, id).add(amount), score == null ? 0 : score, digest);
            } else {
                String id = earlier[earlierOrder[e++]];
                row = new RewardRow(id, payout(payouts, id), BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO,
                        previous(previousCumulative, id), 0, NO_DIGEST);
            }
            rows.add(row);
            total = total.add(row.cumulativeAmount());
            if (row.amount().signum() > 0) {
                paid++;
            }
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("epoch " + allocation.epoch() + " has no node scored or paid before: no reward tree");
        }
        List<RewardLeaf> leaves = new ArrayList<>(rows.size());
        for (RewardRow row : rows) {
            leaves.add(row.leaf());
        }
        return new RewardTable(Collections.unmodifiableList(rows), MerkleTree.of(leaves), total, paid);
    }

    /** Rows sorted by nodeId; a row's index is its leaf index in {@link #tree()}. */
    public List<RewardRow> rows() {
        return rows;
    }

    public MerkleTree tree() {
        return tree;
    }

    /** Sum of every row's cumulativeAmount: everything allocated up to and including the epoch. */
    public BigInteger totalCumulative() {
        return totalCumulative;
    }

    /** Rows with a non-zero amount this epoch. */
    public int paidCount() {
        return paidCount;
    }

    private static String payout(Map<String, String> payouts, String nodeId) {
        String p = payouts.get(nodeId);
        if (p == null) {
            throw new IllegalArgumentException("no payout address for node " + nodeId);
        }
        return p;
    }

    private static BigInteger previous(Map<String, BigInteger> previousCumulative, String nodeId) {
        BigInteger p = previousCumulative.get(nodeId);
        return p == null ? BigInteger.ZERO : Amounts.requireNonNegative("previous cumulative", nodeId, p);
    }
}
