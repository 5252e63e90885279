package io.proofmesh.streams.errors;

import io.proofmesh.platform.registry.SchemaRegistryClient;
import io.proofmesh.platform.serde.AvroSerializer;
import io.proofmesh.schemas.telemetry.RejectedEvent;
import io.proofmesh.schemas.telemetry.RejectionStage;
import io.proofmesh.schemas.topics.TopicCatalog;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Builds the {@code telemetry.rejected} record for an input the processor could not use: reason
 * code, message, the raw bytes (up to 64 KiB) and where they came from.
 */
final class RejectedRecords {

    static final int MAX_RAW = 64 * 1024;

    private final AvroSerializer<RejectedEvent> serializer;

    private RejectedRecords(AvroSerializer<RejectedEvent> serializer) {
        this.serializer = serializer;
    }

    static RejectedRecords from(Map<String, ?> configs) {
        Object url = configs.get(AvroSerializer.REGISTRY_URL_CONFIG);
        if (url == null) {
            throw new IllegalStateException("the error handlers need '" + AvroSerializer.REGISTRY_URL_CONFIG
                    + "' in the Streams config to write telemetry.rejected");
        }
        return new RejectedRecords(new AvroSerializer<>(new SchemaRegistryClient(url.toString()), false));
    }

    ProducerRecord<byte[], byte[]> record(String code, String message, byte[] key, byte[] raw, String topic, int partition,
                                          long offset, long timestamp) {
        String nodeId = key == null ? null : new String(key, StandardCharsets.UTF_8);
        if (nodeId != null && !nodeId.matches("0x[0-9a-f]{40}")) {
            nodeId = null; // only a well-formed node id is charged to a node
        }
        byte[] bytes = raw == null ? new byte[0] : raw;
        RejectedEvent r = RejectedEvent.newBuilder()
                .setNodeId(nodeId)
                .setReasonCode(code)
                .setMessage(message)
                .setStage(RejectionStage.PROCESSOR)
                .setSourceAddress(null)
                .setReceivedAt(Instant.ofEpochMilli(timestamp < 0 ? 0 : timestamp))
                .setContentType("application/vnd.kafka.avro.v2+binary")
                .setRawBytes(ByteBuffer.wrap(Arrays.copyOf(bytes, Math.min(bytes.length, MAX_RAW))))
                .setRawTruncated(bytes.length > MAX_RAW)
                .setRawSize(bytes.length)
                .setOriginTopic(topic)
                .setOriginPartition(partition)
                .setOriginOffset(offset)
                .setSeq(null)
                .setEventIndex(null)
                .setEpoch(null)
                .build();
        String target = TopicCatalog.REJECTED.name();
        return new ProducerRecord<>(target, null, key, serializer.serialize(target, r));
    }
}
