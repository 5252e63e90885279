package io.proofmesh.settler.settle;

import io.proofmesh.schemas.scores.EpochClosed;
import io.proofmesh.schemas.scores.NodeEpochScore;
import java.util.List;
import java.util.Map;

/**
 * What one epoch's rewards are computed from: its close markers (one per partition, ordered by
 * partition) and the scores of each partition.
 */
public record EpochInputs(long epoch, List<EpochClosed> markers, Map<Integer, List<NodeEpochScore>> scoresByPartition) {

    public List<NodeEpochScore> allScores() {
        return scoresByPartition.values().stream().flatMap(List::stream).toList();
    }
}
