package io.proofmesh.platform.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: byte 0 is the magic 0, bytes 1-4 the big-endian schema id,
 * the rest is the Avro binary encoding. Every tool that reads Confluent-framed Avro (kcat,
 * ksqlDB, Flink, Spark, KafkaJS) reads our topics because of this framing.
 */
public final class WireFormat {

    public static final byte MAGIC = 0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** The schema id of a framed payload; fails with the topic named when the framing is wrong. */
    public static int schemaId(String topic, byte[] payload) {
        if (payload.length < HEADER_SIZE) {
            throw new SerializationException("topic " + topic + ": record of " + payload.length
                    + " bytes is too short for the Confluent wire format (magic byte + 4-byte schema id)");
        }
        if (payload[0] != MAGIC) {
            throw new SerializationException("topic " + topic + ": record starts with byte 0x"
                    + String.format("%02x", payload[0]) + ", not the Confluent magic byte 0x00; "
                    + "it was not written by a schema-registry-aware Avro serializer");
        }
        return ByteBuffer.wrap(payload, 1, 4).getInt();
    }

    static void writeHeader(byte[] target, int schemaId) {
        target[0] = MAGIC;
        target[1] = (byte) (schemaId >>> 24);
        target[2] = (byte) (schemaId >>> 16);
        target[3] = (byte) (schemaId >>> 8);
        target[4] = (byte) schemaId;
    }
}
