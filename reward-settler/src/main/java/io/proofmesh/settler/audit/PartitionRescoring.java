package io.proofmesh.settler.audit;

import io.proofmesh.schemas.common.Capacity;
import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.scoring.ledger.ClosingRule;
import io.proofmesh.scoring.policy.ScoringPolicy;
import io.proofmesh.scoring.reputation.Reputation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores a replayed partition's epoch as its close did ({@link ClosingRule}): the nodes with a
 * tally or an ACTIVE registration, each with the reputation and capacity carried in. The carried
 * values come from the node's recorded score of the previous epoch, so the recorded prior is
 * checked against it; without one they are taken from the recorded score itself (and the note
 * says so), since the node's last scored epoch may be older than the audit reads.
 */
final class PartitionRescoring {

    /** A recomputed score and what its recomputation had to assume. */
    record Rescored(NodeEpochScore score, List<String> notes) {}

    private PartitionRescoring() {}

    /**
     * @param previous           recorded scores of epoch − 1 by node (latest copy)
     * @param recorded           recorded scores of the epoch by node (latest copy)
     * @param fallbackComputedAt computedAt for a node with no recorded score (the closing tick's time)
     * @return nodeId → recomputed score, in nodeId order
     */
    static Map<String, Rescored> rescore(long epoch, PartitionReplay replay, ScoringPolicy policy, byte[] policyHash,
                                         long epochLengthMillis, Map<String, NodeEpochScore> previous,
                                         Map<String, NodeEpochScore> recorded, Instant fallbackComputedAt) {
        Map<String, Rescored> out = new TreeMap<>();
        for (String node : ClosingRule.nodesToScore(replay.tallies().keySet(), replay.statuses())) {
            NodeEpochScore rec = recorded.get(node);
            NodeEpochScore prev = previous.get(node);
            List<String> notes = new ArrayList<>();
            Reputation prior = null;
            Capacity carried = null;
            if (prev != null) {
                prior = new Reputation(prev.getReputation().getAlphaPpm(), prev.getReputation().getBetaPpm());
                carried = prev.getCapacitySnapshot();
            } else if (rec != null) {
                prior = new Reputation(rec.getReputation().getPriorAlphaPpm(), rec.getReputation().getPriorBetaPpm());
                carried = rec.getCapacitySnapshot();
                notes.add("no score of epoch " + (epoch - 1) + ": prior reputation and carried capacity taken from the "
                        + "recorded score, not checked");
            } else {
                notes.add("no score of epoch " + (epoch - 1) + " and none recorded: scored as a new node");
            }
            NodeEpochScore score = ClosingRule.score(epoch, node, policy, policyHash, epochLengthMillis,
                    replay.tallies().get(node), prior, carried, replay.statuses().get(node))
                    .toAvro(rec != null ? rec.getComputedAt() : fallbackComputedAt);
            out.put(node, new Rescored(score, notes));
        }
        return out;
    }
}
