package io.proofmesh.settler.settle;

import io.proofmesh.schemas.rewards.RewardEntry;
import io.proofmesh.schemas.rewards.SettlementReceipt;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * Writes the settler's records with a transactional producer (one {@code transactional.id} per
 * settler, so a restarted settler fences the one it replaces): an epoch's entries and batch header
 * commit together or not at all, and each settlement state is committed before the step it
 * records happens next (DESIGN.md "Settlement is idempotent").
 */
public final class RewardPublisher implements AutoCloseable {

    private final Producer<String, SpecificRecord> producer;
    private final int entryPartitions;

    public RewardPublisher(Producer<String, SpecificRecord> producer, int entryPartitions) {
        this.producer = producer;
        this.entryPartitions = entryPartitions;
        producer.initTransactions();
    }

    /** Entries then the header, in one transaction: a reader sees the whole batch or none of it. */
    public void publishBatch(EpochBatch b) {
        producer.beginTransaction();
        try {
            for (RewardEntry e : b.entries()) {
                String key = e.getEpoch() + "/" + e.getNodeId();
                producer.send(new ProducerRecord<>(TopicCatalog.REWARD_ENTRIES.name(), partitionOf(e.getNodeId()), key, e));
            }
            producer.send(new ProducerRecord<>(TopicCatalog.REWARD_BATCHES.name(), Long.toString(b.batch().getEpoch()),
                    b.batch()));
            producer.commitTransaction();
        } catch (RuntimeException e) {
            abortQuietly();
            throw e;
        }
    }

    /** One settlement state, committed before returning. */
    public void publishReceipt(SettlementReceipt r) {
        producer.beginTransaction();
        try {
            producer.send(new ProducerRecord<>(TopicCatalog.REWARD_SETTLEMENTS.name(), Long.toString(r.getEpoch()), r));
            producer.commitTransaction();
        } catch (RuntimeException e) {
            abortQuietly();
            throw e;
        }
    }

    /** The node group's partition of a nodeId, as Kafka's default partitioner places a record keyed nodeId. */
    private int partitionOf(String nodeId) {
        return Utils.toPositive(Utils.murmur2(nodeId.getBytes(StandardCharsets.UTF_8))) % entryPartitions;
    }

    private void abortQuietly() {
        try {
            producer.abortTransaction();
        } catch (RuntimeException ignored) {
            // fenced or broken producer: the transaction is aborted by the broker anyway
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
