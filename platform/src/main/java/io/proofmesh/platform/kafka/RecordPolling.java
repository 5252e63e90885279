package io.proofmesh.platform.kafka;

import io.proofmesh.platform.serde.UndecodableRecordException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;

/** Polls a consumer, turning Kafka's decode failure into one that names topic, partition, offset and schema id. */
public final class RecordPolling {

    private RecordPolling() {
    }

    public static <K, V> ConsumerRecords<K, V> poll(org.apache.kafka.clients.consumer.Consumer<K, V> consumer, Duration timeout) {
        try {
            return consumer.poll(timeout);
        } catch (RecordDeserializationException e) {
            throw new UndecodableRecordException(e);
        }
    }

    /**
     * Hands {@code each} every record of every partition of {@code topics}, from the start up to
     * the end offsets taken when called (what was acknowledged before the call is all there), or
     * until {@code timeout}. The consumer is assigned to those partitions.
     */
    public static <K, V> void readToEnd(org.apache.kafka.clients.consumer.Consumer<K, V> consumer, Collection<String> topics,
                                        Duration timeout, Consumer<ConsumerRecord<K, V>> each) {
        List<TopicPartition> tps = new ArrayList<>();
        for (String t : topics) {
            consumer.partitionsFor(t).forEach(p -> tps.add(new TopicPartition(t, p.partition())));
        }
        consumer.assign(tps);
        consumer.seekToBeginning(tps);
        Map<TopicPartition, Long> end = consumer.endOffsets(tps);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            poll(consumer, Duration.ofMillis(200)).forEach(each);
        }
    }
}
