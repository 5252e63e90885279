package io.proofmesh.settler.audit;

import io.proofmesh.platform.kafka.KafkaClients;
import io.proofmesh.platform.kafka.RecordPolling;
import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroDeserializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads offset ranges of single partitions (read_committed, no consumer group) and decodes them
 * with the registry's schemas. A record that does not decode is skipped and counted, as the
 * processor skips it (it goes to telemetry.rejected as UNDECODABLE there).
 */
final class TopicRangeReader implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<String, byte[]> consumer;
    private final SchemaRegistryClient registry;
    private final Map<Class<?>, AvroDeserializer<?>> decoders = new ConcurrentHashMap<>();
    private final Duration timeout;
    private long undecodable;

    TopicRangeReader(KafkaClients kafka, SchemaRegistryClient registry, Duration timeout) {
        Map<String, Object> config = kafka.consumerConfig(null);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.registry = registry;
        this.timeout = timeout;
    }

    int partitionCount(String topic) {
        return consumer.partitionsFor(topic, timeout).size();
    }

    /** The first offset whose timestamp is at or after {@code timeMillis}; the end offset if none. */
    long offsetAt(TopicPartition tp, long timeMillis) {
        OffsetAndTimestamp o = consumer.offsetsForTimes(Map.of(tp, Math.max(0, timeMillis)), timeout).get(tp);
        return o != null ? o.offset() : endOffset(tp);
    }

    long beginningOffset(TopicPartition tp) {
        return consumer.beginningOffsets(List.of(tp), timeout).get(tp);
    }

    /** The last stable offset (read_committed): everything before it is decided. */
    long endOffset(TopicPartition tp) {
        return consumer.endOffsets(List.of(tp), timeout).get(tp);
    }

    /**
     * Hands {@code each} every committed record of {@code tp} in [{@code from}, {@code to}),
     * decoded as {@code type}; {@code advanced} gets the number of offsets passed after each poll.
     */
    <T extends SpecificRecord> void read(TopicPartition tp, long from, long to, Class<T> type, Consumer<StoredRecord> each,
                                         Consumer<Long> advanced) {
        if (from >= to) {
            return;
        }
        AvroDeserializer<?> decoder = decoders.computeIfAbsent(type, t -> AvroDeserializer.specific(registry, type));
        consumer.assign(List.of(tp));
        consumer.seek(tp, from);
        long deadline = System.nanoTime() + timeout.toNanos();
        long position = from;
        while (position < to) {
            if (System.nanoTime() > deadline) {
                throw new AuditException("reading " + tp + " from offset " + from + " to " + to + " stalled at offset "
                        + position + " for " + timeout + "; check that the broker is reachable");
            }
            for (ConsumerRecord<String, byte[]> r : RecordPolling.poll(consumer, POLL)) {
                if (r.offset() >= to) {
                    break;
                }
                each.accept(new StoredRecord(r.topic(), r.partition(), r.offset(), r.timestamp(), r.key(),
                        decode(decoder, r)));
            }
            long now = Math.min(consumer.position(tp), to);
            if (now > position) {
                deadline = System.nanoTime() + timeout.toNanos(); // the timeout bounds a stall, not a long read
            }
            advanced.accept(now - position);
            position = now;
        }
    }

    private Object decode(AvroDeserializer<?> decoder, ConsumerRecord<String, byte[]> r) {
        if (r.value() == null) {
            return null;
        }
        try {
            return decoder.deserialize(r.topic(), r.value());
        } catch (RuntimeException e) {
            undecodable++;
            return Undecodable.INSTANCE;
        }
    }

    /** Records skipped because they did not decode. */
    long undecodable() {
        return undecodable;
    }

    /** Stands for a value that did not decode (skipped like the processor skips it). */
    enum Undecodable { INSTANCE }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
