package io.proofmesh.platform.testing;

import io.proofmesh.platform.kafka.RecordPolling;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/** Reads a partition from its start until enough records arrived or the time is up (tests). */
public final class TopicReader {

    private TopicReader() {
    }

    public static <K, V> List<ConsumerRecord<K, V>> readFromStart(Consumer<K, V> consumer, String topic, int partition,
                                                                   int expected, Duration timeout) {
        TopicPartition tp = new TopicPartition(topic, partition);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        List<ConsumerRecord<K, V>> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (out.size() < expected && System.nanoTime() < deadline) {
            RecordPolling.poll(consumer, Duration.ofMillis(200)).forEach(out::add);
        }
        return out;
    }
}
