package io.proofmesh.settler.settle;

import io.proofmesh.platform.config.Settings;
import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.RewardEntry;
import io.proofmesh.schemas.rewards.SettlementReceipt;
import io.proofmesh.schemas.topics.TopicCatalog;
import io.proofmesh.settler.ledger.TopicScan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the reward topics back as a finance user would (read_committed), filtered to one distributor. */
final class SettlementReading {

    private final KafkaClients kafka;
    private final SchemaRegistryClient registry;
    private final String distributor;

    SettlementReading(Settings settings, String distributor) {
        this.kafka = new KafkaClients(settings);
        this.registry = new SchemaRegistryClient(settings.get("registry.url"));
        this.distributor = distributor;
    }

    List<RewardBatch> batches() {
        List<RewardBatch> out = new ArrayList<>();
        read(TopicCatalog.REWARD_BATCHES.name(), RewardBatch.class, v -> {
            if (v.getDistributorAddress().equals(distributor)) {
                out.add(v);
            }
        });
        return out;
    }

    /** Every settlement record of this distributor, in the order written. */
    List<SettlementReceipt> receipts() {
        List<SettlementReceipt> out = new ArrayList<>();
        read(TopicCatalog.REWARD_SETTLEMENTS.name(), SettlementReceipt.class, v -> {
            if (v.getDistributorAddress().equals(distributor)) {
                out.add(v);
            }
        });
        return out;
    }

    List<RewardEntry> entries(long epoch, java.util.Set<String> nodes) {
        List<RewardEntry> out = new ArrayList<>();
        read(TopicCatalog.REWARD_ENTRIES.name(), RewardEntry.class, v -> {
            if (v.getEpoch() == epoch && nodes.contains(v.getNodeId())) {
                out.add(v);
            }
        });
        return out;
    }

    private <V extends SpecificRecord> void read(String topic, Class<V> type, java.util.function.Consumer<V> each) {
        Map<String, Object> c = kafka.consumerConfig(null);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                AvroDeserializer.specific(registry, type))) {
            TopicScan.all(consumer, topic, Duration.ofSeconds(30), r -> {
                if (r.value() != null) {
                    each.accept(r.value());
                }
            });
        }
    }
}
