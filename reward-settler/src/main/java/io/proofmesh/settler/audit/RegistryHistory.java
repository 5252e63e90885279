package io.proofmesh.settler.audit;

import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.schemas.registry.NodeRegistration;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.settler.ledger.TopicScan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every node's registrations on {@code nodes.registry} with their append times, so the audit can
 * ask which payout address was in force when a batch was built and whether it changed since.
 */
final class RegistryHistory {

    /** One registration (payout null for a tombstone) appended at {@code at}. */
    private record Change(long at, String payout) {}

    private final Map<String, List<Change>> changes = new HashMap<>();

    static RegistryHistory read(KafkaClients kafka, SchemaRegistryClient registry, Duration timeout) {
        RegistryHistory h = new RegistryHistory();
        Map<String, Object> c = kafka.consumerConfig(null);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, NodeRegistration> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                AvroDeserializer.specific(registry, NodeRegistration.class))) {
            TopicScan.all(consumer, TopicCatalog.NODES_REGISTRY.name(), timeout, r -> {
                String node = r.value() == null ? r.key() : r.value().getNodeId();
                if (node != null) {
                    h.changes.computeIfAbsent(node, k -> new ArrayList<>())
                            .add(new Change(r.timestamp(), r.value() == null ? null : r.value().getPayoutAddress()));
                }
            });
        }
        h.changes.values().forEach(l -> l.sort((a, b) -> Long.compare(a.at, b.at)));
        return h;
    }

    /** The payout address of the node's latest registration appended at or before {@code atMillis}. */
    Optional<String> payoutAt(String node, long atMillis) {
        String payout = null;
        for (Change c : changes.getOrDefault(node, List.of())) {
            if (c.at <= atMillis) {
                payout = c.payout;
            }
        }
        return Optional.ofNullable(payout);
    }

    /** Whether a registration appended after {@code atMillis} changed the node's payout address. */
    boolean changedAfter(String node, long atMillis) {
        String before = payoutAt(node, atMillis).orElse(null);
        return changes.getOrDefault(node, List.of()).stream()
                .anyMatch(c -> c.at > atMillis && !Objects.equals(c.payout, before));
    }

    /** The current payout address. */
    Optional<String> payoutNow(String node) {
        return payoutAt(node, Long.MAX_VALUE);
    }
}
