package io.proofmesh.settler.settle;

import io.proofmesh.schemas.scores.EpochClosed;
import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.scoring.epoch.EpochSchedule;
import io.proofmesh.settler.ledger.TopicScan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Reads an epoch's scores from {@code scores.epoch}. Scores are written when the epoch closes, after
 * its end, so the scan starts at the epoch's start time (a margin for producer clocks) rather than
 * at the beginning of the topic. The latest record per key wins, as compaction would decide.
 */
public final class EpochInputsReader {

    private final Supplier<Consumer<String, NodeEpochScore>> consumers;
    private final EpochSchedule schedule;
    private final Duration timeout;

    public EpochInputsReader(Supplier<Consumer<String, NodeEpochScore>> consumers, EpochSchedule schedule, Duration timeout) {
        this.consumers = consumers;
        this.schedule = schedule;
        this.timeout = timeout;
    }

    public EpochInputs read(long epoch, List<EpochClosed> markers) {
        Map<Integer, Map<String, NodeEpochScore>> byPartition = new TreeMap<>();
        try (Consumer<String, NodeEpochScore> c = consumers.get()) {
            TopicScan.fromTime(c, TopicCatalog.SCORES_EPOCH.name(), schedule.startOf(epoch), timeout, r -> {
                NodeEpochScore s = r.value();
                if (s != null && s.getEpoch() == epoch) {
                    byPartition.computeIfAbsent(r.partition(), p -> new LinkedHashMap<>()).put(r.key(), s);
                }
            });
        }
        Map<Integer, List<NodeEpochScore>> scores = new HashMap<>();
        byPartition.forEach((p, m) -> scores.put(p, new ArrayList<>(m.values())));
        return new EpochInputs(epoch, markers, scores);
    }
}
