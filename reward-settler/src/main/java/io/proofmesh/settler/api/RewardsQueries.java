package io.proofmesh.settler.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.RewardEntry;
import io.proofmesh.schemas.rewards.SettlementReceipt;
import io.proofmesh.schemas.rewards.SettlementStatus;
import io.proofmesh.scoring.merkle.MerkleTree;
import io.proofmesh.scoring.merkle.RewardLeaf;
import io.proofmesh.settler.chain.DistributorClient;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.web3j.utils.Numeric;

/**
 * The answers of the rewards API: a node's earnings and claim state, its claim proof, and the
 * network's liabilities. Amounts from the topics (what was allocated), claim state and finality
 * from the chain (what is true on-chain now). Token amounts are decimal strings of base units.
 */
final class RewardsQueries {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");

    private final RewardsView view;
    private final DistributorClient distributor;
    private final Finality finality;
    private final ClaimLog claims;
    private final long chainId;
    private final Runnable onProofMismatch;
    private CachedTree cached;

    private record CachedTree(long epoch, byte[] root, MerkleTree tree) { }

    RewardsQueries(RewardsView view, DistributorClient distributor, Finality finality, ClaimLog claims, long chainId,
                   Runnable onProofMismatch) {
        this.view = view;
        this.distributor = distributor;
        this.finality = finality;
        this.claims = claims;
        this.chainId = chainId;
        this.onProofMismatch = onProofMismatch;
    }

    /** {@code GET /v1/rewards/{nodeId}}. */
    ObjectNode node(String rawId) {
        String nodeId = nodeId(rawId);
        NavigableMap<Long, EpochRewards> epochs = usableEpochs();
        List<RewardEntry> history = new ArrayList<>();
        epochs.values().forEach(e -> Optional.ofNullable(e.entries().get(nodeId)).ifPresent(history::add));
        if (history.isEmpty()) {
            throw unknown(nodeId);
        }
        RewardEntry latest = history.get(history.size() - 1);
        Optional<Finality.Status> fin = finality.latestFinal(epochs);
        BigInteger finalCumulative = fin.map(f -> epochs.get(f.epoch()).entries().get(nodeId))
                .map(e -> new BigInteger(e.getCumulativeAmount())).orElse(BigInteger.ZERO);
        BigInteger earned = new BigInteger(latest.getCumulativeAmount());
        BigInteger claimed = distributor.claimed(nodeId);
        ObjectNode out = JSON.objectNode();
        out.put("nodeId", nodeId);
        out.put("payoutAddress", latest.getPayoutAddress());
        out.put("latestEpoch", latest.getEpoch());
        out.put("cumulativeEarned", earned.toString());
        if (fin.isPresent()) {
            out.put("finalEpoch", fin.get().epoch());
        } else {
            out.putNull("finalEpoch");
        }
        out.put("finalCumulative", finalCumulative.toString());
        out.put("claimed", claimed.toString());
        out.put("claimable", finalCumulative.subtract(claimed).max(BigInteger.ZERO).toString());
        out.put("pending", earned.subtract(finalCumulative).max(BigInteger.ZERO).toString());
        long finalEpoch = fin.map(Finality.Status::epoch).orElse(Long.MIN_VALUE);
        ArrayNode h = out.putArray("history");
        for (RewardEntry e : history) {
            ObjectNode row = h.addObject();
            row.put("epoch", e.getEpoch());
            row.put("amount", e.getAmount());
            row.put("availabilityAmount", e.getAvailabilityAmount());
            row.put("workAmount", e.getWorkAmount());
            row.put("cumulativeAmount", e.getCumulativeAmount());
            row.put("scorePpm", e.getScorePpm());
            row.put("final", e.getEpoch() <= finalEpoch);
        }
        return out;
    }

    /** {@code GET /v1/rewards/{nodeId}/proof}: what {@code claim(...)} needs, for the latest final epoch. */
    ObjectNode proof(String rawId) {
        String nodeId = nodeId(rawId);
        NavigableMap<Long, EpochRewards> epochs = usableEpochs();
        if (epochs.values().stream().noneMatch(e -> e.entries().containsKey(nodeId))) {
            throw unknown(nodeId);
        }
        Finality.Status fin = finality.latestFinal(epochs).orElseThrow(() -> notYet(nodeId, epochs));
        EpochRewards epoch = epochs.get(fin.epoch());
        RewardEntry entry = epoch.entries().get(nodeId);
        if (entry == null) {
            throw new ApiError(409, "NOT_YET_CLAIMABLE", "node " + nodeId + " has no reward in the latest final epoch "
                    + fin.epoch() + "; its first rewards become claimable when a later epoch's challenge window ends");
        }
        MerkleTree tree = tree(epoch);
        List<byte[]> proof = tree.proof(nodeId);
        byte[] root = epoch.batch().getMerkleRoot().bytes();
        if (!MerkleTree.verify(root, tree.leafHash(nodeId), proof)) {
            onProofMismatch.run();
            throw new ApiError(500, "PROOF_MISMATCH", "the proof of " + nodeId + " does not verify against epoch "
                    + fin.epoch() + "'s root; rewards.entries is inconsistent with rewards.batches");
        }
        ObjectNode out = JSON.objectNode();
        out.put("epoch", fin.epoch());
        out.put("nodeId", nodeId);
        out.put("payout", entry.getPayoutAddress());
        out.put("cumulativeAmount", entry.getCumulativeAmount());
        out.put("detailsDigest", Numeric.toHexString(entry.getDetailsDigest().bytes()));
        ArrayNode p = out.putArray("proof");
        proof.forEach(b -> p.add(Numeric.toHexString(b)));
        out.put("leafHash", Numeric.toHexString(tree.leafHash(nodeId)));
        out.put("root", Numeric.toHexString(root));
        out.put("distributor", view.distributor());
        out.put("chainId", chainId);
        return out;
    }

    /** {@code GET /v1/liabilities}. */
    ObjectNode liabilities() {
        NavigableMap<Long, EpochRewards> epochs = usableEpochs();
        // The first CONFIRMED post's block: the earliest a Claimed event can be.
        OptionalLong firstPost = epochs.values().stream().flatMap(e -> e.receipt().stream())
                .filter(r -> r.getBlockNumber() != null).mapToLong(SettlementReceipt::getBlockNumber).min();
        ClaimLog.Snapshot claimed = claims.refresh(firstPost);
        ObjectNode out = JSON.objectNode();
        ArrayNode rows = out.putArray("epochs");
        BigInteger allocated = BigInteger.ZERO;
        for (EpochRewards e : epochs.values()) {
            RewardBatch b = e.batch();
            BigInteger emitted = new BigInteger(b.getTotalAmount());
            BigInteger epochClaimed = claimed.of(e.epoch());
            Optional<SettlementReceipt> r = e.receipt();
            boolean revoked = r.map(x -> x.getStatus() == SettlementStatus.REVOKED).orElse(false);
            if (!revoked) {
                allocated = allocated.add(emitted);
            }
            ObjectNode row = rows.addObject();
            row.put("epoch", e.epoch());
            row.put("emitted", emitted.toString());
            row.put("claimed", epochClaimed.toString());
            row.put("unclaimed", emitted.subtract(epochClaimed).max(BigInteger.ZERO).toString());
            row.put("status", r.map(x -> x.getStatus().name()).orElse("NOT_SETTLED"));
            row.put("txHash", r.map(x -> Numeric.toHexString(x.getTxHash().bytes())).orElse(null));
            if (r.isPresent() && r.get().getGasUsed() != null) {
                row.put("gasUsed", r.get().getGasUsed());
            } else {
                row.putNull("gasUsed");
            }
            if (r.isPresent() && r.get().getGasUsed() != null && r.get().getEffectiveGasPrice() != null) {
                row.put("gasCostWei", BigInteger.valueOf(r.get().getGasUsed())
                        .multiply(new BigInteger(r.get().getEffectiveGasPrice())).toString());
            } else {
                row.putNull("gasCostWei");
            }
        }
        ObjectNode totals = out.putObject("totals");
        totals.put("allocated", allocated.toString());
        totals.put("claimed", claimed.total().toString());
        totals.put("outstanding", allocated.subtract(claimed.total()).toString());
        out.put("distributor", view.distributor());
        out.put("chainId", chainId);
        out.put("atBlock", claimed.block());
        return out;
    }

    private NavigableMap<Long, EpochRewards> usableEpochs() {
        if (!view.caughtUp()) {
            throw new ApiError(503, "LOADING", view.failure().orElse("still reading the reward topics; retry in a few seconds"));
        }
        return view.epochs();
    }

    private synchronized MerkleTree tree(EpochRewards epoch) {
        byte[] root = epoch.batch().getMerkleRoot().bytes();
        CachedTree c = cached;
        if (c != null && c.epoch() == epoch.epoch() && Arrays.equals(c.root(), root)) {
            return c.tree();
        }
        if (!epoch.complete()) {
            throw new ApiError(503, "LOADING", "epoch " + epoch.epoch() + " has " + epoch.entries().size() + " of its "
                    + epoch.batch().getNodeCount() + " entries so far; retry in a few seconds");
        }
        List<RewardEntry> entries = new ArrayList<>(epoch.entries().values());
        entries.sort(Comparator.comparingInt(RewardEntry::getLeafIndex));
        List<RewardLeaf> leaves = new ArrayList<>(entries.size());
        for (RewardEntry e : entries) {
            leaves.add(new RewardLeaf(e.getNodeId(), e.getPayoutAddress(), new BigInteger(e.getCumulativeAmount()),
                    e.getDetailsDigest().bytes()));
        }
        MerkleTree tree = MerkleTree.of(leaves);
        if (!Arrays.equals(tree.root(), root)) {
            onProofMismatch.run();
            throw new ApiError(500, "PROOF_MISMATCH", "the " + entries.size() + " entries of epoch " + epoch.epoch()
                    + " on rewards.entries rebuild root " + Numeric.toHexString(tree.root()) + " but its batch commits to "
                    + Numeric.toHexString(root) + "; the settler's topics are inconsistent (run the audit)");
        }
        cached = new CachedTree(epoch.epoch(), root, tree);
        return tree;
    }

    private static ApiError notYet(String nodeId, NavigableMap<Long, EpochRewards> epochs) {
        return new ApiError(409, "NOT_YET_CLAIMABLE", "no epoch with rewards for " + nodeId + " is final yet (latest batch: epoch "
                + epochs.lastKey() + "); a root becomes claimable when it is posted and its challenge window has passed");
    }

    private static ApiError unknown(String nodeId) {
        return new ApiError(404, "UNKNOWN_NODE", "node " + nodeId + " has never been rewarded (no entry on rewards.entries "
                + "for this distributor)");
    }

    static String nodeId(String raw) {
        if (raw == null || !ADDRESS.matcher(raw).matches()) {
            throw new ApiError(400, "BAD_NODE_ID", "nodeId must be 0x followed by 40 hex digits, got '" + raw + "'");
        }
        return raw.toLowerCase(Locale.ROOT);
    }

}
