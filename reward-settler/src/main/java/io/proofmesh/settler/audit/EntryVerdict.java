package io.proofmesh.settler.audit;

import io.proofmesh.schemas.rewards.RewardEntry;
import java.util.List;

/**
 * The audit's finding for one node's reward entry of the audited epoch.
 *
 * @param nodeId      the node
 * @param status      MATCH, MISMATCH, MISSING (rebuilt, not recorded), UNEXPECTED (recorded, not rebuilt) or
 *                    UNVERIFIED (recorded; the batch could not be rebuilt to compare it with)
 * @param expected    the rebuilt entry (null if UNEXPECTED or the batch could not be rebuilt)
 * @param recorded    the latest record on {@code rewards.entries} (null if MISSING)
 * @param differences for MISMATCH, every differing field, expected vs recorded
 * @param notes       e.g. how many records the key has
 */
public record EntryVerdict(String nodeId, Status status, RewardEntry expected, RewardEntry recorded,
                           List<FieldDifference> differences, List<String> notes) {

    public enum Status { MATCH, MISMATCH, MISSING, UNEXPECTED, UNVERIFIED }

    public EntryVerdict {
        differences = List.copyOf(differences);
        notes = List.copyOf(notes);
    }
}
