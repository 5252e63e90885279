package io.proofmesh.settler.api;

import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.RewardEntry;
import io.proofmesh.schemas.rewards.SettlementReceipt;
import java.util.Map;
import java.util.Optional;

/**
 * One epoch as the reward topics tell it (a snapshot: the maps are copies).
 *
 * @param receipt the latest settlement state, if any was recorded
 * @param entries nodeId → the node's entry of this epoch
 */
public record EpochRewards(long epoch, RewardBatch batch, Optional<SettlementReceipt> receipt, Map<String, RewardEntry> entries) {

    /** Entries and batch were written in one transaction; until every entry has been read the epoch is incomplete. */
    public boolean complete() {
        return entries.size() == batch.getNodeCount();
    }
}
