package io.proofmesh.app.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The records ingest wrote during a run, read back as raw bytes between two offset snapshots:
 * their average size, and up to {@code limit} of them for the raw producer to send again.
 */
public record TopicSample(List<byte[]> keys, List<byte[]> values, long records, double averageKeyBytes,
                          double averageValueBytes) {

    /** End offsets of every partition of {@code topic}. */
    public static Map<TopicPartition, Long> endOffsets(Map<String, Object> consumerConfig, String topic) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(consumerConfig)) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            return new HashMap<>(c.endOffsets(tps));
        }
    }

    /** Reads what was appended between {@code from} and {@code to} (offset snapshots), keeping at most {@code limit}. */
    public static TopicSample read(Map<String, Object> consumerConfig, Map<TopicPartition, Long> from,
                                   Map<TopicPartition, Long> to, int limit) {
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        long count = 0;
        long keyBytes = 0;
        long valueBytes = 0;
        try (KafkaConsumer<byte[], byte[]> c = consumer(consumerConfig)) {
            for (Map.Entry<TopicPartition, Long> e : to.entrySet()) {
                long start = from.getOrDefault(e.getKey(), 0L);
                long end = e.getValue();
                if (end <= start) {
                    continue;
                }
                c.assign(List.of(e.getKey()));
                c.seek(e.getKey(), start);
                long position = start;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (position < end && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
                        if (r.offset() >= end) {
                            break;
                        }
                        position = r.offset() + 1;
                        count++;
                        keyBytes += r.key() == null ? 0 : r.key().length;
                        valueBytes += r.value().length;
                        if (keys.size() < limit) {
                            keys.add(r.key());
                            values.add(r.value());
                        }
                    }
                }
            }
        }
        return new TopicSample(keys, values, count, count == 0 ? 0 : (double) keyBytes / count,
                count == 0 ? 0 : (double) valueBytes / count);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> config) {
        Map<String, Object> m = new HashMap<>(config);
        m.put("max.poll.records", 5000);
        m.put("isolation.level", "read_uncommitted");
        return new KafkaConsumer<>(m, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
