package io.proofmesh.app.bench;

import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.schemas.telemetry.Heartbeat;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the scoring bench's input straight to {@code telemetry.heartbeats}, as ingest would but
 * with a producer tuned for bulk (large batches, longer linger): record {@code j} is heartbeat
 * {@code j / nodes + 1} of fleet node {@code j % nodes}, keyed by node id (so the default
 * partitioner spreads the fleet over the 12 partitions), with sentAt rising evenly from
 * {@code firstSentAt} to {@code lastSentAt} — all inside one open epoch.
 */
public final class HeartbeatPreload {

    /** What was written: per-node heartbeat counts follow from (records, nodes). */
    public record Result(long records, int nodes, long elapsedNanos, long valueBytes) {
        public double recordsPerSecond() {
            return records * 1e9 / Math.max(1, elapsedNanos);
        }

        /** Heartbeats node {@code i} received: records are dealt to nodes in turn. */
        public long heartbeatsOf(int i) {
            return records / nodes + (i < records % nodes ? 1 : 0);
        }
    }

    private HeartbeatPreload() {
    }

    public static Result run(KafkaClients kafka, SchemaRegistryClient registry, long records, int nodes, long firstSentAt,
                             long lastSentAt, PrintStream out) throws InterruptedException {
        Map<String, Object> config = kafka.producerConfig("proofmesh-bench-preload");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L << 20);
        String topic = TopicCatalog.HEARTBEATS.name();
        String[] ids = new String[nodes];
        for (int i = 0; i < nodes; i++) {
            ids[i] = BenchHeartbeats.nodeId(i);
        }
        AtomicReference<Exception> failure = new AtomicReference<>();
        AvroSerializer<Heartbeat> serializer = new AvroSerializer<>(registry, false);
        long valueBytes = 0;
        long step = Math.max(1, records / 5);
        long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            long span = Math.max(0, lastSentAt - firstSentAt);
            for (long j = 0; j < records; j++) {
                int node = (int) (j % nodes);
                long sentAt = firstSentAt + (records == 1 ? 0 : span * j / (records - 1));
                byte[] value = serializer.serialize(topic, BenchHeartbeats.heartbeat(ids[node], j / nodes + 1, sentAt));
                valueBytes += value.length;
                producer.send(new ProducerRecord<>(topic, ids[node], value), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                if ((j + 1) % step == 0 || j + 1 == records) {
                    double s = (System.nanoTime() - t0) / 1e9;
                    out.printf("  pre-loaded %,d / %,d heartbeats (%.1f s)%n", j + 1, records, s);
                }
                if (failure.get() != null) {
                    break;
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("pre-loading " + topic + " failed: " + failure.get(), failure.get());
        }
        return new Result(records, nodes, System.nanoTime() - t0, valueBytes);
    }
}
