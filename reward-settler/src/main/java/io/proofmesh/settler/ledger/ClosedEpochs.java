package io.proofmesh.settler.ledger;

import io.proofmesh.schemas.scores.EpochClosed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code epochs.closed} markers seen so far, by epoch and partition. An epoch is final once
 * every partition of the node group has closed it (DESIGN.md "Lateness"): only then may it be
 * settled. A marker seen twice for the same partition (a compacted topic re-read) replaces the
 * earlier one.
 */
public final class ClosedEpochs {

    private final TreeMap<Long, TreeMap<Integer, EpochClosed>> byEpoch = new TreeMap<>();

    public void add(EpochClosed marker) {
        byEpoch.computeIfAbsent(marker.getEpoch(), e -> new TreeMap<>()).put(marker.getPartition(), marker);
    }

    /** The epoch's markers ordered by partition, if every partition has closed it. */
    public Optional<List<EpochClosed>> complete(long epoch) {
        TreeMap<Integer, EpochClosed> m = byEpoch.get(epoch);
        if (m == null || m.isEmpty()) {
            return Optional.empty();
        }
        int expected = m.firstEntry().getValue().getPartitionCount();
        return m.size() == expected ? Optional.of(new ArrayList<>(m.values())) : Optional.empty();
    }

    /** The lowest epoch above {@code after} that every partition has closed. */
    public Optional<Long> nextComplete(long after) {
        for (Map.Entry<Long, TreeMap<Integer, EpochClosed>> e : byEpoch.tailMap(after, false).entrySet()) {
            if (complete(e.getKey()).isPresent()) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /** Partitions that have closed {@code epoch} so far (for progress and /health). */
    public int closedPartitions(long epoch) {
        TreeMap<Integer, EpochClosed> m = byEpoch.get(epoch);
        return m == null ? 0 : m.size();
    }

    /** Forgets epochs at or below {@code epoch} (already settled). */
    public void forgetUpTo(long epoch) {
        byEpoch.headMap(epoch, true).clear();
    }
}
