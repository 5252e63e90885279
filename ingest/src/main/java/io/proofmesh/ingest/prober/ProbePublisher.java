package io.proofmesh.ingest.prober;

import io.proofmesh.schemas.telemetry.LatencyProbe;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes probe results to {@code telemetry.probes}, keyed by nodeId, through an idempotent
 * acks=all producer. Sends are asynchronous (a probe result is not worth blocking the next
 * probe for); a failed send is counted and logged (at most every 10 s), never retried by hand:
 * the producer already retried within its delivery timeout, and a lost probe only makes that
 * node's epoch sample smaller.
 */
public final class ProbePublisher {

    private static final Logger LOG = LoggerFactory.getLogger(ProbePublisher.class);
    private static final long LOG_EVERY_NANOS = 10_000_000_000L;

    private final Producer<String, SpecificRecord> producer;
    private final String topic;
    private final Runnable onFailure;
    private final Consumer<LatencyProbe> onPublished;
    private volatile long lastLog = System.nanoTime() - LOG_EVERY_NANOS;

    public ProbePublisher(Producer<String, SpecificRecord> producer, String topic, Runnable onFailure,
                          Consumer<LatencyProbe> onPublished) {
        this.producer = producer;
        this.topic = topic;
        this.onFailure = onFailure;
        this.onPublished = onPublished;
    }

    public void publish(LatencyProbe probe) {
        try {
            producer.send(new ProducerRecord<>(topic, probe.getNodeId(), probe), (md, e) -> {
                if (e == null) {
                    onPublished.accept(probe);
                } else {
                    failed(probe, e);
                }
            });
        } catch (RuntimeException e) { // buffer full or metadata unavailable within max.block.ms
            failed(probe, e);
        }
    }

    private void failed(LatencyProbe probe, Exception e) {
        onFailure.run();
        long now = System.nanoTime();
        if (now - lastLog >= LOG_EVERY_NANOS) {
            lastLog = now;
            LOG.warn("cannot write the probe result of {} to {}: {} (further failures are only counted for 10 s)",
                    probe.getNodeId(), topic, e.toString());
        }
    }
}
