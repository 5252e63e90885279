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
 * The records ingest wrote during a run, counted from two offset snapshots, and up to
 * {@code limit} of them read back as raw bytes: their average size, and the bytes the raw
 * producer sends again (reading every record of a 50-events-per-request run would be gigabytes).
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
        List<List<byte[]>> keysByPartition = new ArrayList<>();
        List<List<byte[]>> valuesByPartition = new ArrayList<>();
        long count = 0;
        long keyBytes = 0;
        long valueBytes = 0;
        long written = 0;
        for (Map.Entry<TopicPartition, Long> e : to.entrySet()) {
            written += Math.max(0, e.getValue() - from.getOrDefault(e.getKey(), 0L));
        }
        int perPartition = Math.max(1, limit / Math.max(1, to.size()));
        try (KafkaConsumer<byte[], byte[]> c = consumer(consumerConfig)) {
            for (Map.Entry<TopicPartition, Long> e : to.entrySet()) {
                long start = from.getOrDefault(e.getKey(), 0L);
                long end = Math.min(e.getValue(), start + perPartition);
                if (end <= start) {
                    continue;
                }
                List<byte[]> keys = new ArrayList<>();
                List<byte[]> values = new ArrayList<>();
                keysByPartition.add(keys);
                valuesByPartition.add(values);
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
                        keys.add(r.key());
                        values.add(r.value());
                    }
                }
            }
        }
        // Interleaved across partitions (order kept within each), as ingest's traffic arrives.
        List<byte[]> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            for (int p = 0; p < keysByPartition.size(); p++) {
                if (i < keysByPartition.get(p).size()) {
                    keys.add(keysByPartition.get(p).get(i));
                    values.add(valuesByPartition.get(p).get(i));
                }
            }
        }
        return new TopicSample(keys, values, written, count == 0 ? 0 : (double) keyBytes / count,
                count == 0 ? 0 : (double) valueBytes / count);
    }

    private static KafkaConsumer<byte[], byte[]> consumer(Map<String, Object> config) {
        Map<String, Object> m = new HashMap<>(config);
        m.put("max.poll.records", 5000);
        m.put("isolation.level", "read_uncommitted");
        return new KafkaConsumer<>(m, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
