package io.proofmesh.scoring.ledger;

import io.proofmesh.schemas.common.Capacity;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.scoring.policy.ScoringPolicy;
import io.proofmesh.scoring.reputation.Reputation;
import io.proofmesh.scoring.score.NodeEpochTally;
import io.proofmesh.scoring.score.NodeScore;
import io.proofmesh.scoring.score.NodeScoreCalculator;
import java.util.Collection;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who is scored when a partition closes an epoch, and with what (PROTOCOL.md §12.4): every node
 * with a tally in the epoch (counted, late, duplicate or refused events) and every node whose
 * registration is ACTIVE, each with the reputation and capacity carried from its previous scored
 * epoch and its registration status at close.
 */
public final class ClosingRule {

    public static final String ACTIVE = "ACTIVE";

    private ClosingRule() {}

    /** The registration status a processor keeps for a node (tombstones are ignored: the last status stays). */
    public static String statusOf(NodeRegistration r) {
        return r.getStatus().name();
    }

    /** Nodes scored at close, in nodeId order (the order scores are written and digested). */
    public static SortedSet<String> nodesToScore(Collection<String> tallied, Map<String, String> registryStatus) {
        TreeSet<String> nodes = new TreeSet<>(tallied);
        registryStatus.forEach((node, status) -> {
            if (ACTIVE.equals(status)) {
                nodes.add(node);
            }
        });
        return nodes;
    }

    /**
     * @param tally           the node's tally of the epoch, or null (a registered node with no events)
     * @param priorReputation the posterior of its previous scored epoch, or null for a new node
     * @param carriedCapacity the capacity snapshot of its previous scored epoch, or null
     * @param status          its registration status at close, or null if never registered
     */
    public static NodeScore score(long epoch, String nodeId, ScoringPolicy policy, byte[] policyHash, long epochLengthMillis,
                                  NodeEpochTally tally, Reputation priorReputation, Capacity carriedCapacity, String status) {
        return NodeScoreCalculator.score(epoch, nodeId, policy, policyHash,
                tally != null ? tally : NodeEpochTally.empty(epochLengthMillis), priorReputation, carriedCapacity,
                ACTIVE.equals(status));
    }
}
