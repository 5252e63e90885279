package io.proofmesh.ingest.gateway;

import io.proofmesh.ingest.protocol.MappedEvent;
import io.proofmesh.ingest.protocol.Receipt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes a request's events and waits until Kafka acknowledged every one (the producer is
 * idempotent with acks=all): only then may ingest answer 202. If any event fails or the wait
 * times out, the whole request fails with {@link KafkaUnavailableException} (503); events that
 * did get written are harmless, because the agent's retry of the same body is deduplicated
 * downstream by (nodeId, seq, eventIndex).
 */
public final class TelemetryPublisher {

    private final Producer<String, SpecificRecord> producer;
    private final Duration ackTimeout;

    public TelemetryPublisher(Producer<String, SpecificRecord> producer, Duration ackTimeout) {
        this.producer = producer;
        this.ackTimeout = ackTimeout;
    }

    public List<Receipt.EventPosition> publish(List<MappedEvent> events) throws KafkaUnavailableException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        try {
            for (MappedEvent e : events) {
                acks.add(producer.send(new ProducerRecord<>(e.topic(), e.key(), e.value())));
            }
        } catch (RuntimeException e) { // buffer full or metadata unavailable within max.block.ms
            throw new KafkaUnavailableException(e);
        }
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        List<Receipt.EventPosition> positions = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            try {
                RecordMetadata md = acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                positions.add(new Receipt.EventPosition(events.get(i).eventIndex(), md.topic(), md.partition(), md.offset()));
            } catch (ExecutionException | TimeoutException e) {
                throw new KafkaUnavailableException(e.getCause() == null ? e : e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaUnavailableException(e);
            }
        }
        return positions;
    }

    /** Kafka did not acknowledge in time: the client should retry after a short wait. */
    public static final class KafkaUnavailableException extends Exception {
        public KafkaUnavailableException(Throwable cause) {
            super("Kafka did not acknowledge the events: " + cause, cause, false, false);
        }
    }
}
