package io.proofmesh.app;

import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.schemas.scores.EpochClosed;
import io.proofmesh.schemas.scores.NodeEpochScore;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the processor's output back from Kafka as a settler would: which partitions closed which
 * epochs, and the committed scores (read_committed, so an aborted transaction's records are never
 * seen).
 */
final class ScoreReadBack {

    private final KafkaClients kafka;
    private final SchemaRegistryClient registry;

    ScoreReadBack(KafkaClients kafka, SchemaRegistryClient registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /** Epoch → partitions that closed it. */
    Map<Long, Set<Integer>> closedPartitions() {
        Map<Long, Set<Integer>> closed = new TreeMap<>();
        read(TopicCatalog.EPOCHS_CLOSED.name(), EpochClosed.class, v -> closed
                .computeIfAbsent(v.getEpoch(), e -> new HashSet<>()).add(v.getPartition()));
        return closed;
    }

    /** Epoch → nodeId → score, for {@code nodes}. */
    Map<Long, Map<String, NodeEpochScore>> scores(Set<String> nodes) {
        Map<Long, Map<String, NodeEpochScore>> scores = new TreeMap<>();
        read(TopicCatalog.SCORES_EPOCH.name(), NodeEpochScore.class, v -> {
            if (nodes.contains(v.getNodeId())) {
                scores.computeIfAbsent(v.getEpoch(), e -> new HashMap<>()).put(v.getNodeId(), v);
            }
        });
        return scores;
    }

    private <T extends SpecificRecord> void read(String topic, Class<T> type, java.util.function.Consumer<T> each) {
        Map<String, Object> config = kafka.consumerConfig(null);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, T> c = new KafkaConsumer<>(config, new StringDeserializer(),
                AvroDeserializer.specific(registry, type))) {
            RecordPolling.readToEnd(c, List.of(topic), Duration.ofSeconds(30), r -> {
                if (r.value() != null) {
                    each.accept(r.value());
                }
            });
        }
    }
}
