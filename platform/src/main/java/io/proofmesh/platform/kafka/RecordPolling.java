package io.proofmesh.platform.kafka;

import io.proofmesh.platform.serde.UndecodableRecordException;
import java.time.Duration;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.RecordDeserializationException;

/** Polls a consumer, turning Kafka's decode failure into one that names topic, partition, offset and schema id. */
public final class RecordPolling {

    private RecordPolling() {
    }

    public static <K, V> ConsumerRecords<K, V> poll(Consumer<K, V> consumer, Duration timeout) {
        try {
            return consumer.poll(timeout);
        } catch (RecordDeserializationException e) {
            throw new UndecodableRecordException(e);
        }
    }
}
