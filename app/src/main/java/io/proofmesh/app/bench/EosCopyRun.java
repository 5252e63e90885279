package io.proofmesh.app.bench;

import io.proofmesh.platform.kafka.KafkaClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The ceiling of an exactly-once processor with no state and no work: one thread consumes
 * {@code source} read_committed from the beginning and, per poll batch, copies every record's key
 * and value bytes unchanged to the same partition of {@code target} inside a transaction that also
 * carries the consumed offsets (sendOffsetsToTransaction), then commits. It stops at the
 * end-offset snapshot taken after the pre-load. Rate = records ÷ time from the first non-empty
 * poll to the last commit.
 */
public final class EosCopyRun {

    public record Result(long records, long elapsedNanos, long transactions, Map<String, Long> cpuNanos) {
        public double recordsPerSecond() {
            return records * 1e9 / Math.max(1, elapsedNanos);
        }
    }

    private EosCopyRun() {
    }

    public static void createTarget(KafkaClients kafka, String target, int partitions) throws Exception {
        try (Admin admin = kafka.admin()) {
            RawProducerRun.createTopic(admin, target, partitions, Map.of());
        }
        RawProducerRun.prime(kafka.producerConfig("proofmesh-bench-prime"), target, partitions);
    }

    public static Result run(KafkaClients kafka, String source, Map<TopicPartition, Long> endOffsets, String target,
                             String id) {
        Map<String, Object> cc = kafka.consumerConfig(id);
        cc.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        cc.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000); // Kafka Streams' default
        Map<String, Object> pc = kafka.producerConfig(id);
        pc.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id);
        long total = endOffsets.values().stream().mapToLong(Long::longValue).sum();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cc, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(pc, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            producer.initTransactions();
            List<TopicPartition> tps = new ArrayList<>(endOffsets.keySet());
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<String, Long> cpu0 = ProcessCpu.snapshot();
            long copied = 0;
            long transactions = 0;
            long first = -1;
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            while (copied < total) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the EOS copy moved " + copied + " of " + total + " records in 15 minutes");
                }
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                if (batch.isEmpty()) {
                    continue;
                }
                if (first < 0) {
                    first = System.nanoTime();
                }
                producer.beginTransaction();
                // A batch may hold only records past the snapshot; the transaction is then empty but harmless.
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    if (r.offset() >= endOffsets.get(tp)) {
                        consumer.pause(List.of(tp)); // written after the snapshot (the latency phase): not part of N
                        continue;
                    }
                    producer.send(new ProducerRecord<>(target, r.partition(), r.key(), r.value()));
                    offsets.put(tp, new OffsetAndMetadata(r.offset() + 1));
                    copied++;
                }
                if (!offsets.isEmpty()) {
                    producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
                }
                producer.commitTransaction();
                transactions++;
            }
            long elapsed = System.nanoTime() - first;
            return new Result(copied, elapsed, transactions, ProcessCpu.delta(cpu0, ProcessCpu.snapshot()));
        }
    }
}
