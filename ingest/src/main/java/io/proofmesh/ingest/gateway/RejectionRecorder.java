package io.proofmesh.ingest.gateway;

import io.micrometer.core.instrument.MeterRegistry;
import io.proofmesh.ingest.protocol.ReasonCode;
import io.proofmesh.ingest.protocol.Rejection;
import io.proofmesh.schemas.telemetry.RejectedEvent;
import io.proofmesh.schemas.telemetry.RejectionStage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Counts every refusal by reason code ({@code proofmesh_ingest_rejected_total{code}}) and keeps
 * it, with a bounded copy of the raw bytes, in {@code telemetry.rejected} — keyed by the nodeId
 * when the body named one, so an operator can see what of theirs was refused and why. Sending
 * is fire-and-forget: recording a refusal must never delay or fail the answer. Floods are
 * sampled (see {@code floodSample}).
 */
public final class RejectionRecorder {

    /** Enough to diagnose any request; a flood of maximum-size bodies stays cheap to keep. */
    public static final int MAX_RAW_BYTES = 4096;

    private final Producer<String, SpecificRecord> producer;
    private final String topic;
    private final MeterRegistry metrics;
    /**
     * Rate-limit refusals are counted always but kept only as a sample (10/s per code): writing
     * every request of a flood to Kafka would let an attacker amplify their flood into our topics.
     */
    private final RateLimiter floodSample = new RateLimiter(10, 10, 16);

    public RejectionRecorder(Producer<String, SpecificRecord> producer, String topic, MeterRegistry metrics) {
        this.producer = producer;
        this.topic = topic;
        this.metrics = metrics;
    }

    /**
     * @param nodeId the body's nodeId when it parsed far enough to have one, else null
     * @param seq    the body's seq when known, else null
     */
    public void record(Rejection rejection, String nodeId, Long seq, String sourceAddress, String contentType,
                       byte[] raw, Instant receivedAt) {
        record(rejection, nodeId, seq, sourceAddress, contentType, raw, raw.length, receivedAt);
    }

    /**
     * @param raw     the bytes read (for a body refused by its declared size, only a prefix was read)
     * @param rawSize the body's full size in bytes
     */
    public void record(Rejection rejection, String nodeId, Long seq, String sourceAddress, String contentType,
                       byte[] raw, long rawSize, Instant receivedAt) {
        metrics.counter("proofmesh_ingest_rejected_total", "code", rejection.code().name()).increment();
        boolean flood = rejection.code() == ReasonCode.RATE_LIMITED_SOURCE || rejection.code() == ReasonCode.RATE_LIMITED_NODE;
        if (flood && !floodSample.tryAcquire(rejection.code().name()).allowed()) {
            metrics.counter("proofmesh_ingest_rejections_unsampled_total", "code", rejection.code().name()).increment();
            return;
        }
        byte[] kept = raw.length > MAX_RAW_BYTES ? Arrays.copyOf(raw, MAX_RAW_BYTES) : raw;
        RejectedEvent e = RejectedEvent.newBuilder()
                .setNodeId(nodeId)
                .setReasonCode(rejection.code().name())
                .setMessage(rejection.field() == null ? rejection.message() : rejection.message() + " (at " + rejection.field() + ")")
                .setStage(RejectionStage.INGEST)
                .setSourceAddress(sourceAddress)
                .setReceivedAt(receivedAt)
                .setContentType(contentType)
                .setRawBytes(ByteBuffer.wrap(kept))
                .setRawTruncated(kept.length < rawSize)
                .setRawSize(rawSize)
                .setOriginTopic(null)
                .setOriginPartition(null)
                .setOriginOffset(null)
                .setSeq(seq)
                .setEventIndex(null)
                .setEpoch(null)
                .build();
        try {
            producer.send(new ProducerRecord<>(topic, nodeId, e), (md, ex) -> {
                if (ex != null) {
                    metrics.counter("proofmesh_ingest_rejections_unrecorded_total").increment();
                }
            });
        } catch (RuntimeException ex) { // Kafka away: the refusal is still counted and answered
            metrics.counter("proofmesh_ingest_rejections_unrecorded_total").increment();
        }
    }
}
