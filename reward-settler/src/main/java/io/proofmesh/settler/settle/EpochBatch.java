package io.proofmesh.settler.settle;

import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.RewardEntry;
import io.proofmesh.scoring.reward.RewardTable;
import java.util.List;

/**
 * An epoch's settlement as computed: the {@code rewards.batches} header, one
 * {@code rewards.entries} record per leaf (ordered by nodeId), the table and tree they come from,
 * and the digest of the header that is posted on-chain with the root.
 */
public record EpochBatch(RewardBatch batch, List<RewardEntry> entries, RewardTable table, byte[] batchDigest) {
}
