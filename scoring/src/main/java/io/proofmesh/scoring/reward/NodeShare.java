package io.proofmesh.scoring.reward;

import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.scoring.merkle.HexAddress;

/**
 * What the allocator needs of one node's epoch score (PROTOCOL.md §14.1).
 *
 * @param nodeId               lower-case 0x address of the node
 * @param eligible             the score record's verdict (ACTIVE and enough uptime)
 * @param uptimePpm            re-checked against the policy's minUptimePpm by the allocator
 * @param availabilityScorePpm weight in the availability pool
 * @param workScorePpm         weight in the work pool
 */
public record NodeShare(String nodeId, boolean eligible, int uptimePpm, int availabilityScorePpm, int workScorePpm) {

    public NodeShare {
        HexAddress.require("nodeId", nodeId);
        Amounts.requirePpm("uptimePpm", nodeId, uptimePpm);
        Amounts.requirePpm("availabilityScorePpm", nodeId, availabilityScorePpm);
        Amounts.requirePpm("workScorePpm", nodeId, workScorePpm);
    }

    public static NodeShare of(NodeEpochScore s) {
        return new NodeShare(s.getNodeId(), s.getEligible(), s.getUptime().getUptimePpm(),
                s.getAvailabilityScorePpm(), s.getWorkScorePpm());
    }
}
