package io.proofmesh.settler.ledger;

import io.proofmesh.platform.kafka.RecordPolling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads every partition of a topic from the first record at or after a timestamp up to the end
 * offsets taken when called (read_committed consumers: what was committed before the call).
 */
public final class TopicScan {

    private TopicScan() {
    }

    /** Reads {@code topic} from records with timestamp ≥ {@code fromMillis} to its current end. */
    public static <K, V> void fromTime(org.apache.kafka.clients.consumer.Consumer<K, V> consumer, String topic, long fromMillis,
                                       Duration timeout, Consumer<ConsumerRecord<K, V>> each) {
        List<TopicPartition> tps = new ArrayList<>();
        consumer.partitionsFor(topic).forEach(p -> tps.add(new TopicPartition(topic, p.partition())));
        consumer.assign(tps);
        Map<TopicPartition, Long> query = new HashMap<>();
        tps.forEach(tp -> query.put(tp, Math.max(0, fromMillis)));
        Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(query, timeout);
        Map<TopicPartition, Long> end = consumer.endOffsets(tps, timeout);
        for (TopicPartition tp : tps) {
            OffsetAndTimestamp o = start.get(tp);
            consumer.seek(tp, o == null ? end.get(tp) : o.offset());
        }
        read(consumer, tps, end, timeout, each);
    }

    /** Reads every partition of {@code topic} from the beginning to its current end. */
    public static <K, V> void all(org.apache.kafka.clients.consumer.Consumer<K, V> consumer, String topic, Duration timeout,
                                  Consumer<ConsumerRecord<K, V>> each) {
        RecordPolling.readToEnd(consumer, List.of(topic), timeout, each);
    }

    private static <K, V> void read(org.apache.kafka.clients.consumer.Consumer<K, V> consumer, List<TopicPartition> tps,
                                    Map<TopicPartition, Long> end, Duration timeout, Consumer<ConsumerRecord<K, V>> each) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (tps.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + tps.get(0).topic() + " to its end within " + timeout
                        + "; is the broker overloaded?");
            }
            RecordPolling.poll(consumer, Duration.ofMillis(200)).forEach(r -> {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
                    each.accept(r);
                }
            });
        }
    }
}
