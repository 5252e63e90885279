package io.proofmesh.settler.audit;

import java.util.List;

/**
 * The audit's finding for one node of the audited epoch.
 *
 * @param nodeId      the node
 * @param partition   its node-group partition
 * @param status      MATCH, MISMATCH, MISSING (recomputed, not recorded) or UNEXPECTED (recorded, not recomputable)
 * @param differences for MISMATCH, every differing field with expected and recorded values
 * @param notes       what the recomputation had to assume (e.g. prior reputation taken from the record)
 */
public record NodeVerdict(String nodeId, int partition, Status status, List<FieldDifference> differences,
                          List<String> notes) {

    public enum Status { MATCH, MISMATCH, MISSING, UNEXPECTED }

    public NodeVerdict {
        differences = List.copyOf(differences);
        notes = List.copyOf(notes);
    }
}
