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

    /** A few lines for an operator: the verdict, then every finding that is not a match. */
    public String summary() {
        StringBuilder out = new StringBuilder();
        long matches = nodes.stream().filter(n -> n.status() == NodeVerdict.Status.MATCH).count();
        out.append(clean() ? "CLEAN" : "DIFFERENCES FOUND").append(": epoch ").append(epoch).append(", processor '")
                .append(processorId).append("', policy ").append(policyHash).append(", ").append(partitions.size())
                .append(" of ").append(partitionCount).append(" partitions, ").append(matches).append(" of ")
                .append(nodes.size()).append(" nodes match\n");
        if (!missingPartitions.isEmpty()) {
            out.append("  not closed on partitions ").append(missingPartitions).append(" (not audited)\n");
        }
        for (PartitionVerdict p : partitions) {
            if (!p.ok()) {
                out.append("  partition ").append(p.partition()).append(": marker digest ").append(p.markerDigest())
                        .append(", recomputed ").append(p.recomputedDigest()).append(", recorded ").append(p.recordedDigest())
                        .append("; scores marker/recomputed/recorded ").append(p.markerScoreCount()).append('/')
                        .append(p.recomputedCount()).append('/').append(p.recordedCount()).append('\n');
            }
        }
        for (NodeVerdict n : nodes) {
            if (n.status() != NodeVerdict.Status.MATCH) {
                out.append("  ").append(n.status()).append(' ').append(n.nodeId()).append(" (partition ")
                        .append(n.partition()).append(")\n");
                n.differences().forEach(d -> out.append("    ").append(d).append('\n'));
                n.notes().forEach(note -> out.append("    note: ").append(note).append('\n'));
            }
        }
        if (undecodable > 0) {
            out.append("  ").append(undecodable).append(" undecodable input records skipped, as the processor skips them\n");
        }
        warnings.forEach(w -> out.append("  warning: ").append(w).append('\n'));
        return out.toString();
    }
}
