package io.proofmesh.settler.ledger;

import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.RewardEntry;
import io.proofmesh.schemas.rewards.SettlementReceipt;
import java.math.BigInteger;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the reward topics say has been settled: the batch of every epoch
 * ({@code rewards.batches}), the latest settlement state of each ({@code rewards.settlements}),
 * and every node's cumulative amount after the latest batch (its {@code rewards.entries}; each
 * epoch's table covers every node ever paid, so the latest epoch's entries are the whole ledger).
 */
public final class SettlementBook {

    private final TreeMap<Long, RewardBatch> batches = new TreeMap<>();
    private final Map<Long, SettlementReceipt> receipts = new HashMap<>();
    private final Map<String, BigInteger> cumulative = new HashMap<>();

    public void addBatch(RewardBatch b) {
        batches.put(b.getEpoch(), b);
    }

    public void addReceipt(SettlementReceipt r) {
        receipts.put(r.getEpoch(), r);
    }

    /** Replaces the cumulative ledger with the entries of the latest batch. */
    public void setLatestEntries(Collection<RewardEntry> entries) {
        cumulative.clear();
        for (RewardEntry e : entries) {
            cumulative.put(e.getNodeId(), new BigInteger(e.getCumulativeAmount()));
        }
    }

    public Optional<RewardBatch> latestBatch() {
        return batches.isEmpty() ? Optional.empty() : Optional.of(batches.lastEntry().getValue());
    }

    public Optional<RewardBatch> batch(long epoch) {
        return Optional.ofNullable(batches.get(epoch));
    }

    public NavigableMap<Long, RewardBatch> batches() {
        return batches;
    }

    public Optional<SettlementReceipt> receipt(long epoch) {
        return Optional.ofNullable(receipts.get(epoch));
    }

    /** Emission carried into the epoch after the latest batch. */
    public BigInteger carriedOut() {
        return latestBatch().map(b -> new BigInteger(b.getCarriedOut())).orElse(BigInteger.ZERO);
    }

    public Map<String, BigInteger> cumulative() {
        return cumulative;
    }
}
