package io.proofmesh.settler.audit;

import java.util.List;

/**
 * Everything the score audit of one epoch found.
 *
 * @param epoch             the audited epoch
 * @param policyHash        hash of the policy in force (0x hex)
 * @param processorId       the processor whose markers were audited
 * @param partitionCount    partitions the markers say the node group has
 * @param missingPartitions partitions without a marker (the epoch is not closed there; not audited)
 * @param partitions        per audited partition: digests and counts
 * @param nodes             per node, in nodeId order
 * @param undecodable       input records skipped because they did not decode
 * @param warnings          what may make the recomputation incomplete (e.g. inputs already deleted by retention)
 */
public record ScoreAuditReport(long epoch, String policyHash, String processorId, int partitionCount,
                               List<Integer> missingPartitions, List<PartitionVerdict> partitions, List<NodeVerdict> nodes,
                               long undecodable, List<String> warnings) {

    public ScoreAuditReport {
        missingPartitions = List.copyOf(missingPartitions);
        partitions = List.copyOf(partitions);
        nodes = List.copyOf(nodes);
        warnings = List.copyOf(warnings);
    }

    /** Every node matches, every partition's digest and counts agree, and every partition was closed. */
    public boolean clean() {
        return missingPartitions.isEmpty() && partitions.stream().allMatch(PartitionVerdict::ok)
                && nodes.stream().allMatch(n -> n.status() == NodeVerdict.Status.MATCH);
    }

    public List<NodeVerdict> withStatus(NodeVerdict.Status status) {
        return nodes.stream().filter(n -> n.status() == status).toList();
    }
}
