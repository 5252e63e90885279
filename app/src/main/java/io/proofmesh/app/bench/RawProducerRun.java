package io.proofmesh.app.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The raw ceiling: Kafka's producer alone, the loop of kafka-tools' {@code ProducerPerformance}
 * (one thread sends as fast as the producer accepts, a callback counts acknowledgements;
 * throughput = records ÷ time from first send to last ack). kafka-tools is not in this build's
 * Maven repository, so this is the same loop written out. It sends the very key and value bytes
 * ingest wrote (cycled), so record size and lz4 compressibility match, with ingest's producer
 * settings (acks=all, idempotent, linger, batch size, compression) to a topic with the same
 * partition count on the same broker.
 */
public final class RawProducerRun {

    public record Result(long records, long elapsedNanos, double recordsPerSecond) {
    }

    private RawProducerRun() {
    }

    public static void createTopic(Admin admin, String topic, int partitions, Map<String, String> configs) throws Exception {
        try {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /**
     * Writes one record to every partition and waits for each: a producer that starts on a topic
     * created moments ago can get its first batch refused while the partition is still being set
     * up, and its idempotent retry then clashes with later batches (OUT_OF_ORDER_SEQUENCE_NUMBER,
     * seen here under load); a primed topic is ready.
     */
    public static void prime(Map<String, Object> producerConfig, String topic, int partitions) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int p = 0; p < partitions; p++) {
                producer.send(new ProducerRecord<>(topic, p, null, new byte[] {0})).get(60, TimeUnit.SECONDS);
            }
        }
    }

    /** A warm-up of {@code warmupRecords}, then the measured {@code records}, on one producer. */
    public static Result run(Map<String, Object> producerConfig, String topic, TopicSample sample, long warmupRecords,
                             long records) throws Exception {
        if (sample.values().isEmpty()) {
            throw new IllegalStateException("no records of the ingest run to replay");
        }
        // One producer for both phases: the measured phase starts warm (JIT, connections, metadata), as ingest's does.
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.partitionsFor(topic);
            if (warmupRecords > 0) {
                send(producer, topic, sample, warmupRecords);
            }
            return send(producer, topic, sample, records);
        }
    }

    private static Result send(KafkaProducer<byte[], byte[]> producer, String topic, TopicSample sample, long records)
            throws Exception {
        List<byte[]> keys = sample.keys();
        List<byte[]> values = sample.values();
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        {
            long t0 = System.nanoTime();
            AtomicLong lastAck = new AtomicLong(t0);
            for (long i = 0; i < records; i++) {
                int j = (int) (i % values.size());
                producer.send(new ProducerRecord<>(topic, keys.get(j), values.get(j)), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                    if (acked.incrementAndGet() == records) {
                        lastAck.set(System.nanoTime());
                        done.countDown();
                    }
                });
            }
            if (!done.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the raw producer did not finish within 5 minutes");
            }
            if (failure.get() != null) {
                throw new IllegalStateException("the raw producer failed: " + failure.get(), failure.get());
            }
            long elapsed = lastAck.get() - t0;
            return new Result(records, elapsed, records * 1e9 / elapsed);
        }
    }
}
