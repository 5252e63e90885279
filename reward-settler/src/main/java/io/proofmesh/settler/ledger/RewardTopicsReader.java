package io.proofmesh.settler.ledger;

import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import io.proofmesh.schemas.rewards.RewardBatch;
import io.proofmesh.schemas.rewards.RewardEntry;
import io.proofmesh.schemas.rewards.SettlementReceipt;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the reward topics of one deployment (chain id and distributor address; several may share a
 * cluster) with read_committed consumers: what the settler committed, never a half batch.
 */
public final class RewardTopicsReader {

    private final KafkaClients kafka;
    private final SchemaRegistryClient registry;
    private final long chainId;
    private final String distributor;
    private final Duration timeout;

    public RewardTopicsReader(KafkaClients kafka, SchemaRegistryClient registry, long chainId, String distributor, Duration timeout) {
        this.kafka = kafka;
        this.registry = registry;
        this.chainId = chainId;
        this.distributor = distributor;
        this.timeout = timeout;
    }

    /** Every batch header of the deployment, in the order written. */
    public List<RewardBatch> batches() {
        List<RewardBatch> out = new ArrayList<>();
        all(TopicCatalog.REWARD_BATCHES.name(), RewardBatch.class, b -> {
            if (b.getChainId() == chainId && b.getDistributorAddress().equals(distributor)) {
                out.add(b);
            }
        });
        return out;
    }

    /** Every settlement state of the deployment, in the order written (the last per epoch is current). */
    public List<SettlementReceipt> receipts() {
        List<SettlementReceipt> out = new ArrayList<>();
        all(TopicCatalog.REWARD_SETTLEMENTS.name(), SettlementReceipt.class, r -> {
            if (r.getChainId() == chainId && r.getDistributorAddress().equals(distributor)) {
                out.add(r);
            }
        });
        return out;
    }

    /** The entries of {@code batch}'s epoch (written with it, so from its creation time on). */
    public List<RewardEntry> entries(RewardBatch batch) {
        List<RewardEntry> out = new ArrayList<>();
        try (KafkaConsumer<String, RewardEntry> c = consumer(RewardEntry.class)) {
            TopicScan.fromTime(c, TopicCatalog.REWARD_ENTRIES.name(), batch.getCreatedAt().toEpochMilli(), timeout, r -> {
                if (r.value() != null && r.value().getEpoch() == batch.getEpoch()) {
                    out.add(r.value());
                }
            });
        }
        return out;
    }

    /**
     * One record of {@code rewards.entries} as stored: its key, its value (null for a tombstone) and
     * where and when it was appended, so an auditor can tell which copy of a key is the latest.
     */
    public record StoredEntry(String key, RewardEntry value, int partition, long offset, long timestamp) {
    }

    /**
     * Every record of {@code batch}'s epoch on {@code rewards.entries} (key {@code epoch/nodeId}),
     * tombstones and re-written copies included, from the batch's creation time on.
     */
    public List<StoredEntry> entryRecords(RewardBatch batch) {
        String prefix = batch.getEpoch() + "/";
        List<StoredEntry> out = new ArrayList<>();
        try (KafkaConsumer<String, RewardEntry> c = consumer(RewardEntry.class)) {
            TopicScan.fromTime(c, TopicCatalog.REWARD_ENTRIES.name(), batch.getCreatedAt().toEpochMilli(), timeout, r -> {
                boolean ofEpoch = r.value() == null ? r.key() != null && r.key().startsWith(prefix)
                        : r.value().getEpoch() == batch.getEpoch();
                if (ofEpoch) {
                    out.add(new StoredEntry(r.key(), r.value(), r.partition(), r.offset(), r.timestamp()));
                }
            });
        }
        return out;
    }

    private <V extends SpecificRecord> void all(String topic, Class<V> type, Consumer<V> each) {
        try (KafkaConsumer<String, V> c = consumer(type)) {
            TopicScan.all(c, topic, timeout, r -> {
                if (r.value() != null) {
                    each.accept(r.value());
                }
            });
        }
    }

    private <V extends SpecificRecord> KafkaConsumer<String, V> consumer(Class<V> type) {
        Map<String, Object> c = kafka.consumerConfig(null);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(c, new StringDeserializer(), AvroDeserializer.specific(registry, type));
    }
}
