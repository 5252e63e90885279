package io.proofmesh.settler.settle;

import io.proofmesh.schemas.common.Bytes32;
import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.RewardEntry;
import io.proofmesh.schemas.scores.EpochClosed;
import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.scoring.merkle.MerkleTree;
import io.proofmesh.scoring.policy.VerifiedPolicy;
import io.proofmesh.scoring.reward.Allocation;
import io.proofmesh.scoring.reward.BatchDigest;
import io.proofmesh.scoring.reward.NodeShare;
import io.proofmesh.scoring.reward.RewardAllocator;
import io.proofmesh.scoring.reward.RewardRow;
import io.proofmesh.scoring.reward.RewardTable;
import io.proofmesh.scoring.score.ScoreDigest;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Turns an epoch's checked inputs into its batch: allocation, reward table, Merkle tree, the
 * {@code rewards.*} records and the header digest posted on-chain. Pure and deterministic: the
 * settler and the audit both call it, so the audit recomputes exactly what was settled.
 */
public final class BatchBuilder {

    private BatchBuilder() {
    }

    /** Where the batch is settled and who builds it (not part of the money, part of the header). */
    public record Target(long chainId, String distributorAddress, String settlerId) {
    }

    /**
     * Checks the inputs against their markers and the policy, then builds the batch.
     *
     * @param carriedIn          emission carried out of the previous batch
     * @param previousCumulative every node's cumulative amount after the previous batch
     * @param payouts            payout address by nodeId
     * @throws InconsistentInputsException if a partition's scores do not match its marker, a
     *                                     score names another policy, or a node has no payout address
     */
    public static EpochBatch build(EpochInputs in, VerifiedPolicy policy, BigInteger carriedIn,
                                   Map<String, BigInteger> previousCumulative, Map<String, String> payouts, Target target,
                                   Instant createdAt) {
        check(in, policy);
        List<NodeEpochScore> scores = in.allScores();
        List<NodeShare> shares = scores.stream().map(NodeShare::of).toList();
        Allocation allocation = RewardAllocator.allocate(in.epoch(), policy.policy(), carriedIn, shares);

        Map<String, byte[]> details = new HashMap<>();
        Map<String, Integer> scorePpm = new HashMap<>();
        for (NodeEpochScore s : scores) {
            details.put(s.getNodeId(), ScoreDigest.details(s));
            scorePpm.put(s.getNodeId(), s.getScorePpm());
        }
        Map<String, String> payoutOfLeaves = new HashMap<>();
        for (String node : union(previousCumulative.keySet(), details.keySet())) {
            String payout = payouts.get(node);
            if (payout == null) {
                throw new InconsistentInputsException("node " + node + " has a score or earlier rewards in epoch "
                        + in.epoch() + " but no registration with a payout address on nodes.registry");
            }
            payoutOfLeaves.put(node, payout);
        }
        List<byte[]> partitionDigests = in.markers().stream().map(m -> m.getScoresDigest().bytes()).toList();
        byte[] inputDigest = BatchDigest.input(in.epoch(), policy.hash(), partitionDigests);
        BigInteger totalAmount = allocation.totalPaid();
        if (payoutOfLeaves.isEmpty()) {
            // Nobody scored and nobody paid before: no tree, nothing to post; the emission is carried.
            RewardBatch empty = header(in.epoch(), new byte[32], allocation, totalAmount, BigInteger.ZERO, 0, 0, inputDigest,
                    policy, target, createdAt);
            return new EpochBatch(empty, List.of(), null, digestOf(empty));
        }
        RewardTable table = RewardTable.build(allocation, previousCumulative, payoutOfLeaves, details, scorePpm);
        MerkleTree tree = table.tree();
        byte[] root = tree.root();
        RewardBatch batch = header(in.epoch(), root, allocation, totalAmount, table.totalCumulative(), table.rows().size(),
                table.paidCount(), inputDigest, policy, target, createdAt);
        List<RewardEntry> entries = new ArrayList<>(table.rows().size());
        for (RewardRow row : table.rows()) {
            entries.add(RewardEntry.newBuilder()
                    .setEpoch(in.epoch())
                    .setNodeId(row.nodeId())
                    .setPayoutAddress(row.payout())
                    .setAmount(row.amount().toString())
                    .setCumulativeAmount(row.cumulativeAmount().toString())
                    .setAvailabilityAmount(row.availabilityAmount().toString())
                    .setWorkAmount(row.workAmount().toString())
                    .setScorePpm(row.scorePpm())
                    .setDetailsDigest(new Bytes32(row.detailsDigest()))
                    .setLeafHash(new Bytes32(row.leaf().hash()))
                    .setLeafIndex(tree.leafIndex(row.nodeId()))
                    .setPolicyHash(new Bytes32(policy.hash()))
                    .build());
        }
        return new EpochBatch(batch, entries, table, digestOf(batch));
    }

    private static RewardBatch header(long epoch, byte[] root, Allocation allocation, BigInteger totalAmount,
                                      BigInteger totalCumulative, int nodeCount, int paidCount, byte[] inputDigest,
                                      VerifiedPolicy policy, Target target, Instant createdAt) {
        return RewardBatch.newBuilder()
                .setEpoch(epoch)
                .setMerkleRoot(new Bytes32(root))
                .setEmission(allocation.emission().toString())
                .setCarriedIn(allocation.carriedIn().toString())
                .setCarriedOut(allocation.carriedOut().toString())
                .setTotalAmount(totalAmount.toString())
                .setTotalCumulative(totalCumulative.toString())
                .setNodeCount(nodeCount)
                .setPaidCount(paidCount)
                .setInputDigest(new Bytes32(inputDigest))
                .setPolicyHash(new Bytes32(policy.hash()))
                .setChainId(target.chainId())
                .setDistributorAddress(target.distributorAddress())
                .setSettlerId(target.settlerId())
                .setCreatedAt(createdAt)
                .build();
    }

    /** Whether the batch has leaves, i.e. a root to post (an epoch before any node was scored has none). */
    public static boolean hasRoot(RewardBatch b) {
        return b.getNodeCount() > 0;
    }

    /** The header digest posted on-chain with the root (PROTOCOL §14): a function of the batch record alone. */
    public static byte[] digestOf(RewardBatch b) {
        return BatchDigest.header(b.getEpoch(), b.getMerkleRoot().bytes(), new BigInteger(b.getEmission()),
                new BigInteger(b.getCarriedIn()), new BigInteger(b.getCarriedOut()), new BigInteger(b.getTotalAmount()),
                new BigInteger(b.getTotalCumulative()), b.getNodeCount(), b.getPaidCount(), b.getInputDigest().bytes(),
                b.getPolicyHash().bytes(), b.getChainId(), b.getDistributorAddress());
    }

    private static void check(EpochInputs in, VerifiedPolicy policy) {
        for (EpochClosed m : in.markers()) {
            List<NodeEpochScore> scores = in.scoresByPartition().getOrDefault(m.getPartition(), List.of());
            if (scores.size() != m.getScoreCount()) {
                throw new InconsistentInputsException("epoch " + in.epoch() + " partition " + m.getPartition() + ": the "
                        + "close marker counts " + m.getScoreCount() + " scores but scores.epoch has " + scores.size());
            }
            byte[] digest = ScoreDigest.partition(in.epoch(), m.getPartition(), scores);
            if (!Arrays.equals(digest, m.getScoresDigest().bytes())) {
                throw new InconsistentInputsException("epoch " + in.epoch() + " partition " + m.getPartition()
                        + ": the scores on scores.epoch do not hash to the close marker's scoresDigest (0x"
                        + HexFormat.of().formatHex(m.getScoresDigest().bytes()) + "); a score was changed after closing");
            }
            for (NodeEpochScore s : scores) {
                if (!Arrays.equals(s.getPolicyHash().bytes(), policy.hash())) {
                    throw new InconsistentInputsException("epoch " + in.epoch() + ": node " + s.getNodeId()
                            + " was scored with policy 0x" + HexFormat.of().formatHex(s.getPolicyHash().bytes())
                            + " but the epoch's policy is " + policy.hex());
                }
            }
        }
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }
}
